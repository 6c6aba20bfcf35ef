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
from portal_client import PortalClient, text
from portal_fixtures import USERS

MODULES = ['coop_portal', 'coop_supplier_onboarding']


def email(name):
    return USERS[name][0]


class PortalTestMixin:

    @classmethod
    def setUpClass(cls):
        drop_db()
        activate_module(MODULES)

        def build():
            cls.ids = portal_fixtures.build()
            cls.setUpData()
        portal_fixtures.in_transaction(DB_NAME, build, user=1)

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

    def test_post_without_csrf_refused(self):
        client = self.client()
        client.page('portal/login')
        response = client.send('portal/login', {
                'email': email('buyer_a'), 'password':
                    portal_fixtures.PASSWORD}, token=False)
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
        self.assertIn('2 ofertas', body)
        self.assertIn('step="6', body)
        self.assertIn('faltan 24', body)
        self.assertIn('Faltan 12', body)

        response = client.page(path + '?q=yerba')
        self.assertIn('1 ofertas', text(response))
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
