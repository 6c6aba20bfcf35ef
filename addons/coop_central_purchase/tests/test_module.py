# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import unittest
from decimal import Decimal as D

from trytond.modules.company.tests import CompanyTestMixin
from trytond.modules.coop_central_purchase.allocation import (
    allocate, check_tiers, next_tier, round_to_step, tier_price)
from trytond.tests.test_tryton import ModuleTestCase


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


del ModuleTestCase
