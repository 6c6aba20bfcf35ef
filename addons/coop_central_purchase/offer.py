# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from sql import Null, Select
from sql.aggregate import Count, Sum
from sql.conditionals import Case

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Check, ModelSQL, ModelView, Unique, fields
from trytond.modules.product import price_digits, round_price
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .allocation import (
    allocate, check_tiers, next_tier, round_to_step, tier_price, to_decimal)
from .exceptions import OfferValidationError, TierValidationError


def _in(column, ids):
    return fields.SQL_OPERATORS['in'](column, ids)


def quantity_step(case_size, case_required, unit_rounding):
    """The step of a co-op's quantity: whole cases where the offer
    requires them, else the rounding of its unit"""
    if case_size and case_required:
        return case_size
    return unit_rounding


def current_price(unit_price, tiers, quantity):
    "The unit price, rounded, that the combined quantity reaches"
    return round_price(
        tier_price(to_decimal(unit_price), tiers, to_decimal(quantity)))


class OfferTerms(NamedTuple):
    """The terms of an offer that its live figures depend on, as plain
    values: a catalogue keeps them in memory between requests, where
    records cannot live"""
    unit_price: Decimal
    # ((minimum quantity, unit price), ...), in Decimal
    tiers: tuple
    # None where the offer has none
    minimum_quantity: float
    minimum_amount: Decimal
    capacity: float
    unit_rounding: float

    def current_price(self, quantity):
        return current_price(self.unit_price, self.tiers, quantity)

    def live_figures(self, quantity):
        "The figures a co-op sees for a combined quantity"
        Uom = Pool().get('product.uom')
        # An unsaved unit rounds as the offer's own
        unit = Uom(rounding=self.unit_rounding)
        quantity_d = to_decimal(quantity)
        tiers = self.tiers
        price = tier_price(self.unit_price, tiers, quantity_d)
        upcoming = next_tier(tiers, quantity_d)
        missing_minimum = Decimal(0)
        if self.minimum_quantity:
            missing_minimum = max(
                to_decimal(self.minimum_quantity) - quantity_d,
                missing_minimum)
        if self.minimum_amount and price:
            missing_amount = (self.minimum_amount - quantity_d * price) / price
            missing_minimum = max(missing_amount, missing_minimum)
        if upcoming:
            progress = float(quantity_d / upcoming[0]) if upcoming[0] else 1.0
        else:
            progress = 1.0
        return {
            'ordered_quantity': unit.round(float(quantity)),
            'current_unit_price': self.current_price(quantity),
            'next_tier_quantity': float(upcoming[0]) if upcoming else None,
            'next_tier_price': round_price(upcoming[1]) if upcoming else None,
            'missing_to_next_tier': (
                unit.round(float(upcoming[0] - quantity_d))
                if upcoming else None),
            'missing_to_minimum': unit.ceil(float(missing_minimum)),
            'remaining_capacity': (
                unit.round(max(self.capacity - float(quantity), 0))
                if self.capacity else None),
            'tier_progress': progress,
            }


