# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import unittest

from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.coop_portal.web import check_csrf_token, csrf_token
from trytond.tests.test_tryton import ModuleTestCase


class CSRFTestCase(unittest.TestCase):

    def test_token(self):
        token = csrf_token('key')
        self.assertTrue(check_csrf_token('key', token))
        self.assertFalse(check_csrf_token('other', token))
        self.assertFalse(check_csrf_token('key', ''))
        self.assertFalse(check_csrf_token('', csrf_token('')))


class CoopPortalTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Coop Portal module"
    module = 'coop_portal'
    extras = ['coop_supplier_onboarding']


del ModuleTestCase
