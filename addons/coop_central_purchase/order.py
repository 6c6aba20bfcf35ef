# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from decimal import Decimal

from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.product import price_digits
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .allocation import to_decimal
from .exceptions import OrderValidationError


class Order(ModelSQL, ModelView):
    "Order of a consumer co-op in a purchase round"
    __name__ = 'coop.round.order'
    __string__ = "Co-op Order"

    _states = {
        'readonly': Eval('round_state') != 'open',
        }
    round = fields.Many2One(
        'coop.round', "Round", required=True, ondelete='CASCADE',
        domain=[('state', '=', 'open')],
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    round_state = fields.Function(fields.Selection(
            'get_round_states', "Round State"),
        'on_change_with_round_state', searcher='search_round_state')
    cooperative = fields.Many2One(
        'party.party', "Co-op", required=True, ondelete='RESTRICT',
        domain=[('coop_kind', '=', 'consumer')],
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    lines = fields.One2Many(
        'coop.round.order.line', 'order', "Lines",
        domain=[('offer.round', '=', Eval('round', -1))],
        states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    amount = fields.Function(Monetary(
            "Amount", currency='currency', digits='currency',
            help="At the prices of the tiers reached so far, or the final "
            "prices once consolidated."),
        'get_amounts')
    reference_amount = fields.Function(Monetary(
            "Reference Amount", currency='currency', digits='currency'),
        'get_amounts')
    savings = fields.Function(Monetary(
            "Savings", currency='currency', digits='currency',
            help="What the co-op saves against the reference prices."),
        'get_amounts')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('round_cooperative_unique', Unique(t, t.round, t.cooperative),
                'coop_central_purchase.msg_order_unique'),
            ]
        cls._order = [
            ('round', 'DESC'),
            ('cooperative', 'ASC'),
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

    @classmethod
    def search_round_state(cls, name, clause):
        return [('round.state', *clause[1:])]

    @fields.depends('round', '_parent_round.company')
    def on_change_with_currency(self, name=None):
        if self.round and self.round.company:
            return self.round.company.currency

    @classmethod
    def get_amounts(cls, orders, names):
        pool = Pool()
        Line = pool.get('coop.round.order.line')
        totals = {o.id: [Decimal(0)] * 3 for o in orders}
        for order_id, amount, reference, savings in (
                Line.get_line_amounts(orders=orders).values()):
            total = totals[order_id]
            total[0] += amount
            total[1] += reference or 0
            total[2] += savings or 0
        result = {n: {} for n in names}
        for order in orders:
            values = dict(zip(
                    ['amount', 'reference_amount', 'savings'],
                    (order.currency.round(v) for v in totals[order.id])))
            for name in names:
                result[name][order.id] = values[name]
        return result

    def compute_open_amount(self, terms):
        """The amount of the order while its round is open, priced with
        terms ({offer id: OfferTerms} of at least the order's offers) at
        the combined quantity of each offer: its amount, from two queries
        (the currency's rounding; the lines with their demand) and no read
        of its offers."""
        pool = Pool()
        Line = pool.get('coop.round.order.line')
        Round = pool.get('coop.round')
        Company = pool.get('company.company')
        Currency = pool.get('currency.currency')
        line = Line.__table__()
        other = Line.__table__()
        order = self.__table__()
        round_ = Round.__table__()
        company = Company.__table__()
        currency = Currency.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*order.join(round_,
                condition=order.round == round_.id
                ).join(company,
                condition=round_.company == company.id
                ).join(currency,
                condition=company.currency == currency.id
                ).select(currency.rounding,
                where=order.id == self.id))
        rounding, = cursor.fetchone()
        # An unsaved currency rounds as the round's own, with no read of
        # the order's round, company and currency
        currency = Currency(rounding=to_decimal(rounding))
        cursor.execute(*line.join(other,
                condition=(other.offer == line.offer) & (other.quantity > 0)
                ).select(line.offer,
                Coalesce(line.allocated_quantity, line.quantity),
                Sum(other.quantity),
                where=line.order == self.id,
                group_by=[line.id, line.offer, line.allocated_quantity,
                    line.quantity]))
        return currency.round(sum(
                (Line.compute_amount(currency, quantity,
                        terms[offer_id].current_price(demand))
                    for offer_id, quantity, demand in cursor),
                Decimal(0)))

    def get_rec_name(self, name):
        return '%s - %s' % (self.round.rec_name, self.cooperative.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('round.rec_name', operator, operand, *extra),
            ('cooperative.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def set_quantity(cls, cooperative, offer, quantity):
        """Set the quantity of the co-op's line for the offer: create the
        co-op's order of the round and its line when needed, remove the line
        when the quantity is 0. Return the line, or None once removed."""
        pool = Pool()
        Round = pool.get('coop.round')
        Line = pool.get('coop.round.order.line')
        Round.check_ordering_open([offer.round])
        lines = Line.search([
                ('order.cooperative', '=', cooperative.id),
                ('offer', '=', offer.id),
                ])
        if lines:
            line, = lines
            if not quantity:
                Line.delete([line])
                return None
            if line.quantity != quantity:
                Line.write([line], {'quantity': quantity})
            return line
        if not quantity:
            return None
        orders = cls.search([
                ('round', '=', offer.round.id),
                ('cooperative', '=', cooperative.id),
                ])
        if orders:
            order, = orders
        else:
            order, = cls.create([{
                        'round': offer.round.id,
                        'cooperative': cooperative.id,
                        }])
        line, = Line.create([{
                    'order': order.id,
                    'offer': offer.id,
                    'quantity': quantity,
                    }])
        return line

    @classmethod
    def check_modification(cls, mode, orders, values=None, external=False):
        pool = Pool()
        Round = pool.get('coop.round')
        super().check_modification(
            mode, orders, values=values, external=external)
        if mode in {'create', 'delete'} or (
                mode == 'write' and values.keys() - {'lines'}):
            Round.check_ordering_open({o.round for o in orders})


class OrderLine(ModelSQL, ModelView):
    "Line of a co-op order"
    __name__ = 'coop.round.order.line'
    __string__ = "Co-op Order Line"

    order = fields.Many2One(
        'coop.round.order', "Order", required=True, ondelete='CASCADE')
    offer = fields.Many2One(
        'coop.round.offer', "Offer", required=True, ondelete='CASCADE',
        domain=[
            ('round', '=', Eval('round', -1)),
            ],
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    round = fields.Function(fields.Many2One('coop.round', "Round"),
        'on_change_with_round')
    cooperative = fields.Function(fields.Many2One('party.party', "Co-op"),
        'on_change_with_cooperative', searcher='search_cooperative')
    supplier = fields.Function(fields.Many2One('party.party', "Supplier"),
        'on_change_with_supplier', searcher='search_supplier')
    quantity = fields.Float(
        "Quantity", digits='unit', required=True,
        domain=[('quantity', '>=', 0)])
    unit = fields.Function(fields.Many2One('product.uom', "Unit"),
        'on_change_with_unit')
    case_size = fields.Function(fields.Float(
            "Case Size", digits='unit'), 'on_change_with_case_size')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    unit_price = fields.Function(fields.Numeric(
            "Unit Price", digits=price_digits,
            help="The price of the tier reached so far, or the final price "
            "once consolidated."),
        'get_unit_price')
    amount = fields.Function(Monetary(
            "Amount", currency='currency', digits='currency'),
        'get_amount')
    reference_price = fields.Function(fields.Numeric(
            "Reference Price", digits=price_digits), 'get_reference_price')
    reference_amount = fields.Function(Monetary(
            "Reference Amount", currency='currency', digits='currency'),
        'get_amount')
    savings = fields.Function(Monetary(
            "Savings", currency='currency', digits='currency'),
        'get_amount')
    allocated_quantity = fields.Float(
        "Allocated Quantity", digits='unit', readonly=True,
        help="The quantity the co-op gets once the round is consolidated.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('order')
        t = cls.__table__()
        cls._sql_constraints += [
            ('order_offer_unique', Unique(t, t.order, t.offer),
                'coop_central_purchase.msg_order_line_unique'),
            ]
        # The combined demand of offers (Offer.get_demand), on every page
        # of the shop
        cls._sql_indexes.add(Index(t, (t.offer, Index.Equality())))
        cls._order = [
            ('order', 'ASC'),
            ('id', 'ASC'),
            ]

    @fields.depends('order', '_parent_order.round')
    def on_change_with_round(self, name=None):
        return self.order.round if self.order else None

    @fields.depends('order', '_parent_order.cooperative')
    def on_change_with_cooperative(self, name=None):
        return self.order.cooperative if self.order else None

    @classmethod
    def search_cooperative(cls, name, clause):
        return [('order.cooperative' + clause[0][len(name):], *clause[1:])]

    @fields.depends('offer', '_parent_offer.supplier')
    def on_change_with_supplier(self, name=None):
        return self.offer.supplier if self.offer else None

    @classmethod
    def search_supplier(cls, name, clause):
        return [('offer.supplier' + clause[0][len(name):], *clause[1:])]

    @fields.depends('offer', '_parent_offer.unit')
    def on_change_with_unit(self, name=None):
        return self.offer.unit if self.offer else None

    @fields.depends('offer', '_parent_offer.case_size')
    def on_change_with_case_size(self, name=None):
        return self.offer.case_size if self.offer else None

    @fields.depends('order', '_parent_order.currency')
    def on_change_with_currency(self, name=None):
        return self.order.currency if self.order else None

    @classmethod
    def get_unit_price(cls, lines, name):
        return {i: v[2]
            for i, v in cls.get_line_prices(lines=lines).items()}

    @property
    def effective_quantity(self):
        "The allocated quantity once consolidated, else the ordered one"
        if self.allocated_quantity is not None:
            return self.allocated_quantity
        return self.quantity

    @classmethod
    def get_reference_price(cls, lines, name):
        return {i: v[3]
            for i, v in cls.get_line_prices(lines=lines).items()}

    @classmethod
    def get_line_prices(cls, lines=None, orders=None):
        """{line id: (order id, effective quantity, unit price, reference
        price)} of the lines, or of all the lines of the orders (records or
        ids), read in SQL with the prices of their offers
        (Offer.get_prices): a fixed number of queries per slice."""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        line = cls.__table__()
        offer = Offer.__table__()
        product = Product.__table__()
        template = Template.__table__()
        cursor = Transaction().connection.cursor()
        column, records = (
            (line.id, lines) if orders is None else (line.order, orders))
        prices = {}
        for sub_ids in grouped_slice(
                [int(r) for r in records], backend.MAX_QUERY_PARAMS):
            where = fields.SQL_OPERATORS['in'](column, list(sub_ids))
            cursor.execute(*line.join(offer,
                    condition=line.offer == offer.id
                    ).join(product,
                    condition=offer.product == product.id
                    ).join(template,
                    condition=product.template == template.id
                    ).select(line.id, line.order,
                    Coalesce(line.allocated_quantity, line.quantity),
                    *Offer.price_columns(offer, template),
                    where=where))
            rows = cursor.fetchall()
            offer_prices = Offer.compute_prices([r[3:] for r in rows],
                line.select(line.offer, where=where))
            prices.update(
                (r[0], (r[1], r[2]) + offer_prices[r[3]]) for r in rows)
        return prices

    @classmethod
    def get_line_amounts(cls, lines=None, orders=None):
        """{line id: (order id, amount, reference amount, savings)} of the
        lines, or of all the lines of the orders, rounded in the currency
        of their round"""
        pool = Pool()
        Order = pool.get('coop.round.order')
        prices = cls.get_line_prices(lines=lines, orders=orders)
        currencies = {o.id: o.currency
            for o in Order.browse({v[0] for v in prices.values()})}
        amounts = {}
        for line_id, (order_id, quantity, price, reference) in (
                prices.items()):
            currency = currencies[order_id]
            amount = cls.compute_amount(currency, quantity, price)
            if reference is not None:
                reference_amount = cls.compute_amount(
                    currency, quantity, reference)
                savings = reference_amount - amount
            else:
                reference_amount = savings = None
            amounts[line_id] = (order_id, amount, reference_amount, savings)
        return amounts

    @staticmethod
    def compute_amount(currency, quantity, unit_price):
        "The amount of a quantity at a unit price, rounded in the currency"
        return currency.round(
            to_decimal(quantity or 0) * (unit_price or Decimal(0)))

    @classmethod
    def get_amount(cls, lines, names):
        amounts = cls.get_line_amounts(lines=lines)
        result = {n: {} for n in names}
        for line_id, (_, *values) in amounts.items():
            values = dict(zip(['amount', 'reference_amount', 'savings'],
                    values))
            for name in names:
                result[name][line_id] = values[name]
        return result

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        cls.check_quantity(lines, field_names)

    @classmethod
    def check_quantity(cls, lines, field_names=None):
        if field_names and not (field_names & {'quantity', 'offer'}):
            return
        for line in lines:
            offer = line.offer
            unit = offer.unit
            if line.quantity < 0:
                raise OrderValidationError(
                    gettext('coop_central_purchase.msg_quantity_negative',
                        quantity=line.quantity, offer=offer.rec_name))
            if unit.round(line.quantity) != line.quantity:
                raise OrderValidationError(
                    gettext('coop_central_purchase.msg_quantity_rounding',
                        quantity=line.quantity, unit=unit.rec_name,
                        rounding=unit.rounding, offer=offer.rec_name))
            if offer.case_size and offer.case_required:
                cases = to_decimal(line.quantity) / to_decimal(
                    offer.case_size)
                if cases != cases.to_integral_value():
                    raise OrderValidationError(
                        gettext('coop_central_purchase.msg_quantity_case',
                            quantity=line.quantity,
                            case_size=offer.case_size,
                            offer=offer.rec_name))

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        pool = Pool()
        Round = pool.get('coop.round')
        super().check_modification(
            mode, lines, values=values, external=external)
        Round.check_ordering_open({l.order.round for l in lines})
