# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import unittest

from lxml import etree

from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.coop_portal.web import check_csrf_token, csrf_token
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


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

    @with_transaction()
    def test_back_office_views(self):
        "The back office shows what the suppliers report, read-only"
        pool = Pool()
        Purchase = pool.get('purchase.purchase')
        Invoice = pool.get('account.invoice')
        for Model, view_type, names in [
                (Purchase, 'form',
                    ['coop_supplier_confirmed', 'coop_supplier_shipped']),
                (Purchase, 'tree',
                    ['coop_supplier_confirmed', 'coop_supplier_shipped']),
                (Invoice, 'form', ['coop_afip_cae']),
                (Invoice, 'tree', ['coop_afip_cae']),
                ]:
            view = Model.fields_view_get(view_type=view_type)
            arch = etree.fromstring(view['arch'])
            for name in names:
                with self.subTest(model=Model.__name__, view=view_type,
                        field=name):
                    element, = arch.xpath('//field[@name="%s"]' % name)
                    if view_type == 'form':
                        self.assertEqual(
                            len(arch.xpath('//label[@name="%s"]' % name)), 1)
                        # The supplier sets it in the portal
                        self.assertTrue(
                            view['fields'][name].get('readonly')
                            or element.get('readonly') == '1')


del ModuleTestCase
