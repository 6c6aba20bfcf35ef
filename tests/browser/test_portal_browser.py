# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""End-to-end tests of the portal in a real browser: Playwright drives
Debian's chromium against a real trytond server process started here on
a free port, with a prepared SQLite database. Screenshots go to
tests/artifacts/."""
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
TESTS = ROOT / 'tests'
ARTIFACTS = TESTS / 'artifacts'
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run']
DATABASE = 'portal_e2e'
MODULES = ['coop_portal', 'coop_supplier_onboarding']

sys.path.insert(0, str(TESTS))
from portal_fixtures import PASSWORD, USERS  # noqa: E402

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    sync_playwright = None

PREPARE = '''
import json, sys
sys.path.insert(0, %(tests)r)
from trytond.pool import Pool
Pool.start()
Pool(%(db)r).init()
import portal_fixtures
ids = {}
def build():
    ids.update(portal_fixtures.build())
portal_fixtures.in_transaction(%(db)r, build, user=1)
print(json.dumps(ids))
'''

CONSOLIDATE = '''
import sys
sys.path.insert(0, %(tests)r)
from trytond.pool import Pool
Pool.start()
Pool(%(db)r).init()
import portal_fixtures
portal_fixtures.in_transaction(
    %(db)r, lambda: portal_fixtures.consolidate(%(round)d))
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@unittest.skipIf(sync_playwright is None, "playwright is not installed")
@unittest.skipUnless(os.path.exists(CHROMIUM),
    "Debian's chromium is not installed at /usr/bin/chromium "
    "(apt-get install chromium)")
class PortalBrowserTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        import json
        cls.tmp = tempfile.mkdtemp(prefix='portal-e2e-')
        cls.env = dict(os.environ,
            TRYTOND_DATABASE__URI='sqlite://',
            TRYTOND_DATABASE__PATH=cls.tmp,
            TRYTOND_DATABASE__LANGUAGE='es_419',
            TRYTOND_EMAIL__URI='smtp://127.0.0.1:1')
        cls.env.pop('TRYTOND_DATABASE_URI', None)
        cls.env.pop('TRYTOND_CONFIG', None)
        bin_ = pathlib.Path(sys.executable).parent
        cached = None
        if os.environ.get('DB_CACHE'):
            cached = pathlib.Path(os.environ['DB_CACHE']) / (
                DATABASE + '.sqlite')
        target = pathlib.Path(cls.tmp) / (DATABASE + '.sqlite')
        if cached and cached.exists():
            shutil.copy(cached, target)
        else:
            target.touch()
            passfile = pathlib.Path(cls.tmp) / 'pass'
            passfile.write_text('admin-e2e\n')
            subprocess.run([sys.executable, str(bin_ / 'trytond-admin'),
                    '-d', DATABASE, '--all', '--activate-dependencies',
                    '-u', *MODULES, '--email', 'admin@localhost'],
                env=dict(cls.env, TRYTONPASSFILE=str(passfile)),
                check=True, capture_output=True)
            if cached:
                shutil.copy(target, cached)
        result = subprocess.run([sys.executable, '-c',
                PREPARE % {'tests': str(TESTS), 'db': DATABASE}],
            env=cls.env, check=True, capture_output=True, text=True)
        cls.ids = json.loads(result.stdout.strip().splitlines()[-1])
        cls.port = free_port()
        cls.server = subprocess.Popen([sys.executable,
                str(bin_ / 'trytond'), '-d', DATABASE],
            env=dict(cls.env,
                TRYTOND_WEB__LISTEN='127.0.0.1:%s' % cls.port),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.base = 'http://127.0.0.1:%s/%s/' % (cls.port, DATABASE)
        for _ in range(100):
            try:
                urllib.request.urlopen(cls.base + 'portal/login', timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            cls.tearDownClass()
            raise RuntimeError("trytond did not start")
        ARTIFACTS.mkdir(exist_ok=True)
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    @classmethod
    def tearDownClass(cls):
        for name in ['browser', 'playwright']:
            thing = getattr(cls, name, None)
            if thing:
                thing.close() if name == 'browser' else thing.stop()
        server = getattr(cls, 'server', None)
        if server:
            server.terminate()
            server.wait(10)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def login(self, page, email):
        page.goto(self.base + 'portal/login')
        page.get_by_label('Correo electrónico').fill(email)
        page.get_by_label('Contraseña').fill(PASSWORD)
        page.get_by_role('button', name='Ingresar').click()

    def test_1_buyer_orders_and_sees_the_tier_progress(self):
        page = self.browser.new_page(viewport={'width': 390, 'height': 844})
        self.login(page, USERS['buyer_a'][0])
        expect(page.get_by_role('heading', name='Rondas abiertas a pedidos')
            ).to_be_visible()
        page.get_by_role('link', name='Ronda de prueba').click()
        offer = page.locator('#offer-%s' % self.ids['offer_x'])
        expect(offer.get_by_test_id('next-tier')).to_contain_text('faltan 24')
        page.screenshot(path=str(ARTIFACTS / 'buyer-catalogue.png'),
            full_page=True)
        offer.get_by_label('Su cantidad').fill('18')
        offer.get_by_role('button', name='Guardar').click()
        # The fragment is swapped in by htmx: the progress moves
        offer = page.locator('#offer-%s' % self.ids['offer_x'])
        expect(offer.get_by_test_id('combined')).to_have_text('18')
        expect(offer.get_by_test_id('next-tier')).to_contain_text('faltan 6')
        expect(offer.get_by_test_id('minimum')).to_contain_text(
            'Se alcanzó el mínimo')
        # Not whole cases: the browser's own check of the step attribute
        # stops the form (the server says so too, see test_portal_http)
        field = offer.get_by_label('Su cantidad')
        field.fill('20')
        offer.get_by_role('button', name='Guardar').click()
        self.assertTrue(field.evaluate('e => e.validity.stepMismatch'))
        page.screenshot(path=str(ARTIFACTS / 'buyer-ordered.png'),
            full_page=True)
        page.reload()
        expect(page.locator('#offer-%s' % self.ids['offer_x']
                ).get_by_test_id('combined')).to_have_text('18')
        page.close()

    def test_2_supplier_sees_demand_and_confirms(self):
        page = self.browser.new_page()
        self.login(page, USERS['supplier_x'][0])
        expect(page.get_by_role('heading', name='Portal de proveedores')
            ).to_be_visible()
        page.get_by_role('link', name='Ronda de prueba').click()
        expect(page.get_by_test_id('demand-%s' % self.ids['offer_x'])
            ).to_contain_text('18')
        page.screenshot(path=str(ARTIFACTS / 'supplier-demand.png'),
            full_page=True)

        subprocess.run([sys.executable, '-c', CONSOLIDATE % {
                    'tests': str(TESTS), 'db': DATABASE,
                    'round': self.ids['round']}],
            env=self.env, check=True, capture_output=True)

        page.get_by_role('link', name='Órdenes de compra').click()
        page.locator('a[href*="/supplier/purchase/"]').first.click()
        expect(page.get_by_test_id('purchase-state')).to_contain_text(
            'Para confirmar')
        page.get_by_role('button', name='Confirmar el pedido').click()
        expect(page.get_by_test_id('purchase-state')).to_contain_text(
            'Confirmado el')
        page.screenshot(path=str(ARTIFACTS / 'supplier-confirmed.png'),
            full_page=True)
        page.close()
