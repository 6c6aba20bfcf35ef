# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The shop's catalogue index of a round (coop_portal.catalogue): how it
searches, and that a change in the back office shows on the next page,
since each process keeps the index in memory."""
import unittest
from decimal import Decimal

from trytond.modules.coop_central_purchase.offer import OfferTerms
from trytond.modules.coop_portal.catalogue import (
    CatalogueIndex, CatalogueOffer, fold)
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME
from trytond.transaction import Transaction

import portal_fixtures
from portal_client import found, text
from test_portal_http import PortalTestMixin


class CatalogueIndexTestCase(unittest.TestCase):
    "The search of the index, without a database"

    def setUp(self):
        # offer ids 1-4 of suppliers 10 and 20, categories 7 and 8
        names = {
            1: ("Azúcar común 1 kg", 'AZ01'),
            2: ("Aceite de girasol 1,5 l", 'AC15'),
            3: ("Yerba mate 1 kg", 'YM1'),
            4: ("ACEITE de oliva 500 ml", ''),
            }
        suppliers = {1: 10, 2: 20, 3: 10, 4: 20}
        supplier_names = {10: "La Litoraleña", 20: "Olivares Coop."}
        categories = {1: {7}, 2: {7}, 3: {7, 8}, 4: set()}
        terms = OfferTerms(Decimal(100), (), None, None, None, 1.0)
        self.index = CatalogueIndex(
            [(fold(n), i, fold(c), suppliers[i], frozenset(categories[i]))
                for i, (n, c) in names.items()],
            {i: CatalogueOffer(i, n, c, supplier_names[suppliers[i]], 'u',
                    None, False, 1.0, None, terms)
                for i, (n, c) in names.items()},
            [(8, "Yerba"), (7, "Almacén")],
            [(20, "Olivares Coop."), (10, "La Litoraleña")])

    def test_fold(self):
        self.assertEqual(fold("Azúcar ÑANDÚ"), 'azucar nandu')
        self.assertEqual(fold(None), '')

    def test_sorted_by_name(self):
        self.assertEqual(self.index.search(), [2, 4, 1, 3])

    def test_search_ignores_case_and_accents(self):
        self.assertEqual(self.index.search('aceite'), [2, 4])
        self.assertEqual(self.index.search('AZUCAR'), [1])
        self.assertEqual(self.index.search('azúcar'), [1])
        self.assertEqual(self.index.search('lentejas'), [])

    def test_search_codes(self):
        self.assertEqual(self.index.search('ym1'), [3])

    def test_filters(self):
        self.assertEqual(self.index.search(category=8), [3])
        self.assertEqual(self.index.search(supplier=20), [2, 4])
        self.assertEqual(self.index.search(category=7, supplier=10), [1, 3])
        self.assertEqual(
            self.index.search('kg', category=7, supplier=10), [1, 3])
        self.assertEqual(self.index.search(category=99), [])
        self.assertEqual(self.index.search(supplier=99), [])

    def test_filter_choices_sorted_by_name(self):
        self.assertEqual(self.index.categories, ((7, "Almacén"), (8, "Yerba")))
        self.assertEqual(self.index.suppliers,
            ((10, "La Litoraleña"), (20, "Olivares Coop.")))
        shown, = self.index.page([3])
        self.assertEqual((shown.name, shown.code, shown.supplier_name),
            ("Yerba mate 1 kg", 'YM1', "La Litoraleña"))


class CatalogueChangesTestCase(PortalTestMixin, unittest.TestCase):
    """What the back office changes shows on the buyer's next page: the
    index of the round is cleared by each change it is made of"""

    def catalogue(self, client, query=''):
        return text(client.page(
                'shop/round/%s%s' % (self.ids['round'], query)))

    def change(self, func):
        portal_fixtures.in_transaction(DB_NAME, func, user=1)

    def test_search_without_accents(self):
        client = self.client('buyer_a')
        self.assertIn('Yerba mate 1 kg', self.catalogue(client, '?q=YERBA'))
        self.assertIn(found(1), self.catalogue(client, '?q=YERBA'))
        # by the product's code
        body = self.catalogue(client, '?q=p00001')
        self.assertIn('Detergente 750 ml', body)
        self.assertNotIn('Yerba mate 1 kg', body)

    def test_new_offer_shows_at_once(self):
        client = self.client('buyer_a')
        self.assertIn(found(2), self.catalogue(client))

        def add_offer():
            pool = Pool()
            Template = pool.get('product.template')
            Offer = pool.get('coop.round.offer')
            yerba = Offer(self.ids['offer_x'])
            template, = Template.copy([yerba.product.template], default={
                    'name': "Azúcar común 1 kg", 'code': 'AZ01'})
            offer, = Offer.create([{
                        'round': self.ids['round'],
                        'supplier': self.ids['supplier_y'],
                        'product': template.products[0].id,
                        'unit': yerba.unit.id,
                        'unit_price': Decimal('80'),
                        }])
            self.ids['offer_sugar'] = offer.id
        self.change(add_offer)
        body = self.catalogue(client, '?q=azucar')
        self.assertIn(found(1), body)
        self.assertIn('Azúcar común 1 kg', body)
        self.assertIn('id="offer-%s"' % self.ids['offer_sugar'], body)

        def remove_offer():
            Offer = Pool().get('coop.round.offer')
            Offer.delete([Offer(self.ids['offer_sugar'])])
        self.change(remove_offer)
        self.assertIn(found(0), self.catalogue(client, '?q=azucar'))
        self.assertIn(found(2), self.catalogue(client))

    def test_renamed_product_shows_at_once(self):
        client = self.client('buyer_a')
        self.assertIn('Detergente 750 ml', self.catalogue(client))

        def rename(name):
            def func():
                Offer = Pool().get('coop.round.offer')
                Template = Pool().get('product.template')
                template = Offer(self.ids['offer_y']).product.template
                with Transaction().set_context(language='es_419'):
                    Template.write([Template(template.id)], {'name': name})
            return func
        self.change(rename("Detergente líquido 750 ml"))
        try:
            body = self.catalogue(client, '?q=liquido')
            self.assertIn('Detergente líquido 750 ml', body)
            self.assertIn(found(1), body)
        finally:
            self.change(rename("Detergente 750 ml"))
        self.assertIn(found(0), self.catalogue(client, '?q=liquido'))

    def test_category_and_supplier_changes_show_at_once(self):
        client = self.client('buyer_a')
        almacen = '?category=%s' % self.ids['category_almacen']
        self.assertNotIn('Detergente 750 ml', self.catalogue(client, almacen))

        def categories(action):
            def func():
                Offer = Pool().get('coop.round.offer')
                Template = Pool().get('product.template')
                template = Offer(self.ids['offer_y']).product.template
                Template.write([template], {'categories': [
                            (action, [self.ids['category_almacen']])]})
            return func

        def rename_supplier(name):
            def func():
                Party = Pool().get('party.party')
                Party.write([Party(self.ids['supplier_y'])], {'name': name})
            return func
        self.change(categories('add'))
        self.change(rename_supplier("Cooperativa Y de Trabajo Limpia"))
        try:
            body = self.catalogue(client, almacen)
            self.assertIn('Detergente 750 ml', body)
            self.assertIn('Cooperativa Y de Trabajo Limpia', body)
        finally:
            self.change(categories('remove'))
            self.change(rename_supplier("Cooperativa Y de Trabajo"))
        self.assertNotIn('Detergente 750 ml', self.catalogue(client, almacen))

    def test_price_and_tier_changes_show_at_once(self):
        "The terms of the live figures are kept in the index too"
        client = self.client('buyer_a')
        query = '?q=YERBA'

        def money(value):
            Lang = Pool().get('ir.lang')
            return Lang.get('es_419').format_number(Decimal(value), 2)
        price = 'data-testid="price">%s<'
        base, changed, tier_price = (
            portal_fixtures.in_transaction(DB_NAME, lambda: money(v))
            for v in ['100', '98', '95'])
        self.assertIn(price % base, self.catalogue(client, query))

        def set_price(unit_price):
            def func():
                Offer = Pool().get('coop.round.offer')
                Offer.write([Offer(self.ids['offer_x'])],
                    {'unit_price': unit_price})
            return func

        def tier(add):
            def func():
                Tier = Pool().get('coop.round.offer.tier')
                if add:
                    Tier.create([{'offer': self.ids['offer_x'],
                                'quantity': 12, 'unit_price': Decimal('95')}])
                else:
                    Tier.delete(Tier.search([
                                ('offer', '=', self.ids['offer_x']),
                                ('quantity', '=', 12),
                                ]))
            return func
        self.change(set_price(Decimal('98')))
        try:
            self.assertIn(price % changed, self.catalogue(client, query))
            # A tier alone, and it is the next one
            self.change(tier(True))
            self.assertIn('%s desde 12 u' % tier_price,
                self.catalogue(client, query))
        finally:
            self.change(tier(False))
            self.change(set_price(Decimal('100')))
        body = self.catalogue(client, query)
        self.assertIn(price % base, body)
        self.assertNotIn(tier_price, body)

    def test_order_amount_in_header(self):
        "The header's amount is the order's, at the combined quantity"
        client = self.client('buyer_b')
        round_path = 'shop/round/%s' % self.ids['round']
        client.page(round_path)
        for offer, quantity in [('offer_x', '24'), ('offer_y', '3')]:
            response = client.send('shop/offer/%s' % self.ids[offer],
                {'quantity': quantity}, headers={'HX-Request': 'true'})
            self.assertEqual(response.status_code, 200)
        try:
            def amount():
                pool = Pool()
                Order = pool.get('coop.round.order')
                Lang = pool.get('ir.lang')
                order, = Order.search([
                        ('round', '=', self.ids['round']),
                        ('cooperative', '=', self.ids['buyer_b']),
                        ])
                return order.amount, Lang.get('es_419').format_number(
                    order.amount, 2)
            expected, shown = portal_fixtures.in_transaction(
                DB_NAME, amount)
            # 24 reach the tier of 90; 3 at 100
            self.assertEqual(expected, Decimal('2460.00'))
            self.assertIn('su pedido: %s' % shown, self.catalogue(client))
        finally:
            for offer in ['offer_x', 'offer_y']:
                client.send('shop/offer/%s' % self.ids[offer],
                    {'quantity': '0'}, headers={'HX-Request': 'true'})
