# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The access matrix of the portal: every route with every role
(anonymous, buyer A, buyer B, supplier X, supplier Y) and with another
co-op's ids. What is refused answers 303 to the login page (anonymous
GET), 401 (anonymous POST), 403 (another role) or 404 (another co-op's
record), and changes nothing in the database."""
import io
import unittest
from decimal import Decimal

from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, drop_db)
from trytond.transaction import Transaction

import portal_fixtures
from portal_client import PortalClient, text
from portal_fixtures import USERS

ROLES = ['anonymous', 'buyer_a', 'buyer_b', 'supplier_x', 'supplier_y']

# (method, path, who may: a role or one user, form)
ROUTES = [
    ('GET', 'shop/', 'buyer', None),
    ('GET', 'shop/round/{round}', 'buyer', None),
    ('GET', 'shop/offer/{offer_x}', 'buyer', None),
    ('POST', 'shop/offer/{offer_x}', 'buyer', {'quantity': '6'}),
    ('GET', 'shop/orders', 'buyer', None),
    ('GET', 'shop/order/{order_a}', 'buyer_a', None),
    ('GET', 'shop/deliveries', 'buyer', None),
    ('GET', 'shop/invoices', 'buyer', None),
    ('GET', 'shop/invoice/{invoice_a}', 'buyer_a', None),
    ('GET', 'supplier/', 'supplier', None),
    ('GET', 'supplier/round/{round}', 'supplier', None),
    ('GET', 'supplier/purchases', 'supplier', None),
    ('GET', 'supplier/purchase/{purchase_x}', 'supplier_x', None),
    ('POST', 'supplier/purchase/{purchase_x}/confirm', 'supplier_x', {}),
    ('POST', 'supplier/purchase/{purchase_x}/ship', 'supplier_x', {}),
    ('GET', 'supplier/invoices', 'supplier', None),
    ('POST', 'supplier/invoice/{invoice_y}', 'supplier_y',
        {'reference': 'F-1', 'cae': '12345678901234'}),
    ('GET', 'supplier/application', 'supplier', None),
    ('POST', 'supplier/application', 'supplier_y', 'document'),
    ('GET', 'supplier/listings', 'supplier', None),
    ('POST', 'supplier/listings', 'supplier', 'listing'),
    ('GET', 'portal/training', 'any', None),
    ('POST', 'portal/training', 'any', 'enrol'),
    ]


def snapshot():
    "What the portal may change, as comparable values"
    pool = Pool()
    Line = pool.get('coop.round.order.line')
    Purchase = pool.get('purchase.purchase')
    Invoice = pool.get('account.invoice')
    Enrolment = pool.get('coop.training.enrolment')
    Document = pool.get('coop.onboarding.document')
    Listing = pool.get('coop.onboarding.listing')
    return (
        sorted((l.id, l.quantity) for l in Line.search([])),
        sorted((p.id, p.state, p.coop_supplier_confirmed,
                p.coop_supplier_shipped) for p in Purchase.search([])),
        sorted((i.id, i.state, i.reference, i.coop_afip_cae)
            for i in Invoice.search([])),
        Enrolment.search_count([]),
        Document.search_count([]),
        Listing.search_count([]),
        )


class PortalAccessTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(['coop_portal', 'coop_supplier_onboarding'])

        def build():
            cls.ids = portal_fixtures.build()
            cls.setUpData()
        portal_fixtures.in_transaction(DB_NAME, build, user=1)

    @classmethod
    def setUpData(cls):
        "Orders of A and B, consolidated; X's order confirmed with its "
        "invoice; a posted invoice of A; an application of Y"
        from trytond.modules.account.tests import get_fiscalyear
        from trytond.modules.account_invoice.tests import (
            set_invoice_sequences)
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Order = pool.get('coop.round.order')
        Party = pool.get('party.party')
        Purchase = pool.get('purchase.purchase')
        Invoice = pool.get('account.invoice')
        Account = pool.get('account.account')
        FiscalYear = pool.get('account.fiscalyear')
        Application = pool.get('coop.onboarding.application')
        DocumentType = pool.get('coop.onboarding.document.type')
        Category = pool.get('product.category')
        Uom = pool.get('product.uom')
        ids = cls.ids
        with Transaction().set_context(company=ids['company']):
            for party, offer, quantity in [
                    ('buyer_a', 'offer_x', 18), ('buyer_b', 'offer_x', 12),
                    ('buyer_a', 'offer_y', 5), ('buyer_b', 'offer_y', 3)]:
                Order.set_quantity(
                    Party(ids[party]), Offer(ids[offer]), quantity)
            ids['order_a'], = [o.id for o in Order.search([
                        ('cooperative', '=', ids['buyer_a'])])]
            portal_fixtures.consolidate(ids['round'])
            purchase_x, = Purchase.search([('party', '=', ids['supplier_x'])])
            purchase_y, = Purchase.search([('party', '=', ids['supplier_y'])])
            ids['purchase_x'] = purchase_x.id
            Purchase.quote([purchase_x, purchase_y])
            Purchase.confirm([purchase_y])
            Purchase.process([purchase_y])
            invoice_y, = Invoice.search([('party', '=', ids['supplier_y'])])
            ids['invoice_y'] = invoice_y.id
            # Confirmed and invoiced through the portal by X itself below
            fiscalyear = set_invoice_sequences(
                get_fiscalyear(Party(ids['company']) and
                    pool.get('company.company')(ids['company'])))
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
            revenue, = Account.search([
                    ('type.revenue', '=', True), ('closed', '!=', True)],
                limit=1)
            party_a = Party(ids['buyer_a'])
            invoice_a, = Invoice.create([{
                        'type': 'out',
                        'journal': pool.get('account.journal').search([
                                ('type', '=', 'revenue')], limit=1)[0].id,
                        'party': party_a.id,
                        'invoice_address': party_a.addresses[0].id,
                        'company': ids['company'],
                        'currency': pool.get('company.company')(
                            ids['company']).currency.id,
                        'account': party_a.account_receivable_used.id,
                        'lines': [('create', [{
                                        'account': revenue.id,
                                        'description': "Yerba",
                                        'quantity': 1,
                                        'unit_price': Decimal('100'),
                                        }])],
                        }])
            Invoice.post([invoice_a])
            ids['invoice_a'] = invoice_a.id
            Application.create([{
                        'cooperative': ids['supplier_y'],
                        'contact_name': "Rosa",
                        'products_description': "Limpieza"}])
            ids['document_type'] = DocumentType.search([], limit=1)[0].id
            ids['category'] = Category.search(
                [('accounting', '=', False)], limit=1)[0].id
            ids['unit'] = Uom.search([], limit=1)[0].id

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def form(self, form):
        if form == 'document':
            return {'type': str(self.ids['document_type']),
                'number': '1', 'expiry_date': '2099-01-01',
                'file': (io.BytesIO(b'x'), 'x.pdf')}
        if form == 'listing':
            return {'name': "Nuevo", 'category': self.ids['category'],
                'unit': self.ids['unit'], 'unit_price': '10'}
        if form == 'enrol':
            return {'session': self.ids['session'], 'participant': "Eva"}
        return dict(form or {})

    def clients(self):
        clients = {'anonymous': PortalClient()}
        clients['anonymous'].page('portal/login')
        for name in ROLES[1:]:
            client = PortalClient()
            response = client.login(USERS[name][0])
            self.assertEqual(response.status_code, 303)
            clients[name] = client
        return clients

    def expected(self, who, allowed):
        "The status refusing who, or None when who may"
        if who == 'anonymous':
            return 'anonymous'
        role = USERS[who][1]
        if allowed == 'any':
            return None
        if allowed in {'buyer', 'supplier'}:
            return None if role == allowed else 403
        if USERS[allowed][1] != role:
            return 403
        return None if who == allowed else 404

    def test_matrix(self):
        clients = self.clients()
        checked = 0
        for method, path, allowed, form in ROUTES:
            url = path.format(**self.ids)
            for who in ROLES:
                expected = self.expected(who, allowed)
                if expected is None:
                    continue
                before = portal_fixtures.in_transaction(
                    DB_NAME, snapshot, readonly=True)
                client = clients[who]
                if method == 'GET':
                    response = client.page(url)
                else:
                    response = client.send(url, self.form(form))
                with self.subTest(method=method, path=path, who=who):
                    if expected == 'anonymous':
                        if method == 'GET':
                            self.assertEqual(response.status_code, 303)
                            self.assertIn(
                                '/portal/login', response.location)
                        else:
                            self.assertEqual(response.status_code, 401)
                    else:
                        self.assertEqual(response.status_code, expected)
                    self.assertNotIn(
                        'Cooperativa A de Consumo' if who != 'buyer_a'
                        else 'Cooperativa B de Consumo', text(response))
                    after = portal_fixtures.in_transaction(
                        DB_NAME, snapshot, readonly=True)
                    self.assertEqual(before, after)
                checked += 1
        self.assertGreater(checked, 50)

    def test_owners_may(self):
        "The same routes answer their owners (GET)"
        clients = self.clients()
        for method, path, allowed, form in ROUTES:
            if method != 'GET':
                continue
            who = {'buyer': 'buyer_a', 'supplier': 'supplier_x',
                'any': 'buyer_a'}.get(allowed, allowed)
            response = clients[who].page(path.format(**self.ids))
            with self.subTest(path=path, who=who):
                self.assertEqual(response.status_code, 200)

    def test_invoice_download(self):
        client = PortalClient()
        client.login(USERS['buyer_a'][0])
        response = client.page('shop/invoices')
        self.assertIn('/shop/invoice/%s' % self.ids['invoice_a'],
            text(response))
        response = client.page('shop/invoice/%s' % self.ids['invoice_a'])
        self.assertEqual(response.status_code, 200)
        self.assertIn('attachment', response.headers['Content-Disposition'])
        self.assertTrue(response.get_data())
        # A supplier invoice is no buyer's to download
        response = client.page('shop/invoice/%s' % self.ids['invoice_y'])
        self.assertEqual(response.status_code, 404)

    def test_foreign_ids_in_forms(self):
        "Supplier X cannot write Y's invoice through its form"
        client = PortalClient()
        client.login(USERS['supplier_x'][0])
        before = portal_fixtures.in_transaction(
            DB_NAME, snapshot, readonly=True)
        response = client.send('supplier/invoice/%s' % self.ids['invoice_y'],
            {'reference': 'X', 'cae': '12345678901234'})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(before, portal_fixtures.in_transaction(
                DB_NAME, snapshot, readonly=True))
