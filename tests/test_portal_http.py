# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The shop and the supplier portal through trytond's WSGI application and
werkzeug's test client: accounts, CSRF, throttling, catalogue, orders with
and without htmx, stale forms, supplier pages and documents."""
import datetime as dt
import re
import unittest

import trytond.config as config
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME, activate_module, drop_db)
from trytond.transaction import Transaction

import portal_fixtures
from portal_client import PortalClient, found, text
from portal_fixtures import USERS

MODULES = ['coop_portal', 'coop_supplier_onboarding']


def email(name):
    return USERS[name][0]


class PortalTestMixin:
    # Options of portal_fixtures.build()
    build_options = {}
    # Run the tasks that setUpData queues (the processing of confirmed
    # purchases and sales, the printing of posted invoices)
    tasks = False

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)

        def build():
            cls.ids = portal_fixtures.build(**cls.build_options)
            cls.setUpData()
        portal_fixtures.in_transaction(
            DB_NAME, build, user=1, tasks=cls.tasks)

    @classmethod
    def setUpData(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        drop_db()

    def client(self, name=None, **kwargs):
        client = PortalClient(**kwargs)
        if name:
            response = client.login(email(name))
            self.assertEqual(response.status_code, 303, text(response))
        return client

    def line_quantity(self, party, offer):
        with Transaction().start(DB_NAME, 0, readonly=True):
            Line = Pool().get('coop.round.order.line')
            lines = Line.search([
                    ('order.cooperative', '=', self.ids[party]),
                    ('offer', '=', self.ids[offer]),
                    ])
            return lines[0].quantity if lines else None


class PortalAccountTestCase(PortalTestMixin, unittest.TestCase):
    "Log in, log out, CSRF, throttling, language, password reset"

    def test_login_logout(self):
        client = self.client()
        response = client.page('shop/')
        self.assertEqual(response.status_code, 303)
        self.assertIn('/portal/login', response.location)

        response = client.page('portal/login')
        self.assertEqual(response.status_code, 200)
        self.assertIn('lang="es"', text(response))
        self.assertIn('Ingresar', text(response))

        response = client.send('portal/login', {
                'email': email('buyer_a'), 'password': 'wrong'})
        self.assertEqual(response.status_code, 401)
        self.assertIn(
            'El correo o la contraseña no son correctos', text(response))

        response = client.login(email('buyer_a'))
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.location.endswith('/shop/'))
        cookie, = [c for c in response.headers.getlist('Set-Cookie')
            if c.startswith('coop_portal_session=')]
        self.assertIn('HttpOnly', cookie)
        self.assertIn('SameSite=Lax', cookie)
        self.assertIn('Path=/%s' % DB_NAME, cookie)
        self.assertNotIn('Secure', cookie)

        response = client.page('shop/')
        self.assertEqual(response.status_code, 200)
        self.assertIn("Cooperativa A de Consumo", text(response))
        self.assertIn("Ronda de prueba", text(response))

        response = client.send('portal/logout')
        self.assertEqual(response.status_code, 303)
        response = client.page('shop/')
        self.assertEqual(response.status_code, 303)

    def test_secure_cookie_behind_https(self):
        client = self.client(base_url='https://localhost')
        response = client.login(email('buyer_b'))
        cookie, = [c for c in response.headers.getlist('Set-Cookie')
            if c.startswith('coop_portal_session=')]
        self.assertIn('Secure', cookie)

    def test_session_ends(self):
        "An expired session, or a web user made inactive, logs out"
        def session_of(client):
            key = client.get_cookie(
                'coop_portal_session', path='/%s' % DB_NAME).value
            Session = Pool().get('web.user.session')
            return Session.search([('key', '=', key)])

        def age(client):
            Session = Pool().get('web.user.session')
            session = Session.__table__()
            cursor = Transaction().connection.cursor()
            day_ago = dt.datetime.now() - dt.timedelta(days=1)
            cursor.execute(*session.update(
                    [session.create_date, session.write_date],
                    [day_ago, day_ago],
                    where=session.id.in_(
                        [s.id for s in session_of(client)])))

        previous = config.get('session', 'web_timeout')
        config.set('session', 'web_timeout', str(3600))
        try:
            client = self.client('buyer_b')
            self.assertEqual(client.page('shop/').status_code, 200)
            portal_fixtures.in_transaction(DB_NAME, lambda: age(client))
            response = client.page('shop/')
            self.assertEqual(response.status_code, 303)
            self.assertIn('/portal/login', response.location)
            # The first writable request deletes it, as web_user does
            client.page('portal/login')
            client.send('portal/language', {'language': 'es_419'})
            self.assertEqual(portal_fixtures.in_transaction(
                    DB_NAME, lambda: session_of(client), readonly=True), [])
        finally:
            # web_user's default: 30 days
            config.set('session', 'web_timeout',
                previous or str(30 * 24 * 3600))

        def set_active(value):
            WebUser = Pool().get('web.user')
            user, = WebUser.search([
                    ('email', '=', email('buyer_b')),
                    ('active', 'in', [True, False]),
                    ])
            WebUser.write([user], {'active': value})
        client = self.client('buyer_b')
        portal_fixtures.in_transaction(DB_NAME, lambda: set_active(False))
        try:
            response = client.page('shop/')
            self.assertEqual(response.status_code, 303)
            self.assertIn('/portal/login', response.location)
        finally:
            portal_fixtures.in_transaction(
                DB_NAME, lambda: set_active(True))
        self.assertEqual(client.page('shop/').status_code, 200)

    def test_post_without_csrf_refused(self):
        client = self.client()
        client.page('portal/login')
        response = client.send('portal/login', {
                'email': email('buyer_a'),
                'password': portal_fixtures.PASSWORD}, token=False)
        self.assertEqual(response.status_code, 403)
        response = client.send('portal/login', {
                'email': email('buyer_a'),
                'password': portal_fixtures.PASSWORD,
                '_csrf_token': 'f' * 64}, token=False)
        self.assertEqual(response.status_code, 403)

        # A logged-in form with the anonymous token is refused too
        client = self.client('buyer_a')
        response = client.send('shop/offer/%s' % self.ids['offer_x'],
            {'quantity': '6', '_csrf_token': 'a' * 64})
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(self.line_quantity('buyer_a', 'offer_x'))

    def test_login_throttled(self):
        previous = config.get('session', 'max_attempt')
        config.set('session', 'max_attempt', '1')
        try:
            client = self.client()
            for _ in range(2):
                response = client.send('portal/login', {
                        'email': email('supplier_y'), 'password': 'bad'})
                self.assertEqual(response.status_code, 401)
            response = client.send('portal/login', {
                    'email': email('supplier_y'),
                    'password': portal_fixtures.PASSWORD})
            self.assertEqual(response.status_code, 429)
            self.assertIn('Demasiados intentos fallidos', text(response))
        finally:
            config.set('session', 'max_attempt', previous or '5')

    def test_language_switch(self):
        client = self.client('buyer_b')
        response = client.page('shop/')
        self.assertIn('Rondas abiertas a pedidos', text(response))
        response = client.send('portal/language', {
                'language': 'en', 'next': '/%s/shop/' % DB_NAME})
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.location.endswith('/shop/'))
        response = client.page('shop/')
        self.assertIn('Rounds open for orders', text(response))
        self.assertIn('lang="en"', text(response))
        # No redirection to another site
        response = client.send('portal/language', {
                'language': 'es_419', 'next': 'https://evil.example/'})
        self.assertNotIn('evil', response.location)
        response = client.page('shop/')
        self.assertIn('Rondas abiertas a pedidos', text(response))

    def test_reset_password(self):
        from trytond.modules.coop_membership.tests.tools import (
            SMTPServer, message_text)
        client = self.client()
        client.page('portal/reset')
        with SMTPServer() as smtp:
            response = client.send('portal/reset', {
                    'email': email('supplier_x')})
            self.assertEqual(response.status_code, 200)
            self.assertIn('el enlace está en camino', text(response))
            # Unknown addresses get the same answer and no e-mail
            response = client.send('portal/reset', {
                    'email': 'nobody@example.com'})
            self.assertIn('el enlace está en camino', text(response))
            message, = smtp.to(email('supplier_x'))
            self.assertEqual(len(smtp.messages), 1)
        body = message_text(message)
        link = re.search(
            r'https?://[^\s"<]+/portal/password\?[^\s"<]+', body).group(0)
        path = link.split('/%s/' % DB_NAME, 1)[1].rstrip('.')
        path = path.replace('&amp;', '&')
        response = client.page(path)
        self.assertEqual(response.status_code, 200)
        token = re.search(r'name="token" value="([^"]+)"', text(response))
        response = client.send('portal/password', {
                'email': email('supplier_x'), 'token': token.group(1),
                'password': 'nueva-clave-2016', 'confirm': 'otra'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('no coinciden', text(response))
        response = client.send('portal/password', {
                'email': email('supplier_x'), 'token': token.group(1),
                'password': 'nueva-clave-2016',
                'confirm': 'nueva-clave-2016'})
        self.assertEqual(response.status_code, 303, text(response)[-1500:])
        response = self.client().login(
            email('supplier_x'), 'nueva-clave-2016')
        self.assertEqual(response.status_code, 303)
        # The link works once
        response = client.send('portal/password', {
                'email': email('supplier_x'), 'token': token.group(1),
                'password': 'tercera-clave-2016',
                'confirm': 'tercera-clave-2016'})
        self.assertEqual(response.status_code, 400)

    def test_training(self):
        client = self.client('buyer_a')
        response = client.page('portal/training')
        self.assertEqual(response.status_code, 200)
        self.assertIn('Venta a gran escala', text(response))
        response = client.send('portal/training', {
                'session': self.ids['session'], 'participant': ''})
        self.assertEqual(response.status_code, 400)
        self.assertIn('Escriba el nombre', text(response))
        response = client.send('portal/training', {
                'session': self.ids['session'],
                'participant': "Ana Pérez", 'email': 'ana@coop-a.example'})
        self.assertEqual(response.status_code, 303)
        response = client.page('portal/training')
        self.assertIn('Ana Pérez', text(response))
        self.assertIn('Inscript', text(response))
        # The session has one place: the next one waits
        other = self.client('supplier_y')
        other.send('portal/training', {
                'session': self.ids['session'], 'participant': "Juan Gómez"})
        response = other.page('portal/training')
        self.assertIn('Juan Gómez', text(response))
        self.assertNotIn('Ana Pérez', text(response))
        self.assertIn('espera', text(response))


class PortalShopTestCase(PortalTestMixin, unittest.TestCase):
    "The catalogue and the co-op's order, with and without htmx"

    def test_catalogue_filters_and_pages(self):
        client = self.client('buyer_a')
        path = 'shop/round/%s' % self.ids['round']
        response = client.page(path)
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertIn('Yerba mate 1 kg', body)
        self.assertIn('Detergente 750 ml', body)
        self.assertIn(found(2), body)
        self.assertIn('step="6', body)
        self.assertIn('faltan 24', body)
        self.assertIn('Faltan 12', body)

        response = client.page(path + '?q=yerba')
        self.assertIn(found(1), text(response))
        self.assertNotIn('Detergente 750 ml', text(response))
        response = client.page(
            path + '?category=%s' % self.ids['category_limpieza'])
        self.assertIn('Detergente 750 ml', text(response))
        self.assertNotIn('Yerba mate 1 kg', text(response))
        response = client.page(
            path + '?supplier=%s' % self.ids['supplier_x'])
        self.assertIn('Yerba mate 1 kg', text(response))
        self.assertNotIn('Detergente 750 ml', text(response))
        response = client.page(path + '?page=2')
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('Yerba mate 1 kg', text(response))

    def test_order_with_htmx(self):
        client = self.client('buyer_b')
        path = 'shop/offer/%s' % self.ids['offer_x']
        client.page('shop/round/%s' % self.ids['round'])
        response = client.send(path, {'quantity': '18'},
            headers={'HX-Request': 'true'})
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertTrue(body.lstrip().startswith('<article'), body[:200])
        self.assertIn('value="18"', body)
        self.assertIn('faltan 6', body)
        self.assertIn('Se alcanzó el mínimo', body)
        self.assertEqual(self.line_quantity('buyer_b', 'offer_x'), 18)

        # Whole cases only: nothing stored, the error next to the field
        response = client.send(path, {'quantity': '20'},
            headers={'HX-Request': 'true'})
        body = text(response)
        self.assertIn('role="alert"', body)
        self.assertIn('aria-invalid="true"', body)
        self.assertIn('value="20"', body)
        self.assertEqual(self.line_quantity('buyer_b', 'offer_x'), 18)
        response = client.send(path, {'quantity': 'mucho'},
            headers={'HX-Request': 'true'})
        self.assertIn('no es una cantidad válida', text(response))
        response = client.send(path, {'quantity': '-6'},
            headers={'HX-Request': 'true'})
        self.assertIn('no es una cantidad válida', text(response))
        self.assertEqual(self.line_quantity('buyer_b', 'offer_x'), 18)

        # 0 removes the line
        client.send(path, {'quantity': '0'}, headers={'HX-Request': 'true'})
        self.assertIsNone(self.line_quantity('buyer_b', 'offer_x'))

        # The fragment alone
        response = client.page(path, headers={'HX-Request': 'true'})
        self.assertTrue(text(response).lstrip().startswith('<article'))

    def test_order_without_javascript(self):
        client = self.client('buyer_a')
        back = '/%s/shop/round/%s?q=yerba' % (DB_NAME, self.ids['round'])
        path = 'shop/offer/%s' % self.ids['offer_x']
        client.page('shop/round/%s' % self.ids['round'])
        response = client.send(path, {'quantity': '12', 'next': back})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            response.location, back + '#offer-%s' % self.ids['offer_x'])
        self.assertEqual(self.line_quantity('buyer_a', 'offer_x'), 12)

        response = client.send(path, {'quantity': '13', 'next': back})
        self.assertEqual(response.status_code, 400)
        body = text(response)
        self.assertIn('<html', body)
        self.assertIn('value="13"', body)
        self.assertIn('role="alert"', body)
        self.assertEqual(self.line_quantity('buyer_a', 'offer_x'), 12)

        response = client.page('shop/orders')
        self.assertIn('Ronda de prueba', text(response))
        order_id = re.search(
            r'/shop/order/(\d+)', text(response)).group(1)
        response = client.page('shop/order/%s' % order_id)
        self.assertEqual(response.status_code, 200)
        self.assertIn('Yerba mate 1 kg', text(response))

    def test_supplier_demand(self):
        client = self.client('buyer_a')
        client.page('shop/round/%s' % self.ids['round'])
        client.send('shop/offer/%s' % self.ids['offer_y'], {'quantity': '7'})
        client = self.client('supplier_y')
        response = client.page('supplier/')
        self.assertEqual(response.status_code, 200)
        self.assertIn('Ronda de prueba', text(response))
        response = client.page('supplier/round/%s' % self.ids['round'])
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertIn('Detergente 750 ml', body)
        self.assertNotIn('Yerba mate 1 kg', body)
        self.assertRegex(body, r'data-testid="demand-%s">7 u' %
            self.ids['offer_y'])

    def test_deliveries_and_invoices_empty(self):
        client = self.client('buyer_b')
        self.assertEqual(client.page('shop/deliveries').status_code, 200)
        response = client.page('shop/invoices')
        self.assertEqual(response.status_code, 200)
        self.assertIn('Todavía no hay facturas', text(response))


class PortalSupplierTestCase(PortalTestMixin, unittest.TestCase):
    """A stale form after the round closed, consolidation, purchase orders
    confirmed and shipped, invoices with CAE, application and listings"""

    @classmethod
    def setUpData(cls):
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Order = pool.get('coop.round.order')
        Party = pool.get('party.party')
        Application = pool.get('coop.onboarding.application')
        DocumentType = pool.get('coop.onboarding.document.type')
        ids = cls.ids
        with Transaction().set_context(company=ids['company']):
            Order.set_quantity(
                Party(ids['buyer_a']), Offer(ids['offer_x']), 18)
            Order.set_quantity(
                Party(ids['buyer_b']), Offer(ids['offer_x']), 12)
            Order.set_quantity(
                Party(ids['buyer_a']), Offer(ids['offer_y']), 5)
            application, = Application.create([{
                        'cooperative': ids['supplier_y'],
                        'contact_name': "Rosa",
                        'products_description': "Limpieza",
                        }])
            ids['application_y'] = application.id
            document_type, = DocumentType.search([], limit=1)
            ids['document_type'] = document_type.id

    def test_flow(self):
        ids = self.ids
        buyer = self.client('buyer_a')
        buyer.page('shop/round/%s' % ids['round'])

        # The round closes while the form is open
        def close():
            Round = Pool().get('coop.round')
            Round.close([Round(ids['round'])])
        portal_fixtures.in_transaction(DB_NAME, close)
        response = buyer.send('shop/offer/%s' % ids['offer_x'], {
                'quantity': '24',
                'next': '/%s/shop/round/%s' % (DB_NAME, ids['round'])})
        self.assertEqual(response.status_code, 400)
        body = text(response)
        self.assertIn('value="24"', body)
        self.assertIn('no recibe pedidos', body)
        self.assertEqual(self.line_quantity('buyer_a', 'offer_x'), 18)

        portal_fixtures.in_transaction(
            DB_NAME, lambda: portal_fixtures.consolidate(ids['round']))

        # The buyer sees the allocation, the final price and the savings
        response = buyer.page('shop/orders')
        order_id = re.search(r'/shop/order/(\d+)', text(response)).group(1)
        response = buyer.page('shop/order/%s' % order_id)
        body = text(response)
        self.assertIn('Asignado', body)
        self.assertIn('Precio final', body)
        self.assertIn('data-testid="allocated">18 u', body)
        self.assertRegex(body, r'90[.,]00')

        supplier = self.client('supplier_x')
        response = supplier.page('supplier/purchases')
        self.assertEqual(response.status_code, 200)
        purchase_id = re.search(
            r'/supplier/purchase/(\d+)', text(response)).group(1)
        path = 'supplier/purchase/%s' % purchase_id
        response = supplier.page(path)
        self.assertIn('Para confirmar', text(response))
        self.assertIn('30', text(response))
        # Shipping before confirming is refused, nothing changes
        response = supplier.send(path + '/ship')
        self.assertEqual(response.status_code, 409)
        response = supplier.send(path + '/confirm')
        self.assertEqual(response.status_code, 303)
        response = supplier.page(path)
        self.assertIn('Confirmado el', text(response))
        with Transaction().start(DB_NAME, 0, readonly=True):
            Purchase = Pool().get('purchase.purchase')
            purchase = Purchase(int(purchase_id))
            self.assertIn(purchase.state, {'confirmed', 'processing'})
            self.assertTrue(purchase.coop_supplier_confirmed)
        response = supplier.send(path + '/confirm')
        self.assertEqual(response.status_code, 409)
        response = supplier.send(path + '/ship')
        self.assertEqual(response.status_code, 303)
        response = supplier.page(path)
        self.assertIn('Despachado el', text(response))

        # The supplier invoice of the confirmed order: number and CAE
        response = supplier.page('supplier/invoices')
        self.assertEqual(response.status_code, 200)
        invoice_id = re.search(
            r'/supplier/invoice/(\d+)', text(response)).group(1)
        response = supplier.send('supplier/invoice/%s' % invoice_id, {
                'reference': '0001-00000123', 'cae': '1234'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('debe tener 14 dígitos', text(response))
        self.assertIn('value="1234"', text(response))
        with Transaction().start(DB_NAME, 0, readonly=True):
            Invoice = Pool().get('account.invoice')
            invoice = Invoice(int(invoice_id))
            self.assertIsNone(invoice.coop_afip_cae)
            self.assertIsNone(invoice.reference)
        response = supplier.send('supplier/invoice/%s' % invoice_id, {
                'reference': '0001-00000123', 'cae': '71234567890123'})
        self.assertEqual(response.status_code, 303)
        with Transaction().start(DB_NAME, 0, readonly=True):
            invoice = Pool().get('account.invoice')(int(invoice_id))
            self.assertEqual(invoice.coop_afip_cae, '71234567890123')
            self.assertEqual(invoice.reference, '0001-00000123')

    def test_application_and_listings(self):
        client = self.client('supplier_y')
        response = client.page('supplier/application')
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-testid="stage"', text(response))
        response = client.send('supplier/application', {
                'type': str(self.ids['document_type']), 'number': '123',
                'issue_date': 'ayer'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('Elija el archivo', text(response))
        import io
        response = client.send('supplier/application', {
                'type': str(self.ids['document_type']), 'number': '123',
                'issue_date': dt.date.today().isoformat(),
                'expiry_date': (
                    dt.date.today() + dt.timedelta(days=365)).isoformat(),
                'file': (io.BytesIO(b'%PDF-1.4 test'), 'afip.pdf')})
        self.assertEqual(response.status_code, 303, text(response))
        response = client.page('supplier/application')
        self.assertIn('<td>123</td>', text(response))

        response = client.page('supplier/listings')
        self.assertEqual(response.status_code, 200)
        category = self.ids['category_almacen']
        unit = re.search(r'<option value="(\d+)"[^>]*>Unidad',
            text(response)) or re.search(
            r'id="unit".*?<option value="(\d+)"', text(response), re.S)
        response = client.send('supplier/listings', {
                'name': "Dulce de leche", 'category': category,
                'unit': unit.group(1), 'unit_price': 'caro'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('no es un importe válido', text(response))
        self.assertIn('value="Dulce de leche"', text(response))
        response = client.send('supplier/listings', {
                'name': "Dulce de leche", 'category': category,
                'unit': unit.group(1), 'unit_price': '850,50'})
        self.assertEqual(response.status_code, 303, text(response))
        response = client.page('supplier/listings')
        self.assertIn('Dulce de leche', text(response))


def row(body, testid):
    "The table row of data-testid testid, or None"
    match = re.search(
        r'<tr data-testid="%s">(.*?)</tr>' % re.escape(testid), body, re.S)
    return match.group(1) if match else None


def purchase_state():
    "What the supplier actions change, for every purchase"
    pool = Pool()
    Purchase = pool.get('purchase.purchase')
    Sale = pool.get('sale.sale')
    ShipmentDrop = pool.get('stock.shipment.drop')
    return (
        sorted((p.id, p.state, p.coop_supplier_confirmed,
                p.coop_supplier_shipped) for p in Purchase.search([])),
        sorted((s.id, s.state) for s in Sale.search([])),
        sorted((d.id, d.state) for d in ShipmentDrop.search([])),
        )


class PortalDirectRoundTestCase(PortalTestMixin, unittest.TestCase):
    """A direct round: each supplier confirms and ships its purchase
    orders in the portal, the goods go to each co-op by drop shipment"""
    build_options = {'delivery_model': 'direct'}
    tasks = True

    @classmethod
    def setUpData(cls):
        pool = Pool()
        Purchase = pool.get('purchase.purchase')
        ids = cls.ids
        portal_fixtures.place_orders(ids, [
                ('buyer_a', 'offer_x', 18), ('buyer_b', 'offer_x', 12),
                ('buyer_a', 'offer_y', 5)])
        portal_fixtures.consolidate(ids['round'])
        for purchase in Purchase.search([('coop_round', '=', ids['round'])]):
            supplier = {ids['supplier_x']: 'x', ids['supplier_y']: 'y'}[
                purchase.party.id]
            customer = {ids['buyer_a']: 'a', ids['buyer_b']: 'b'}[
                purchase.customer.id]
            ids['purchase_%s_%s' % (supplier, customer)] = purchase.id
            sale, = purchase.coop_drop_sales
            ids['sale_%s_%s' % (supplier, customer)] = sale.id

    def documents(self, purchase):
        """The purchase, the sale it is drop-shipped for and its drop
        shipments: (state, confirmed, shipped), sale state, [(drop state,
        supplier move states, customer move states, origins of the
        customer moves)]"""
        with Transaction().start(DB_NAME, 0, readonly=True):
            pool = Pool()
            Purchase = pool.get('purchase.purchase')
            Sale = pool.get('sale.sale')
            name = purchase
            purchase = Purchase(self.ids['purchase_%s' % name])
            sale, = purchase.coop_drop_sales
            self.assertEqual(sale.id, self.ids['sale_%s' % name])
            drops = [(d.id, d.state, d.supplier.id, d.customer.id,
                    sorted(m.state for m in d.supplier_moves),
                    sorted(m.state for m in d.customer_moves),
                    sorted(str(m.origin.sale) for m in d.customer_moves
                        if m.origin))
                for d in purchase.drop_shipments]
            return ((purchase.state, purchase.coop_supplier_confirmed,
                    purchase.coop_supplier_shipped),
                Sale(sale.id).state, drops)

    def unchanged(self, client, path, status):
        before = portal_fixtures.in_transaction(
            DB_NAME, purchase_state, readonly=True)
        response = client.send(path)
        self.assertEqual(response.status_code, status)
        self.assertEqual(before, portal_fixtures.in_transaction(
                DB_NAME, purchase_state, readonly=True))

    def test_direct_round(self):
        ids = self.ids
        supplier = self.client('supplier_x')
        response = supplier.page('supplier/purchases')
        self.assertEqual(response.status_code, 200)
        body = text(response)
        # X's orders, one per co-op, never Y's
        links = set(map(int, re.findall(r'/supplier/purchase/(\d+)', body)))
        self.assertEqual(links, {ids['purchase_x_a'], ids['purchase_x_b']})
        self.assertIn("Cooperativa A de Consumo", body)
        self.assertIn("Cooperativa B de Consumo", body)

        path = 'supplier/purchase/%s' % ids['purchase_x_b']
        response = supplier.page(path)
        body = text(response)
        self.assertIn('Para confirmar', body)
        self.assertIn("Cooperativa B de Consumo", body)
        self.assertNotIn('Envíos directos', body)

        # Nobody else confirms or ships X's order, and nothing changes
        other = self.client('supplier_y')
        self.assertEqual(other.page(path).status_code, 404)
        self.unchanged(other, path + '/confirm', 404)
        self.unchanged(other, path + '/ship', 404)
        self.unchanged(self.client('buyer_b'), path + '/confirm', 403)
        # Nor does X ship it before confirming it
        self.unchanged(supplier, path + '/ship', 409)

        before = dt.datetime.now().replace(microsecond=0)
        response = supplier.send(path + '/confirm')
        self.assertEqual(response.status_code, 303)
        (state, confirmed, shipped), sale, drops = self.documents('x_b')
        self.assertEqual(state, 'processing')
        self.assertGreaterEqual(confirmed, before)
        self.assertLessEqual(confirmed, dt.datetime.now())
        self.assertIsNone(shipped)
        # The co-op's sale is confirmed with it, and the drop shipment,
        # waiting for the supplier, carries the sale's move to the co-op
        self.assertEqual(sale, 'processing')
        (drop_id, drop_state, drop_supplier, drop_customer, supplier_moves,
            customer_moves, origins), = drops
        self.assertEqual(drop_state, 'waiting')
        self.assertEqual((drop_supplier, drop_customer),
            (ids['supplier_x'], ids['buyer_b']))
        self.assertEqual(supplier_moves, ['draft'])
        self.assertEqual(customer_moves, ['draft'])
        self.assertEqual(origins, ['sale.sale,%s' % ids['sale_x_b']])
        # Not A's order, nor Y's
        self.assertEqual(self.documents('x_a')[0][0], 'draft')
        self.assertEqual(self.documents('y_a')[0][0], 'draft')

        body = text(supplier.page(path))
        self.assertIn('Confirmado el', body)
        self.assertIn('Envíos directos', body)
        self.assertIn('En espera', row(body, 'drop-%s' % drop_id))
        self.unchanged(supplier, path + '/confirm', 409)
        self.unchanged(other, path + '/ship', 404)

        response = supplier.send(path + '/ship')
        self.assertEqual(response.status_code, 303)
        (state, confirmed_again, shipped), sale, drops = self.documents('x_b')
        self.assertEqual(confirmed_again, confirmed)
        self.assertGreaterEqual(shipped, confirmed)
        self.assertLessEqual(shipped, dt.datetime.now())
        # The goods left the supplier: its move is done, the co-op's is
        # on its way
        (_, drop_state, _, _, supplier_moves, customer_moves, _), = drops
        self.assertEqual(drop_state, 'shipped')
        self.assertEqual(supplier_moves, ['done'])
        self.assertEqual(customer_moves, ['assigned'])
        body = text(supplier.page(path))
        self.assertIn('Despachado el', body)
        self.assertIn('Enviado', row(body, 'drop-%s' % drop_id))
        self.unchanged(supplier, path + '/ship', 409)

        # B sees its drop shipment from X on its way, A does not
        body = text(self.client('buyer_b').page('shop/deliveries'))
        delivery = row(body, 'drop-%s' % drop_id)
        self.assertIn("Cooperativa X de Trabajo", delivery)
        self.assertIn('Enviado', delivery)
        body = text(self.client('buyer_a').page('shop/deliveries'))
        self.assertIsNone(row(body, 'drop-%s' % drop_id))
        self.assertIn('Todavía no hay entregas', body)

        # The staff confirm X's order to A alone in the back office: its
        # drop shipment waits without A's sale, whose move X's confirmation
        # brings to it
        def confirm_x_a():
            Purchase = Pool().get('purchase.purchase')
            purchase = Purchase(ids['purchase_x_a'])
            with Transaction().set_context(company=ids['company']):
                Purchase.quote([purchase])
                Purchase.confirm([purchase])
        portal_fixtures.in_transaction(DB_NAME, confirm_x_a, tasks=True)
        (state, confirmed, _), sale, drops = self.documents('x_a')
        self.assertEqual((state, confirmed, sale),
            ('processing', None, 'draft'))
        (drop_id, drop_state, _, _, _, _, origins), = drops
        self.assertEqual((drop_state, origins), ('waiting', []))
        path = 'supplier/purchase/%s' % ids['purchase_x_a']
        response = supplier.send(path + '/confirm')
        self.assertEqual(response.status_code, 303)
        (state, confirmed, _), sale, drops = self.documents('x_a')
        self.assertEqual((state, sale), ('processing', 'processing'))
        self.assertTrue(confirmed)
        (_, drop_state, _, _, _, _, origins), = drops
        self.assertEqual((drop_state, origins),
            ('waiting', ['sale.sale,%s' % ids['sale_x_a']]))
        response = supplier.send(path + '/ship')
        self.assertEqual(response.status_code, 303)
        (_, drop_state, _, _, supplier_moves, customer_moves, origins), = (
            self.documents('x_a')[2])
        self.assertEqual(drop_state, 'shipped')
        self.assertEqual(supplier_moves, ['done'])
        # Only the sale's move to A, with the quantity
        self.assertEqual(customer_moves, ['assigned'])
        self.assertEqual(origins, ['sale.sale,%s' % ids['sale_x_a']])

        # The staff hand the round over to Tryton (Round.do) before the
        # other suppliers confirm: they still confirm and ship
        portal_fixtures.in_transaction(
            DB_NAME, lambda: portal_fixtures.do_round(ids['round']),
            tasks=True)
        (state, confirmed, _), sale, drops = self.documents('y_a')
        self.assertEqual((state, confirmed, sale), ('processing', None,
                'processing'))
        (drop_id, drop_state, *_), = drops
        self.assertEqual(drop_state, 'waiting')

        supplier = self.client('supplier_y')
        path = 'supplier/purchase/%s' % ids['purchase_y_a']
        body = text(supplier.page(path))
        self.assertIn('Para confirmar', body)
        self.assertIn('/confirm"', body)
        response = supplier.send(path + '/confirm')
        self.assertEqual(response.status_code, 303)
        (state, confirmed, _), sale, drops = self.documents('y_a')
        self.assertEqual(state, 'processing')
        self.assertTrue(confirmed)
        response = supplier.send(path + '/ship')
        self.assertEqual(response.status_code, 303)
        (_, _, shipped), _, drops = self.documents('y_a')
        self.assertTrue(shipped)
        (_, drop_state, _, _, supplier_moves, customer_moves, origins), = (
            drops)
        self.assertEqual(drop_state, 'shipped')
        self.assertEqual(customer_moves, ['assigned'])
        self.assertEqual(origins, ['sale.sale,%s' % ids['sale_y_a']])
        body = text(self.client('buyer_a').page('shop/deliveries'))
        self.assertIn('Enviado', row(body, 'drop-%s' % drop_id))


class PortalHubDocumentsTestCase(PortalTestMixin, unittest.TestCase):
    """A hub round handed over to Tryton: the sales' shipments from the hub
    on the deliveries page, the sales' invoices to download, the
    suppliers' invoice numbers and CAE"""
    tasks = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ids = cls.ids

        def deliver_and_invoice():
            pool = Pool()
            Sale = pool.get('sale.sale')
            Purchase = pool.get('purchase.purchase')
            Invoice = pool.get('account.invoice')
            Date = pool.get('ir.date')
            # The hub receives the goods and ships A's order; B's waits
            portal_fixtures.receive_at_hub(ids['round'])
            for name in ['buyer_a', 'buyer_b']:
                sale, = Sale.search([('party', '=', ids[name])])
                shipment, = sale.shipments
                ids['shipment_' + name] = shipment.id
                invoice, = sale.invoices
                ids['invoice_' + name] = invoice.id
            portal_fixtures.deliver([ids['shipment_buyer_a']])
            with Transaction().set_context(company=ids['company']):
                # The federation posts its invoices to the co-ops, and the
                # supplier invoice of X, which X reports afterwards
                invoices = Invoice.browse([
                        ids['invoice_buyer_a'], ids['invoice_buyer_b']])
                purchase_x, = Purchase.search([
                        ('party', '=', ids['supplier_x'])])
                invoice_x, = purchase_x.invoices
                invoice_x.invoice_date = Date.today()
                invoice_x.save()
                Invoice.post(invoices + [invoice_x])
                ids['invoice_x'] = invoice_x.id
                purchase_y, = Purchase.search([
                        ('party', '=', ids['supplier_y'])])
                ids['invoice_y'], = [i.id for i in purchase_y.invoices]
        portal_fixtures.in_transaction(
            DB_NAME, deliver_and_invoice, tasks=True)

    @classmethod
    def setUpData(cls):
        ids = cls.ids
        portal_fixtures.create_fiscalyear(ids)
        portal_fixtures.place_orders(ids, [
                ('buyer_a', 'offer_x', 18), ('buyer_b', 'offer_x', 12),
                ('buyer_a', 'offer_y', 5)])
        portal_fixtures.consolidate(ids['round'])
        portal_fixtures.do_round(ids['round'])

    def invoice(self, name):
        "(state, reference, CAE) of the invoice"
        with Transaction().start(DB_NAME, 0, readonly=True):
            Invoice = Pool().get('account.invoice')
            invoice = Invoice(self.ids['invoice_' + name])
            return invoice.state, invoice.reference, invoice.coop_afip_cae

    def test_deliveries(self):
        ids = self.ids
        with Transaction().start(DB_NAME, 0, readonly=True):
            pool = Pool()
            ShipmentOut = pool.get('stock.shipment.out')
            Round = pool.get('coop.round')
            Lang = pool.get('ir.lang')
            shipment_a = ShipmentOut(ids['shipment_buyer_a'])
            shipment_b = ShipmentOut(ids['shipment_buyer_b'])
            self.assertEqual(
                (shipment_a.state, shipment_b.state), ('done', 'waiting'))
            number_a, number_b = shipment_a.number, shipment_b.number
            # Planned for the round's delivery date
            delivery_date = Lang.get('es_419').strftime(
                Round(ids['round']).delivery_date)
        self.assertNotEqual(number_a, number_b)

        body = text(self.client('buyer_a').page('shop/deliveries'))
        delivery = row(body, 'shipment-%s' % ids['shipment_buyer_a'])
        self.assertIn('<td>%s</td>' % number_a, delivery)
        self.assertIn('Finalizado', delivery)
        self.assertIn(delivery_date, delivery)
        # Never another co-op's
        self.assertIsNone(row(body, 'shipment-%s' % ids['shipment_buyer_b']))
        self.assertNotIn('<td>%s</td>' % number_b, body)

        body = text(self.client('buyer_b').page('shop/deliveries'))
        delivery = row(body, 'shipment-%s' % ids['shipment_buyer_b'])
        self.assertIn('En espera', delivery)
        self.assertIn(delivery_date, delivery)
        self.assertIsNone(row(body, 'shipment-%s' % ids['shipment_buyer_a']))

        self.assertEqual(
            self.client('supplier_x').page('shop/deliveries').status_code,
            403)

    def test_invoice_download(self):
        ids = self.ids
        with Transaction().start(DB_NAME, 0, readonly=True):
            Invoice = Pool().get('account.invoice')
            invoice = Invoice(ids['invoice_buyer_a'])
            number = invoice.number
            # Printed when posted (in the queue)
            document = invoice.invoice_report_cache
            self.assertTrue(document)
        buyer = self.client('buyer_a')
        body = text(buyer.page('shop/invoices'))
        self.assertIn('/shop/invoice/%s"' % ids['invoice_buyer_a'], body)
        self.assertNotIn('/shop/invoice/%s"' % ids['invoice_buyer_b'], body)
        self.assertIn('Contabilizada', body)

        response = buyer.page('shop/invoice/%s' % ids['invoice_buyer_a'])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.mimetype, 'application/vnd.oasis.opendocument.text')
        self.assertEqual(response.headers['Content-Disposition'],
            'attachment; filename="%s.odt"' % number)
        # The document as posted, an OpenDocument (zip) file
        self.assertEqual(response.get_data(), document)
        self.assertTrue(response.get_data().startswith(b'PK'))

        # Not another co-op's invoice, nor a supplier invoice, nor by a
        # supplier
        for invoice in ['invoice_buyer_b', 'invoice_x']:
            response = buyer.page('shop/invoice/%s' % ids[invoice])
            self.assertEqual(response.status_code, 404)
            self.assertNotEqual(
                response.mimetype, 'application/vnd.oasis.opendocument.text')
        response = self.client('supplier_x').page(
            'shop/invoice/%s' % ids['invoice_buyer_a'])
        self.assertEqual(response.status_code, 403)

    def test_invoice_download_not_printed_yet(self):
        "A posted invoice that the queue has not printed yet"
        ids = self.ids

        def forget():
            Invoice = Pool().get('account.invoice')
            Invoice.write([Invoice(ids['invoice_buyer_b'])], {
                    'invoice_report_cache': None,
                    'invoice_report_format': None,
                    })
        portal_fixtures.in_transaction(DB_NAME, forget)
        buyer = self.client('buyer_b')
        response = buyer.page('shop/invoice/%s' % ids['invoice_buyer_b'])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.mimetype, 'application/vnd.oasis.opendocument.text')
        document = response.get_data()
        self.assertTrue(document.startswith(b'PK'))
        # Kept as the invoice's document, as Tryton does when it renders a
        # posted invoice first, and served again
        with Transaction().start(DB_NAME, 0, readonly=True):
            invoice = Pool().get('account.invoice')(ids['invoice_buyer_b'])
            self.assertEqual(invoice.invoice_report_cache, document)
            self.assertEqual(invoice.invoice_report_format, 'odt')
        response = buyer.page('shop/invoice/%s' % ids['invoice_buyer_b'])
        self.assertEqual(response.get_data(), document)

    def test_supplier_afip(self):
        ids = self.ids
        supplier = self.client('supplier_x')
        response = supplier.page('supplier/invoices')
        self.assertEqual(response.status_code, 200)
        body = text(response)
        self.assertIn('id="invoice-%s"' % ids['invoice_x'], body)
        self.assertNotIn('id="invoice-%s"' % ids['invoice_y'], body)
        self.assertEqual(self.invoice('x'), ('posted', None, None))

        path = 'supplier/invoice/%s' % ids['invoice_x']
        for cae in ['1234', '7123456789012A', '712345678901234',
                '7123 456789 0123', 'CAE']:
            with self.subTest(cae=cae):
                response = supplier.send(path, {
                        'reference': '0001-00000123', 'cae': cae})
                self.assertEqual(response.status_code, 400)
                body = text(response)
                error = re.search(
                    r'<p class="error" role="alert" id="cae-%s-error">'
                    r'([^<]*)</p>' % ids['invoice_x'], body)
                self.assertTrue(error, body)
                self.assertIn('debe tener 14 dígitos', error.group(1))
                self.assertIn('aria-invalid="true"', body)
                # What was typed stays in the form, nothing is stored
                self.assertIn('value="%s"' % cae, body)
                self.assertIn('value="0001-00000123"', body)
                self.assertEqual(self.invoice('x'), ('posted', None, None))

        # Another supplier cannot report it
        response = self.client('supplier_y').send(path, {
                'reference': 'F-1', 'cae': '71234567890123'})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.invoice('x'), ('posted', None, None))

        # Reported on the posted invoice, without the spaces around
        response = supplier.send(path, {
                'reference': ' 0001-00000123 ', 'cae': ' 71234567890123 '})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.invoice('x'),
            ('posted', '0001-00000123', '71234567890123'))
        body = text(supplier.page(response.location.split('/', 2)[-1]))
        self.assertIn('Guardado.', body)
        self.assertIn('value="71234567890123"', body)
        self.assertEqual(self.invoice('y'), ('draft', None, None))
