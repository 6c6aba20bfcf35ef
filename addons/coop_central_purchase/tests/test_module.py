# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import unittest
from decimal import Decimal as D

import datetime as dt

from trytond.exceptions import UserError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.coop_central_purchase.allocation import (
    allocate, check_tiers, next_tier, round_to_step, tier_price)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


class AllocationTestCase(unittest.TestCase):
    "The arithmetic of consolidation"

    def test_tier_price(self):
        tiers = [(D(50), D(95)), (D(100), D(90))]
        self.assertEqual(tier_price(D(100), tiers, D(49)), D(100))
        self.assertEqual(tier_price(D(100), tiers, D(50)), D(95))
        self.assertEqual(tier_price(D(100), tiers, D(99)), D(95))
        self.assertEqual(tier_price(D(100), tiers, D(100)), D(90))
        self.assertEqual(tier_price(D(100), [], D(1000)), D(100))

    def test_next_tier(self):
        tiers = [(D(100), D(90)), (D(50), D(95))]
        self.assertEqual(next_tier(tiers, D(0)), (D(50), D(95)))
        self.assertEqual(next_tier(tiers, D(50)), (D(100), D(90)))
        self.assertIsNone(next_tier(tiers, D(100)))

    def test_check_tiers(self):
        self.assertIsNone(check_tiers(D(10), [(D(5), D(9)), (D(10), D(8))]))
        # A price that rises with the quantity
        self.assertEqual(
            check_tiers(D(10), [(D(5), D(8)), (D(10), D(9))]),
            ((D(5), D(8)), (D(10), D(9))))
        # A tier that costs as much as the base price
        self.assertEqual(
            check_tiers(D(10), [(D(5), D(10))]),
            ((D(0), D(10)), (D(5), D(10))))

    def test_round_to_step(self):
        self.assertEqual(round_to_step(14, 10), 10)
        self.assertEqual(round_to_step(15, 10), 20)
        self.assertEqual(round_to_step(3, 10), 10)
        self.assertEqual(round_to_step(0, 10), 0)

    def test_allocate_pro_rata(self):
        "70, 50 and 15 for 100 in cases of 10"
        self.assertEqual(
            allocate([('a', 70), ('b', 50), ('c', 15)], 100, 10),
            {'a': 50, 'b': 40, 'c': 10})

    def test_allocate_tie_goes_to_first(self):
        "Equal remainders: the earliest line gets the case left"
        self.assertEqual(
            allocate([('a', 10), ('b', 10), ('c', 10)], 20, 10),
            {'a': 10, 'b': 10, 'c': 0})
        self.assertEqual(
            allocate([('c', 10), ('b', 10), ('a', 10)], 20, 10),
            {'c': 10, 'b': 10, 'a': 0})

    def test_allocate_never_over_capacity(self):
        for capacity in range(1, 200):
            result = allocate(
                [('a', 33), ('b', 47), ('c', 9), ('d', 120)], capacity, 6)
            self.assertLessEqual(sum(result.values()), capacity)
            self.assertTrue(all(q % 6 == 0 for q in result.values()))
            self.assertGreater(sum(result.values()), capacity - 6)

    def test_allocate_within_capacity(self):
        "When everything fits, everyone gets its demand in whole steps"
        self.assertEqual(
            allocate([('a', 20), ('b', 30)], 100, 10), {'a': 20, 'b': 30})


class CoopCentralPurchaseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test Coop Central Purchase module"
    module = 'coop_central_purchase'

    def create_coop_supplier_product(self):
        """A consumer co-op, an approved worker co-op and a product that
        both buy and sell, in units"""
        pool = Pool()
        Country = pool.get('country.country')
        Subdivision = pool.get('country.subdivision')
        Party = pool.get('party.party')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        ModelData = pool.get('ir.model.data')
        argentina, = Country.create([{'name': "Argentina", 'code': 'AR'}])
        province, = Subdivision.create([{'name': "Santa Fe",
                    'code': 'AR-S', 'type': 'province',
                    'country': argentina.id}])
        coop, supplier = Party.create([{
                    'name': name, 'coop_kind': kind,
                    'inaes_number': inaes,
                    'iva_condition': 'responsable_inscripto',
                    'province': province.id,
                    'identifiers': [('create', [{
                                    'type': 'ar_vat', 'code': cuit}])],
                    } for name, kind, inaes, cuit in [
                    ("Consumo", 'consumer', '1', '30-52750331-7'),
                    ("Trabajo", 'worker', '2', '30-61773815-1')]])
        Party.set_supplier_status([supplier], 'approved')
        unit = Uom(ModelData.get_id('product', 'uom_unit'))
        template, = Template.create([{
                    'name': "Yerba", 'default_uom': unit.id,
                    'purchase_uom': unit.id, 'sale_uom': unit.id,
                    'purchasable': True, 'salable': True,
                    'products': [('create', [{}])]}])
        return coop, supplier, template, unit

    def create_round(self, company):
        Round = Pool().get('coop.round')
        now = dt.datetime.now()
        round_, = Round.create([{
                    'name': "Ronda", 'company': company.id,
                    'opens': now - dt.timedelta(hours=1),
                    'closes': now + dt.timedelta(days=1),
                    'delivery_date': now.date() + dt.timedelta(days=7),
                    'delivery_model': 'direct'}])
        return round_

    @with_transaction()
    def test_fill_offers(self):
        "A round's offers start from the suppliers' prices and terms"
        pool = Pool()
        ProductSupplier = pool.get('purchase.product_supplier')
        Round = pool.get('coop.round')

        company = create_company()
        with set_company(company):
            _, supplier, template, unit = self.create_coop_supplier_product()
            ProductSupplier.create([{
                        'template': template.id, 'party': supplier.id,
                        'prices': [('create', [
                                    {'quantity': 0, 'unit_price': 10},
                                    {'quantity': 24, 'unit_price': 9},
                                    ])],
                        'coop_case_size': 6, 'coop_case_required': True,
                        'coop_minimum_quantity': 12,
                        'coop_minimum_amount': 100,
                        'coop_capacity': 600,
                        }])
            round_ = self.create_round(company)
            Round.fill_offers([round_])
            offer, = round_.offers
            self.assertEqual(offer.supplier, supplier)
            self.assertEqual(offer.unit, unit)
            self.assertEqual(offer.unit_price, D(10))
            self.assertEqual(
                [(t.quantity, t.unit_price) for t in offer.tiers],
                [(24, D(9))])
            self.assertEqual(
                (offer.case_size, offer.case_required,
                    offer.minimum_quantity, offer.minimum_amount,
                    offer.capacity),
                (6, True, 12, D(100), 600))
            # Each round gets them again; the round's own offer may differ
            next_round = self.create_round(company)
            Round.fill_offers([next_round])
            self.assertEqual(next_round.offers[0].case_size, 6)

            # Without terms the offer has none
            ProductSupplier.write(ProductSupplier.search([]), {
                    'coop_case_size': None, 'coop_minimum_quantity': None,
                    'coop_minimum_amount': None, 'coop_capacity': None})
            last_round = self.create_round(company)
            Round.fill_offers([last_round])
            offer, = last_round.offers
            self.assertEqual(
                (offer.case_size, offer.case_required,
                    offer.minimum_quantity, offer.minimum_amount,
                    offer.capacity),
                (None, False, None, None, None))

    @with_transaction()
    def test_order_set_quantity(self):
        "Set the quantity of a co-op's line for an offer"
        pool = Pool()
        Round = pool.get('coop.round')
        Offer = pool.get('coop.round.offer')
        Order = pool.get('coop.round.order')
        Line = pool.get('coop.round.order.line')

        company = create_company()
        with set_company(company):
            coop, supplier, template, unit = (
                self.create_coop_supplier_product())
            round_ = self.create_round(company)
            offer, = Offer.create([{
                        'round': round_.id, 'supplier': supplier.id,
                        'product': template.products[0].id,
                        'unit': unit.id, 'unit_price': 10,
                        'tiers': [('create', [
                                    {'quantity': 24, 'unit_price': 9}])],
                        'case_size': 6, 'case_required': True}])
            Round.open([round_])

            self.assertIsNone(Order.set_quantity(coop, offer, 0))
            self.assertEqual(Order.search_count([]), 0)
            line = Order.set_quantity(coop, offer, 12)
            self.assertEqual(line.quantity, 12)
            self.assertEqual(line.order.cooperative, coop)
            self.assertEqual(Order.set_quantity(coop, offer, 18), line)
            self.assertEqual(Line(line.id).quantity, 18)

            # The combined demand with the co-op's own quantity, in one query
            self.assertEqual(
                Offer.get_cooperative_demand([offer], coop.id)[offer.id],
                (18, 1, 18))
            self.assertEqual(
                Offer.get_cooperative_demand([offer], supplier.id)[offer.id],
                (18, 1, None))
            # The amount from the offers' terms is the order's, below and
            # at the tier
            terms = Offer.get_live_terms([offer])
            order = line.order
            self.assertEqual(order.compute_open_amount(terms), D(180))
            Order.set_quantity(coop, offer, 24)
            self.assertEqual(Order(order.id).compute_open_amount(terms),
                D(216))
            self.assertEqual(Order(order.id).amount, D(216))
            Order.set_quantity(coop, offer, 18)
            with self.assertRaises(UserError):
                Order.set_quantity(coop, offer, 7)
            self.assertIsNone(Order.set_quantity(coop, offer, 0))
            self.assertEqual(Line.search_count([]), 0)
            self.assertEqual(Order.search_count([]), 1)

            Round.close([round_])
            with self.assertRaises(UserError):
                Order.set_quantity(coop, offer, 6)


del ModuleTestCase
