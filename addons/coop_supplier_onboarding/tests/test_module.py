# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import unittest
from decimal import Decimal as D
from unittest.mock import patch

from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.coop_membership.tests.test_module import create_coop
from trytond.modules.coop_supplier_onboarding.exceptions import ApprovalError
from trytond.modules.coop_supplier_onboarding.scoring import (
    assessment, first_rising_break, readiness, share)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

WORKERS = [
    ("Cooperativa de Trabajo Textil Unidos Ltda.", '30-61773815-1', '301'),
    ("Cooperativa de Trabajo La Litoraleña Ltda.", '30-56989438-3', '302'),
    ("Cooperativa de Trabajo Lácteos del Centro Ltda.", '30-66644155-5',
        '303'),
    ]


def create_applications(categories):
    "One application of a new worker co-op for each set of categories"
    pool = Pool()
    Application = pool.get('coop.onboarding.application')
    return Application.create([{
                'cooperative': create_coop('worker', name, cuit, inaes).id,
                'products_description': name,
                'categories': [('add', [c.id for c in category_set])],
                } for (name, cuit, inaes), category_set in zip(
                WORKERS, categories)])


class ScoringTestCase(unittest.TestCase):
    "The arithmetic of readiness and price breaks"

    def test_share(self):
        self.assertEqual(share(1, 4), 0.25)
        self.assertEqual(share(0, 0), 1.0)

    def test_assessment_weighted(self):
        "Scores are weighted and over 10"
        score, progress = assessment([(8, 2), (5, 1)], 0.6)
        self.assertEqual(score, 0.7)
        self.assertEqual(progress, 1.0)

    def test_assessment_below_minimum(self):
        score, progress = assessment([(3, 1), (6, 1)], 0.6)
        self.assertEqual(score, 0.45)
        self.assertAlmostEqual(progress, 0.75)

    def test_assessment_unscored(self):
        "An unscored criterion counts as 0 and keeps the progress below 1"
        score, progress = assessment([(10, 1), (None, 1)], 0.5)
        self.assertEqual(score, 0.5)
        self.assertEqual(progress, 0.5)

    def test_assessment_empty(self):
        self.assertEqual(assessment([], 0.6), (None, 0.0))

    def test_readiness(self):
        self.assertEqual(readiness(1, 1, 1), 1)
        self.assertEqual(readiness(0.5, 0.25, 0), 0.25)

    def test_first_rising_break(self):
        self.assertIsNone(first_rising_break(D(10), []))
        self.assertIsNone(
            first_rising_break(D(10), [(10.0, D(8)), (5.0, D(9))]))
        # A price that rises with the quantity
        self.assertEqual(
            first_rising_break(D(10), [(5.0, D(8)), (10.0, D(9))]),
            ((5.0, D(8)), (10.0, D(9))))
        # A break that costs as much as the base price
        self.assertEqual(
            first_rising_break(D(10), [(5.0, D(10))]),
            ((0, D(10)), (5.0, D(10))))


class CoopSupplierOnboardingTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Coop Supplier Onboarding module"
    module = 'coop_supplier_onboarding'

    @with_transaction()
    def test_required_types(self):
        "Documents are required of all, of food or of some categories"
        pool = Pool()
        Category = pool.get('product.category')
        DocumentType = pool.get('coop.onboarding.document.type')
        Application = pool.get('coop.onboarding.application')
        food, linen = Category.create([
                {'name': "Alimentos", 'coop_food': True},
                {'name': "Blanquería"},
                ])
        jams, towels = Category.create([
                {'name': "Dulces", 'parent': food.id},
                {'name': "Toallas", 'parent': linen.id},
                ])
        DocumentType.create([{
                    'name': "Certificado textil",
                    'code': 'TEX',
                    'required_for': 'categories',
                    'categories': [('add', [linen.id])],
                    }, {
                    'name': "Certificación orgánica",
                    'code': 'ORG',
                    'required_for': 'optional',
                    }])
        sweets, textile, none = create_applications(
            [[jams], [towels], []])

        required = Application.get_required_types([sweets, textile, none])
        self.assertEqual(
            {t.code for t in required[sweets.id]},
            {'AFIP', 'INAES', 'RNE', 'RNPA'})
        self.assertEqual(
            {t.code for t in required[textile.id]}, {'AFIP', 'INAES', 'TEX'})
        self.assertEqual(
            {t.code for t in required[none.id]}, {'AFIP', 'INAES'})

    @with_transaction()
    def test_readiness_set_based(self):
        "The readiness of many applications is computed at once"
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Document = pool.get('coop.onboarding.document')
        Enrolment = pool.get('coop.training.enrolment')
        applications = create_applications([[], [], []])

        with patch.object(Enrolment, 'attended_courses',
                    wraps=Enrolment.attended_courses) as attended, \
                patch.object(Document, 'get_best',
                    wraps=Document.get_best) as documents:
            readiness = [a.readiness for a in Application.browse(
                    [a.id for a in applications])]
        self.assertEqual(attended.call_count, 1)
        self.assertEqual(documents.call_count, 1)
        # No training is required: one third is done
        self.assertEqual(readiness, [0.3333] * 3)

    @with_transaction()
    def test_approve_blocked(self):
        "Approval lists what blocks it and changes nothing"
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        application, = create_applications([[]])
        Application.write([application], {'state': 'assessment'})

        with self.assertRaises(ApprovalError) as cm:
            Application.approve([application])
        message = cm.exception.message
        for reason in application.blocking_reasons.splitlines():
            self.assertIn(reason, message)
        self.assertEqual(application.state, 'assessment')
        self.assertEqual(application.cooperative.supplier_status, 'prospect')


del ModuleTestCase
