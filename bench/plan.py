# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The plan of the benchmark data: deterministic, without the database.

plan() draws everything from a seeded random generator: the catalogue
(products, their supplier, price, case, tiers, capacity, minimum) and the
demand (which co-op orders how much of what, in the order the lines are
placed). bench.generate loads the same plan on either path, so both get the
same demand. No trytond import here: trytond must be configured before it
is imported."""
import dataclasses
import math
import random
from decimal import Decimal

from stdnum.ar import cuit as stdnum_cuit

CASE_SIZES = [6, 12, 24]


@dataclasses.dataclass(frozen=True)
class Spec:
    coops: int
    suppliers: int
    products: int
    lines_per_coop: int
    seed: int = 2016

    @property
    def lines(self):
        return self.coops * self.lines_per_coop

    def __str__(self):
        return (f"{self.coops:,} co-ops x {self.lines_per_coop:,} lines = "
            f"{self.lines:,} lines, {self.products:,} products/offers, "
            f"{self.suppliers:,} suppliers")


@dataclasses.dataclass
class ProductPlan:
    name: str
    supplier: int  # index in Plan.suppliers
    unit_price: Decimal
    reference_price: Decimal
    case_size: float | None = None
    case_required: bool = False
    tiers: list = dataclasses.field(default_factory=list)
    capacity: float | None = None
    minimum_quantity: float | None = None


@dataclasses.dataclass
class PartyPlan:
    name: str
    kind: str | None  # coop_kind
    cuit: str | None = None
    inaes: str | None = None


@dataclasses.dataclass
class Plan:
    spec: Spec
    suppliers: list
    coops: list
    products: list
    # [(co-op index, product index, quantity)] in the order placed
    demand: list


def _cuit(serial):
    number = '30%08d' % (70_000_000 + serial)
    number += stdnum_cuit.calc_check_digit(number)
    return stdnum_cuit.format(number)


def plan(spec):
    rng = random.Random(spec.seed)
    serial = iter(range(1, 10**6))

    suppliers = []
    for i in range(spec.suppliers):
        # Half approved worker co-ops, half other suppliers
        if i % 2 == 0:
            n = next(serial)
            suppliers.append(PartyPlan(
                    f"Cooperativa de Trabajo Proveedora {i + 1:03d} Ltda.",
                    'worker', _cuit(n), str(50_000 + n)))
        else:
            suppliers.append(PartyPlan(
                    f"Distribuidora Mayorista {i + 1:03d} S.A.", None))
    coops = []
    for i in range(spec.coops):
        n = next(serial)
        coops.append(PartyPlan(
                f"Cooperativa de Consumo {i + 1:03d} Ltda.",
                'consumer', _cuit(n), str(50_000 + n)))

    products = []
    for i in range(spec.products):
        unit_price = Decimal(rng.randint(200, 20_000)) / 100
        reference = (unit_price * rng.randint(105, 130) / 100).quantize(
            Decimal('0.01'))
        product = ProductPlan(
            f"Producto {i + 1:04d}", i % spec.suppliers, unit_price,
            reference)
        if rng.random() < 0.3:
            product.case_size = float(rng.choice(CASE_SIZES))
            product.case_required = rng.random() < 0.5
        products.append(product)

    demand = []
    totals = [0] * spec.products
    for c in range(spec.coops):
        for p in rng.sample(range(spec.products), spec.lines_per_coop):
            product = products[p]
            if product.case_required:
                quantity = product.case_size * rng.randint(1, 4)
            else:
                quantity = float(rng.randint(1, 40))
            demand.append((c, p, quantity))
            totals[p] += quantity

    # Tiers, capacities and minimums around the demand each offer gets, so
    # that consolidation has tiers to reach and capacity to share.
    for product, total in zip(products, totals):
        base = max(total, 20)
        if rng.random() < 0.4:
            product.tiers = [
                (float(math.ceil(base * 0.5)),
                    (product.unit_price * Decimal('0.95')).quantize(
                        Decimal('0.0001'))),
                (float(math.ceil(base * 1.5)),
                    (product.unit_price * Decimal('0.90')).quantize(
                        Decimal('0.0001'))),
                ]
        if total and rng.random() < 0.05:
            product.capacity = float(max(1, math.floor(total * 0.7)))
        if rng.random() < 0.1:
            product.minimum_quantity = float(
                math.ceil(base * rng.choice([0.5, 1.5])))
    return Plan(spec, suppliers, coops, products, demand)
