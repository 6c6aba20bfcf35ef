# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The demo data loads, is what the README promises, and loads again
without creating anything twice; with the README's logins, a buyer and a
supplier walk the shop and the supplier portal."""
import datetime as dt
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction

import demo
import demo.geography
import demo.membership
import demo.onboarding
import demo.purchasing
import demo.training
import portal_fixtures
from portal_client import PortalClient, found, text


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


def argentine(number):
    "A whole number as the demo's es_419 writes it: 1.234"
    return '{:,.0f}'.format(number).replace(',', '.')


class DemoPortalTestCase(unittest.TestCase):
    "With the README's logins, a buyer and a supplier walk the portal"

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['coop_portal', 'coop_supplier_onboarding'])

        def load():
            # As python -m demo loads it
            with Transaction().set_context(language='es_419'):
                demo.load()
        portal_fixtures.in_transaction(DB_NAME, load)

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def login(self, email):
        passwords = {e: p for e, p, _, _ in demo.membership.WEB_USERS}
        client = PortalClient()
        response = client.login(email, passwords[email])
        self.assertEqual(response.status_code, 303, text(response))
        return client

    def test_buyer(self):
        def facts():
            pool = Pool()
            Round = pool.get('coop.round')
            Order = pool.get('coop.round.order')
            open_round, = Round.search([('state', '=', 'open')])
            past_round, = Round.search([('state', '=', 'consolidated')])
            orders = Order.search([
                    ('cooperative.name', '=',
                        "Cooperativa de Consumo La Esperanza Ltda."),
                    ])
            order, = [o for o in orders if o.round == open_round]
            line = [l for l in order.lines if l.offer.product.code
                == 'YER-1000'][0]
            return {
                'round': open_round.id,
                'rounds': {open_round.name, past_round.name},
                'offers': len(open_round.offers),
                'yerba': [o.product.name for o in open_round.offers
                    if 'yerba' in o.product.name.lower()],
                'orders': len(orders),
                'offer': line.offer.id,
                'quantity': line.quantity,
                'step': line.offer.quantity_step,
                'combined': line.offer.ordered_quantity,
                }
        facts = portal_fixtures.in_transaction(DB_NAME, facts, readonly=True)
        client = self.login('compras@laesperanza.example')

        body = text(client.page('shop/'))
        self.assertIn('shop/round/%s' % facts['round'], body)
        body = text(client.page('shop/round/%s' % facts['round']))
        self.assertIn("Cooperativa de Consumo La Esperanza", body)
        self.assertIn(found(facts['offers']), body)
        body = text(client.page('shop/round/%s?q=yerba' % facts['round']))
        self.assertTrue(facts['yerba'])
        self.assertIn(found(len(facts['yerba'])), body)
        for name in facts['yerba']:
            self.assertIn(name, body)

        # One more case of yerba: the card answers with the new combined
        # quantity
        quantity = facts['quantity'] + facts['step']
        response = client.send('shop/offer/%s' % facts['offer'],
            {'quantity': '%g' % quantity}, headers={'HX-Request': 'true'})
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertIn('value="%g"' % quantity, body)
        self.assertIn('data-testid="combined">%s<' % argentine(
                facts['combined'] + facts['step']), body)

        body = text(client.page('shop/orders'))
        for name in facts['rounds']:
            self.assertIn(name, body)
        self.assertEqual(body.count('shop/order/'), facts['orders'])

    def test_supplier(self):
        def facts():
            pool = Pool()
            Round = pool.get('coop.round')
            Purchase = pool.get('purchase.purchase')
            open_round, = Round.search([('state', '=', 'open')])
            mine = [o for o in open_round.offers
                if 'Textil Unidos' in o.supplier.name]
            names = [o.product.name for o in mine]
            purchases = Purchase.search([('state', '!=', 'cancelled')])
            return {
                'round': open_round.id,
                'mine': {o.id: (o.product.name, o.ordered_quantity)
                    for o in mine},
                # of other suppliers, unless a name of its own holds it
                'others': {o.product.name for o in open_round.offers
                    if o not in mine
                    and not any(o.product.name in n for n in names)},
                'purchases': {p.id for p in purchases
                    if 'Textil Unidos' in p.party.name},
                'all_purchases': {p.id for p in purchases},
                }
        facts = portal_fixtures.in_transaction(DB_NAME, facts, readonly=True)
        client = self.login('ventas@textilunidos.example')

        body = text(client.page('supplier/'))
        self.assertIn('supplier/round/%s' % facts['round'], body)
        body = text(client.page('supplier/round/%s' % facts['round']))
        self.assertTrue(facts['mine'])
        for offer_id, (name, quantity) in facts['mine'].items():
            self.assertIn(name, body)
            self.assertIn('data-testid="demand-%s">%s ' % (
                    offer_id, argentine(quantity)), body)
        self.assertTrue(facts['others'])
        for name in facts['others']:
            self.assertNotIn(name, body)

        body = text(client.page('supplier/purchases'))
        self.assertTrue(facts['purchases'])
        for purchase_id in facts['all_purchases']:
            link = 'supplier/purchase/%s"' % purchase_id
            self.assertEqual(
                link in body, purchase_id in facts['purchases'])
        purchase_id = min(facts['purchases'])
        response = client.page('supplier/purchase/%s' % purchase_id)
        self.assertEqual(response.status_code, 200)
