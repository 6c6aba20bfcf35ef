# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The demo data loads, is what the README promises, and loads again
without creating anything twice."""
import datetime as dt
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)

import demo.geography
import demo.membership
import demo.onboarding
import demo.purchasing
import demo.training


class DemoTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(
            ['coop_central_purchase', 'coop_supplier_onboarding'])

    @classmethod
    def tearDownClass(cls):
        drop_db()

    @with_transaction()
    def test_membership_demo(self):
        pool = Pool()
        Party = pool.get('party.party')
        Membership = pool.get('coop.membership')
        User = pool.get('res.user')
        WebUser = pool.get('web.user')
        demo.geography.load()
        demo.membership.load()

        federations = Party.search([('coop_kind', '=', 'federation')])
        consumers = Party.search([('coop_kind', '=', 'consumer')])
        workers = Party.search([('coop_kind', '=', 'worker')])
        self.assertEqual(
            {p.name.split(' - ')[0] for p in federations},
            {'FACC', 'FECOOTRA'})
        self.assertGreaterEqual(len(consumers), 12)
        self.assertGreaterEqual(len(workers), 12)
        self.assertIn(
            "Cooperativa Obrera Ltda. de Consumo y Vivienda",
            {p.name for p in consumers})
        for party in federations + consumers + workers:
            self.assertTrue(party.cuit)
            self.assertTrue(party.province)
            self.assertTrue(party.addresses[0].city)
        self.assertEqual(
            {p.supplier_status for p in workers},
            {'prospect', 'approved', 'suspended'})
        self.assertEqual(
            Membership.search_count([]), len(consumers) + len(workers))
        self.assertEqual(
            {m.state for m in Membership.search([])},
            {'applicant', 'active', 'suspended'})

        for login, _, password, _ in demo.membership.STAFF:
            user, = User.search([('login', '=', login)])
            self.assertEqual(
                User.get_login(login, {'password': password}), user.id)
            self.assertEqual(user.language.code, 'es_419')
        for email, password, role, _ in demo.membership.WEB_USERS:
            web_user = WebUser.authenticate(email, password)
            self.assertEqual(web_user.coop_role, role)

        counts = [Party.search_count([]), Membership.search_count([]),
            User.search_count([]), WebUser.search_count([])]
        demo.membership.load()
        self.assertEqual(counts, [
                Party.search_count([]), Membership.search_count([]),
                User.search_count([]), WebUser.search_count([])])

    @with_transaction()
    def test_purchasing_demo(self):
        pool = Pool()
        Company = pool.get('company.company')
        User = pool.get('res.user')
        Template = pool.get('product.template')
        ProductSupplier = pool.get('purchase.product_supplier')
        Round = pool.get('coop.round')
        Offer = pool.get('coop.round.offer')
        Order = pool.get('coop.round.order')
        Line = pool.get('coop.round.order.line')
        Purchase = pool.get('purchase.purchase')
        Sale = pool.get('sale.sale')
        demo.geography.load()
        demo.membership.load()
        demo.purchasing.load()

        company, = Company.search([])
        self.assertEqual(company.party.name.split(' - ')[0], 'FACC')
        self.assertEqual(company.currency.code, 'ARS')
        for user in User.search([
                    ('login', 'in', demo.purchasing.COMPANY_LOGINS)]):
            self.assertEqual(user.company, company)

        templates = Template.search([('coop_reference_price', '!=', None)])
        self.assertGreaterEqual(len(templates), 20)
        for template in templates:
            self.assertTrue(template.purchasable and template.salable)
            self.assertTrue(template.account_category)
            supplier, = template.product_suppliers
            self.assertEqual(supplier.party.supplier_status, 'approved')

        # The staff see the rounds through the company rules
        open_round, = Round.search([('state', '=', 'open')])
        self.assertTrue(open_round.is_ordering_open())
        self.assertGreater(open_round.closes - dt.datetime.now(),
            dt.timedelta(days=7))
        self.assertEqual(open_round.delivery_model, 'hub')
        self.assertEqual(open_round.minimum_policy, 'cancel')
        self.assertEqual(open_round.hub_warehouse.address.city, "Rosario")
        self.assertEqual(len(open_round.offers), len(templates))
        self.assertGreaterEqual(len(open_round.orders), 5)
        self.assertIn("Cooperativa de Consumo La Esperanza Ltda.",
            {o.cooperative.name for o in open_round.orders})
        self.assertTrue(Line.search([
                    ('order.round', '=', open_round.id),
                    ('supplier.name', 'like', '%Textil Unidos%'),
                    ]))

        offers = open_round.offers
        tiered = [o for o in offers if o.tiers]
        self.assertTrue(any(
                o.current_unit_price < o.unit_price for o in tiered))
        self.assertTrue(any(
                o.current_unit_price == o.unit_price for o in tiered))
        self.assertTrue(any(o.missing_to_minimum for o in offers))
        for order in open_round.orders:
            self.assertGreater(order.savings, 0)

        past_round, = Round.search([('state', '=', 'consolidated')])
        self.assertLess(past_round.closes, open_round.opens)
        self.assertTrue({'ok', 'allocated', 'below_minimum_cancelled',
                'no_demand'} <= {o.consolidation for o in past_round.offers})
        self.assertTrue(past_round.purchases)
        self.assertEqual(
            {s.party for s in past_round.sales},
            {o.cooperative for o in past_round.orders})

        models = [Company, Template, ProductSupplier, Round, Offer, Order,
            Line, Purchase, Sale, pool.get('currency.currency'),
            pool.get('product.category'), pool.get('party.address')]
        counts = [M.search_count([]) for M in models]
        demo.geography.load()
        demo.membership.load()
        demo.purchasing.load()
        self.assertEqual(counts, [M.search_count([]) for M in models])

    @with_transaction()
    def test_training_demo(self):
        pool = Pool()
        Course = pool.get('coop.training.course')
        Session = pool.get('coop.training.session')
        Enrolment = pool.get('coop.training.enrolment')
        Meeting = pool.get('coop.training.meeting')
        Action = pool.get('coop.training.meeting.action')
        demo.geography.load()
        demo.membership.load()
        demo.purchasing.load()
        demo.training.load()

        self.assertEqual(
            {c.topic for c in Course.search([])},
            {'selling_at_scale', 'logistics', 'food_safety',
                'electronic_invoicing', 'governance'})
        sessions = Session.search([])
        self.assertEqual(
            {s.state for s in sessions}, {'planned', 'confirmed', 'done'})
        self.assertTrue(any(
                s.waiting_count and not s.places_left for s in sessions))
        self.assertEqual(
            {e.state for e in Enrolment.search([])},
            {'enrolled', 'waiting', 'attended', 'no_show'})
        enrolment = demo.training.onboarding_enrolment()
        self.assertEqual(enrolment.state, 'enrolled')
        self.assertEqual(enrolment.course.name, "Venta a gran escala")
        self.assertEqual(enrolment.cooperative.supplier_status, 'prospect')
        meeting, = Meeting.search([])
        self.assertIn('IT', {c.code for c in meeting.countries})
        self.assertTrue(Action.search([('overdue', '=', True)]))

        models = [Course, Session, Enrolment, Meeting, Action,
            pool.get('party.party')]
        counts = [M.search_count([]) for M in models]
        demo.training.load()
        self.assertEqual(counts, [M.search_count([]) for M in models])

        Enrolment.mark_attended([enrolment])
        self.assertEqual(
            Enrolment.attended_courses([enrolment.cooperative]),
            {enrolment.cooperative.id: {enrolment.course.id}})

    @with_transaction()
    def test_onboarding_demo(self):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Listing = pool.get('coop.onboarding.listing')
        Enrolment = pool.get('coop.training.enrolment')
        for loader in [demo.geography, demo.membership, demo.purchasing,
                demo.training, demo.onboarding]:
            loader.load()

        applications = Application.search([])
        self.assertEqual({a.state for a in applications}, {'submitted',
                'documents', 'assessment', 'on_hold', 'approved', 'rejected'})
        for application in applications:
            self.assertEqual(application.state == 'approved',
                application.cooperative.supplier_status != 'prospect')

        # Blocked for a missing training, unblocked by the attendance
        blocked, = Application.search([
                ('cooperative.cuit', '=', demo.onboarding.BLOCKED_BY_TRAINING),
                ('state', '=', 'assessment')])
        self.assertIn("Venta a gran escala", blocked.blocking_reasons)
        Enrolment.mark_attended([demo.training.onboarding_enrolment()])
        blocked = Application(blocked.id)
        self.assertIsNone(blocked.blocking_reasons)

        self.assertEqual({l.state for l in Listing.search([])},
            {'draft', 'submitted', 'approved', 'rejected'})
        self.assertTrue(Listing.search([('product', '!=', None)]))

        models = [Application, Listing, pool.get('coop.onboarding.document'),
            pool.get('product.template'), pool.get('coop.training.session')]
        counts = [M.search_count([]) for M in models]
        demo.onboarding.load()
        self.assertEqual(counts, [M.search_count([]) for M in models])
