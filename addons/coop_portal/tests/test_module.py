# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
import unittest
from decimal import Decimal

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

    @with_transaction()
    def test_numbers_and_dates(self):
        "The portal writes numbers and dates as Tryton's languages do"
        pool = Pool()
        Lang = pool.get('ir.lang')
        spanish, = Lang.search([('code', '=', 'es_419')])
        english, = Lang.search([('code', '=', 'en')])
        values = [0, 1, 7.5, Decimal('0.005'), Decimal('1234.565'),
            Decimal('-1234567.891'), 10 ** 9]

        def check(code):
            lang = Lang.get(code)  # as written last
            for value in values:
                for digits in [0, 2]:
                    with self.subTest(lang=lang.code, grouping=lang.grouping,
                            value=value, digits=digits):
                        self.assertEqual(
                            Lang.portal_number(lang.code, value, digits),
                            lang.format_number(value, digits))
        check('en')
        self.assertEqual(Lang.portal_number('en', 1234567.5, 2),
            '1,234,567.50')
        # As Argentina writes them
        Lang.write([spanish], {'decimal_point': ',', 'thousands_sep': '.'})
        check('es_419')
        self.assertEqual(Lang.portal_number('es_419', 1234567.5, 2),
            '1.234.567,50')
        # Digits not grouped by three are left to Tryton
        Lang.write([english], {'grouping': '[3, 2, 0]'})
        check('en')
        self.assertEqual(Lang.portal_number('en', 1234567.5, 2),
            '12,34,567.50')

        closes = dt.datetime(2016, 9, 30, 18, 5)
        delivery = dt.date(2016, 10, 7)
        self.assertEqual(Lang.portal_date('es_419', delivery), '07/10/2016')
        self.assertEqual(
            Lang.portal_date('es_419', closes), '30/09/2016\xa018:05')
        Lang.write([spanish], {'date': '%d %b %Y'})
        self.assertEqual(Lang.portal_date('es_419', delivery),
            Lang.get('es_419').strftime(delivery))


del ModuleTestCase