class Offer(ModelSQL, ModelView):
    "Offer of a supplier in a purchase round"
    __name__ = 'coop.round.offer'
    __string__ = "Round Offer"

    _states = {
        'readonly': Eval('round_state') != 'draft',
        }
    round = fields.Many2One(
        'coop.round', "Round", required=True, ondelete='CASCADE',
        states=_states)
    round_state = fields.Function(fields.Selection(
            'get_round_states', "Round State"),
        'on_change_with_round_state')
    supplier = fields.Many2One(
        'party.party', "Supplier", required=True, ondelete='RESTRICT',
        domain=['OR',
            ('coop_kind', '=', None),
            [
                ('coop_kind', '=', 'worker'),
                ('supplier_status', '=', 'approved'),
                ],
            ],
        states=_states,
        help="An approved worker co-op, or another supplier.")
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='RESTRICT',
        domain=[('purchasable', '=', True), ('salable', '=', True)],
        states=_states)
    unit = fields.Many2One(
        'product.uom', "Unit", required=True, ondelete='RESTRICT',
        domain=[('category', '=', Eval('product_uom_category', -1))],
        states=_states)
    product_uom_category = fields.Function(
        fields.Many2One('product.uom.category', "Product UoM Category"),
        'on_change_with_product_uom_category')
    unit_price = fields.Numeric(
        "Unit Price", digits=price_digits, required=True,
        domain=[('unit_price', '>=', 0)], states=_states,
        help="The common price, before volume tiers.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    tiers = fields.One2Many(
        'coop.round.offer.tier', 'offer', "Volume Tiers", states=_states,
        help="Lower unit prices unlocked by the combined quantity of all "
        "co-ops.")
    case_size = fields.Float(
        "Case Size", digits='unit', states=_states,
        domain=['OR',
            ('case_size', '=', None),
            ('case_size', '>', 0),
            ],
        help="The quantity of a case: the supplier ships whole cases.")
    case_required = fields.Boolean(
        "Whole Cases Only",
        states={
            'readonly': _states['readonly'],
            'invisible': ~Eval('case_size'),
            },
        help="Co-ops may order only multiples of the case size.")
    minimum_quantity = fields.Float(
        "Minimum Quantity", digits='unit', states=_states,
        domain=['OR',
            ('minimum_quantity', '=', None),
            ('minimum_quantity', '>=', 0),
            ],
        help="The smallest combined quantity that the supplier accepts.")
    minimum_amount = fields.Numeric(
        "Minimum Amount", digits=(16, 2), states=_states,
        domain=['OR',
            ('minimum_amount', '=', None),
            ('minimum_amount', '>=', 0),
            ],
        help="The smallest combined amount that the supplier accepts.")
    capacity = fields.Float(
        "Capacity", digits='unit', states=_states,
        domain=['OR',
            ('capacity', '=', None),
            ('capacity', '>', 0),
            ],
        help="The most that the supplier can deliver for the round.")
    reference_price = fields.Function(fields.Numeric(
            "Reference Price", digits=price_digits),
        'get_reference_price')

    ordered_quantity = fields.Function(fields.Float(
            "Ordered Quantity", digits='unit',
            help="The combined quantity ordered so far by all co-ops."),
        'get_live_figures')
    ordering_coops = fields.Function(fields.Integer(
            "Co-ops Ordering"), 'get_live_figures')
    current_unit_price = fields.Function(fields.Numeric(
            "Current Unit Price", digits=price_digits,
            help="The price of the tier reached so far."),
        'get_live_figures')
    next_tier_quantity = fields.Function(fields.Float(
            "Next Tier Quantity", digits='unit'), 'get_live_figures')
    next_tier_price = fields.Function(fields.Numeric(
            "Next Tier Price", digits=price_digits), 'get_live_figures')
    missing_to_next_tier = fields.Function(fields.Float(
            "Missing to Next Tier", digits='unit'), 'get_live_figures')
    missing_to_minimum = fields.Function(fields.Float(
            "Missing to Minimum", digits='unit',
            help="The quantity still missing to reach the supplier "
            "minimum, in quantity or in amount at the current price."),
        'get_live_figures')
    remaining_capacity = fields.Function(fields.Float(
            "Remaining Capacity", digits='unit'), 'get_live_figures')
    tier_progress = fields.Function(fields.Float(
            "Progress to Next Tier",
            help="How far the combined quantity is toward the next tier."),
        'get_live_figures')

    consolidated_quantity = fields.Float(
        "Consolidated Quantity", digits='unit', readonly=True)
    final_unit_price = fields.Numeric(
        "Final Unit Price", digits=price_digits, readonly=True)
    consolidation = fields.Selection([
            (None, ""),
            ('ok', "Ordered"),
            ('allocated', "Allocated on Capacity"),
            ('below_minimum_kept', "Below Minimum, Kept"),
            ('below_minimum_cancelled', "Below Minimum, Cancelled"),
            ('no_demand', "No Demand"),
            ], "Consolidation", readonly=True)
    consolidation_string = consolidation.translated('consolidation')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('round_supplier_product_unique',
                Unique(t, t.round, t.supplier, t.product),
                'coop_central_purchase.msg_offer_unique'),
            ]
        cls._order = [
            ('round', 'DESC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def get_round_states(cls):
        pool = Pool()
        Round = pool.get('coop.round')
        return Round.fields_get(['state'])['state']['selection']

    @fields.depends('round', '_parent_round.state')
    def on_change_with_round_state(self, name=None):
        return self.round.state if self.round else None

    @fields.depends('round', '_parent_round.company')
    def on_change_with_currency(self, name=None):
        if self.round and self.round.company:
            return self.round.company.currency

    @fields.depends('product')
    def on_change_with_product_uom_category(self, name=None):
        if self.product:
            return self.product.default_uom_category

    @fields.depends('product', 'unit')
    def on_change_product(self):
        if self.product:
            category = self.product.purchase_uom.category
            if not self.unit or self.unit.category != category:
                self.unit = self.product.purchase_uom

    @classmethod
    def get_reference_price(cls, offers, name):
        return {i: p[1] for i, p in cls.get_prices(offers).items()}

    @staticmethod
    def offer_conditions(offers):
        """SQL conditions on a column of offer ids, one per slice of
        offers: records, ids, or a python-sql query of offer ids (one
        condition, with no parameter per offer)"""
        if isinstance(offers, Select):
            yield lambda column: column.in_(offers)
            return
        ids = list({int(o) for o in offers})
        for sub_ids in grouped_slice(ids, backend.MAX_QUERY_PARAMS):
            yield partial(_in, ids=list(sub_ids))

    @classmethod
    def get_prices(cls, offers):
        """The unit price that each offer has now (its final price once
        consolidated, else the price of the tier that the combined
        quantity reaches) and its reference price in the offer's unit, as
        {offer id: (unit price, reference price)}.

        offers are records, ids or a query of ids (offer_conditions): three
        queries per slice, so that an order of a thousand lines costs
        little more than one of ten."""
        pool = Pool()
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        offer = cls.__table__()
        product = Product.__table__()
        template = Template.__table__()
        cursor = Transaction().connection.cursor()
        rows = []
        for condition in cls.offer_conditions(offers):
            cursor.execute(*offer.join(product,
                    condition=offer.product == product.id
                    ).join(template,
                    condition=product.template == template.id
                    ).select(*cls.price_columns(offer, template),
                    where=condition(offer.id)))
            rows.extend(cursor)
        return cls.compute_prices(rows, offers)

    @staticmethod
    def price_columns(offer, template):
        "The columns that compute_prices reads, of an offer and its template"
        return [offer.id, offer.unit_price, offer.final_unit_price,
            offer.unit, template.default_uom, template.coop_reference_price]

    @classmethod
    def compute_prices(cls, rows, offers):
        """The prices of get_prices from rows of price_columns, with the
        tiers and the demand of offers (as offer_conditions takes them)"""
        pool = Pool()
        Uom = pool.get('product.uom')
        tiers = cls.get_tiers(offers)
        demand = cls.get_demand(offers)
        units = {u.id: u for u in Uom.browse(
                {r[i] for r in rows if r[3] != r[4] for i in [3, 4]})}
        prices = {}
        for (offer_id, unit_price, final_price, unit, default_uom,
                reference) in rows:
            if final_price is not None:
                price = to_decimal(final_price)
            else:
                price = current_price(
                    unit_price, tiers[offer_id], demand[offer_id][0])
            if reference is not None:
                # The reference price is per default unit of the product
                reference = to_decimal(reference)
                if default_uom != unit:
                    reference = Uom.compute_price(
                        units[default_uom], reference, units[unit])
                reference = round_price(reference)
            prices[offer_id] = (price, reference)
        return prices

    @classmethod
    def get_demand(cls, offers):
        """The combined quantity and the number of co-ops ordering of each
        offer (records, ids or a query of ids: offer_conditions), with one
        aggregate query per slice; (0, 0) for an offer nobody ordered."""
        pool = Pool()
        Line = pool.get('coop.round.order.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        demand = defaultdict(lambda: (0.0, 0))
        for condition in cls.offer_conditions(offers):
            cursor.execute(*line.select(
                    line.offer, Sum(line.quantity), Count(line.order),
                    where=condition(line.offer) & (line.quantity > 0),
                    group_by=[line.offer]))
            for offer_id, quantity, coops in cursor:
                demand[offer_id] = (quantity or 0.0, coops)
        return demand

    @classmethod
    def get_cooperative_demand(cls, offers, cooperative):
        """get_demand with, in the same query, the quantity that the co-op
        (an id) ordered of each offer: {offer id: (combined quantity,
        co-ops ordering, the co-op's quantity or None)}"""
        pool = Pool()
        Line = pool.get('coop.round.order.line')
        Order = pool.get('coop.round.order')
        line = Line.__table__()
        order = Order.__table__()
        cursor = Transaction().connection.cursor()
        ordered = line.quantity > 0
        demand = defaultdict(lambda: (0.0, 0, None))
        for condition in cls.offer_conditions(offers):
            cursor.execute(*line.join(order,
                    condition=line.order == order.id
                    ).select(line.offer,
                    Sum(Case((ordered, line.quantity), else_=0)),
                    Sum(Case((ordered, 1), else_=0)),
                    Sum(Case(
                            (order.cooperative == cooperative, line.quantity),
                            else_=Null)),
                    where=condition(line.offer),
                    group_by=[line.offer]))
            for offer_id, quantity, coops, own in cursor:
                demand[offer_id] = (quantity or 0.0, coops or 0, own)
        return demand

    def tier_list(self):
        return [(to_decimal(t.quantity), t.unit_price) for t in self.tiers]

    @classmethod
    def get_live_figures(cls, offers, names):
        demand = cls.get_demand(offers)
        terms = cls.get_live_terms(offers)
        result = {n: {} for n in names}
        for offer in offers:
            quantity, coops = demand[offer.id]
            figures = terms[offer.id].live_figures(quantity)
            figures['ordering_coops'] = coops
            for name in names:
                result[name][offer.id] = figures[name]
        return result

    @classmethod
    def get_tiers(cls, offers):
        """{offer id: [(minimum quantity, unit price)]} of the offers (as
        offer_conditions takes them), sorted, in Decimal: one query per
        slice"""
        pool = Pool()
        Tier = pool.get('coop.round.offer.tier')
        tier = Tier.__table__()
        cursor = Transaction().connection.cursor()
        tiers = defaultdict(list)
        for condition in cls.offer_conditions(offers):
            cursor.execute(*tier.select(
                    tier.offer, tier.quantity, tier.unit_price,
                    where=condition(tier.offer)))
            for offer_id, quantity, unit_price in cursor:
                tiers[offer_id].append(
                    (to_decimal(quantity), to_decimal(unit_price)))
        for offer_tiers in tiers.values():
            offer_tiers.sort()
        return tiers

    @classmethod
    def get_live_terms(cls, offers):
        """{offer id: OfferTerms} of the offers (records, ids or a query of
        ids: offer_conditions), read in SQL: two queries per slice"""
        pool = Pool()
        Uom = pool.get('product.uom')
        offer = cls.__table__()
        uom = Uom.__table__()
        cursor = Transaction().connection.cursor()
        tiers = cls.get_tiers(offers)
        rows = []
        for condition in cls.offer_conditions(offers):
            cursor.execute(*offer.join(uom,
                    condition=offer.unit == uom.id
                    ).select(offer.id, offer.unit_price,
                    offer.minimum_quantity, offer.minimum_amount,
                    offer.capacity, uom.rounding,
                    where=condition(offer.id)))
            rows.extend(cursor)
        return {
            offer_id: OfferTerms(to_decimal(unit_price),
                tuple(tiers[offer_id]), minimum_quantity,
                to_decimal(minimum_amount)
                if minimum_amount is not None else None,
                capacity, rounding)
            for (offer_id, unit_price, minimum_quantity, minimum_amount,
                capacity, rounding) in rows}

    @classmethod
    def validate_fields(cls, offers, field_names):
        super().validate_fields(offers, field_names)
        cls.check_suppliers(offers, field_names)
        cls.check_tier_prices(offers, field_names)

    @classmethod
    def check_suppliers(cls, offers, field_names=None):
        "Only approved suppliers may have offers"
        if field_names and not (field_names & {'supplier', 'round'}):
            return
        for offer in offers:
            supplier = offer.supplier
            if supplier.coop_kind and supplier.supplier_status != 'approved':
                raise OfferValidationError(
                    gettext('coop_central_purchase.msg_offer_supplier_status',
                        supplier=supplier.rec_name,
                        status=supplier.supplier_status_string or '-',
                        offer=offer.rec_name))

    @classmethod
    def check_tier_prices(cls, offers, field_names=None):
        if field_names and not (field_names & {'unit_price', 'tiers'}):
            return
        for offer in offers:
            wrong = check_tiers(offer.unit_price, offer.tier_list())
            if wrong:
                (previous_quantity, previous_price), (quantity, price) = wrong
                raise TierValidationError(
                    gettext('coop_central_purchase.msg_tier_not_decreasing',
                        offer=offer.rec_name,
                        quantity=quantity, price=price,
                        previous_quantity=previous_quantity,
                        previous_price=previous_price))

    def get_rec_name(self, name):
        return '%s - %s' % (self.product.rec_name, self.supplier.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('product.rec_name', operator, operand, *extra),
            ('supplier.rec_name', operator, operand, *extra),
            ]

    # Not "order_step": Tryton takes "order_<name>" for a field's ordering
    @property
    def quantity_step(self):
        return quantity_step(
            self.case_size, self.case_required, self.unit.rounding)

    @property
    def allocation_step(self):
        "The smallest quantity that can be shipped"
        return to_decimal(self.case_size or self.unit.rounding)

    def consolidate(self, lines, policy):
        """Consolidate the demand of the lines, [(line id, quantity)] in the
        order they were placed, under the minimum policy.

        Returns the values of the offer and {line id: allocated quantity}.
        The rule for cases: each co-op's quantity is rounded to the nearest
        whole case (halves up, never to zero); when that exceeds the
        capacity, the capacity is shared pro rata in whole cases instead
        (see allocation.allocate)."""
        quantity = sum((to_decimal(q) for _, q in lines), Decimal(0))
        price = tier_price(self.unit_price, self.tier_list(), quantity)
        values = {'final_unit_price': round_price(price)}
        if not lines:
            values.update(consolidated_quantity=0, consolidation='no_demand')
            return values, {}

        state = 'ok'
        below_minimum = (
            (self.minimum_quantity
                and quantity < to_decimal(self.minimum_quantity))
            or (self.minimum_amount
                and quantity * price < self.minimum_amount))
        if below_minimum:
            if policy == 'cancel':
                values.update(
                    consolidated_quantity=0,
                    consolidation='below_minimum_cancelled')
                return values, {line_id: 0 for line_id, _ in lines}
            state = 'below_minimum_kept'

        step = self.allocation_step
        if self.case_size:
            allocated = {line_id: round_to_step(q, step)
                for line_id, q in lines}
        else:
            allocated = {line_id: to_decimal(q) for line_id, q in lines}
        total = sum(allocated.values(), Decimal(0))
        if self.capacity and total > to_decimal(self.capacity):
            allocated = allocate(lines, self.capacity, step)
            total = sum(allocated.values(), Decimal(0))
            state = 'allocated'
        values.update(
            consolidated_quantity=float(total),
            consolidation=state)
        return values, allocated

    def get_line_values(self):
        "The values that the purchase and sale lines of the offer share"
        return {
            'type': 'line',
            'product': self.product.id,
            'unit': self.unit.id,
            'unit_price': self.final_unit_price,
            }

    def get_purchase_request_values(self, purchase_line, sale_line, warehouse):
        "The request that ties a drop-shipped sale line to its purchase line"
        purchase = purchase_line.purchase
        return {
            'product': self.product.id,
            'party': purchase.party.id,
            'quantity': purchase_line.quantity,
            'unit': purchase_line.unit.id,
            'computed_quantity': purchase_line.quantity,
            'computed_unit': purchase_line.unit.id,
            'purchase_date': purchase.purchase_date,
            'supply_date': purchase.delivery_date,
            'company': purchase.company.id,
            'warehouse': warehouse.id,
            'origin': str(sale_line.sale),
            'customer': purchase.customer.id,
            'delivery_address': purchase.delivery_address.id,
            'purchase_line': purchase_line.id,
            'state': 'purchased',
            'sale_lines': [('add', [sale_line.id])],
            }

    @classmethod
    def copy(cls, offers, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('consolidated_quantity', None)
        default.setdefault('final_unit_price', None)
        default.setdefault('consolidation', None)
        return super().copy(offers, default=default)

    @classmethod
    def create_from_product_suppliers(cls, round_, product_suppliers):
        """Create the offers of a round from suppliers' prices: the price of
        the smallest quantity is the unit price, the others become tiers;
        the case, minimums and capacity come from the supplier's terms."""
        existing = {(o.supplier, o.product) for o in round_.offers}
        to_create = []
        for product_supplier in product_suppliers:
            prices = sorted(
                (p.quantity, round_price(p.unit_price))
                for p in product_supplier.prices)
            if not prices:
                continue
            unit = product_supplier.unit
            (_, unit_price), *breaks = prices
            tiers = []
            for quantity, price in breaks:
                if price < (tiers[-1]['unit_price'] if tiers else unit_price):
                    tiers.append({'quantity': quantity, 'unit_price': price})
            # A price set on the template applies to each of its variants
            products = ([product_supplier.product] if product_supplier.product
                else product_supplier.template.products)
            for product in products:
                key = (product_supplier.party, product)
                if key in existing:
                    continue
                existing.add(key)
                to_create.append({
                        'round': round_.id,
                        'supplier': product_supplier.party.id,
                        'product': product.id,
                        'unit': unit.id,
                        'unit_price': unit_price,
                        'tiers': [('create', tiers)],
                        **product_supplier.get_coop_offer_terms(),
                        })
        return cls.create(to_create)


class OfferTier(ModelSQL, ModelView):
    "Volume tier of an offer"
    __name__ = 'coop.round.offer.tier'
    __string__ = "Offer Volume Tier"

    offer = fields.Many2One(
        'coop.round.offer', "Offer", required=True, ondelete='CASCADE')
    quantity = fields.Float(
        "Minimum Quantity", digits='unit', required=True,
        domain=[('quantity', '>', 0)],
        help="The combined quantity of all co-ops from which the price "
        "applies.")
    unit = fields.Function(fields.Many2One('product.uom', "Unit"),
        'on_change_with_unit')
    unit_price = fields.Numeric(
        "Unit Price", digits=price_digits, required=True,
        domain=[('unit_price', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('offer')
        t = cls.__table__()
        cls._sql_constraints += [
            ('offer_quantity_unique', Unique(t, t.offer, t.quantity),
                'coop_central_purchase.msg_tier_quantity_unique'),
            ('quantity_positive', Check(t, t.quantity > 0),
                'coop_central_purchase.msg_tier_quantity_positive'),
            ]
        cls._order = [
            ('offer', 'ASC'),
            ('quantity', 'ASC'),
            ('id', 'ASC'),
            ]

    @fields.depends('offer', '_parent_offer.unit')
    def on_change_with_unit(self, name=None):
        return self.offer.unit if self.offer else None

    @classmethod
    def validate_fields(cls, tiers, field_names):
        super().validate_fields(tiers, field_names)
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Offer.check_tier_prices(list({t.offer for t in tiers}))
