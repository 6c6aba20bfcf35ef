# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import Check, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .bulk import CONSOLIDATION_CONTEXT, write_by_id
from .exceptions import RoundClosedError, RoundValidationError
from .notification import send_report


class Round(Workflow, ModelSQL, ModelView):
    "Purchase round"
    __name__ = 'coop.round'
    __string__ = "Purchase Round"

    _states = {
        'readonly': Eval('state') != 'draft',
        }
    name = fields.Char("Name", required=True, states=_states)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    opens = fields.DateTime(
        "Opens", required=True,
        states={
            'readonly': ~Eval('state').in_(['draft']),
            },
        help="When co-ops may start ordering.")
    closes = fields.DateTime(
        "Closes", required=True,
        domain=[If(Eval('opens') & Eval('closes'),
                ('closes', '>', Eval('opens')), ())],
        states={
            'readonly': ~Eval('state').in_(['draft', 'open']),
            },
        help="When ordering ends; the round closes on its own then.")
    delivery_date = fields.Date(
        "Delivery Date", required=True, states=_states)
    delivery_model = fields.Selection([
            ('direct', "Direct from the Supplier"),
            ('hub', "Through a Hub"),
            ], "Delivery Model", required=True, states=_states,
        help="Direct: each supplier delivers and invoices each co-op "
        "(drop shipment).\n"
        "Hub: the suppliers deliver to the hub warehouse, which "
        "distributes to the co-ops.")
    hub_warehouse = fields.Many2One(
        'stock.location', "Warehouse",
        domain=[('type', '=', 'warehouse')],
        states={
            'readonly': Eval('state') != 'draft',
            'required': Eval('delivery_model') == 'hub',
            },
        help="Hub model: the hub where the suppliers deliver and from "
        "which the co-ops are supplied.\n"
        "Direct model: the warehouse that the drop shipments are "
        "recorded under; the default warehouse when empty.")
    minimum_policy = fields.Selection([
            ('cancel', "Cancel the Lines"),
            ('keep', "Keep the Lines Anyway"),
            ], "Minimum Policy", required=True, states=_states,
        help="What happens to the orders of an offer whose supplier "
        "minimum is not reached when the round is consolidated.")
    offers = fields.One2Many(
        'coop.round.offer', 'round', "Offers",
        states={
            'readonly': ~Eval('state').in_(['draft', 'open']),
            })
    orders = fields.One2Many(
        'coop.round.order', 'round', "Orders", readonly=True)
    purchases = fields.One2Many(
        'purchase.purchase', 'coop_round', "Purchases", readonly=True)
    sales = fields.One2Many(
        'sale.sale', 'coop_round', "Sales", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('open', "Open"),
            ('closed', "Closed"),
            ('consolidated', "Consolidated"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('window', Check(t, t.closes > t.opens),
                'coop_central_purchase.msg_round_window'),
            ]
        cls._order = [
            ('opens', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'open'),
            ('open', 'closed'),
            ('closed', 'open'),
            ('closed', 'consolidated'),
            ('consolidated', 'done'),
            ('draft', 'cancelled'),
            ('open', 'cancelled'),
            ('closed', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                'open': {
                    'invisible': ~Eval('state').in_(['draft', 'closed']),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'consolidate': {
                    'invisible': Eval('state') != 'closed',
                    'icon': 'tryton-launch',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'consolidated',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'open', 'closed']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'fill_offers': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-import',
                    'depends': ['state'],
                    },
                'send_summaries': {
                    'invisible': ~Eval('state').in_(['consolidated', 'done']),
                    'icon': 'tryton-email',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_delivery_model(cls):
        return 'hub'

    @classmethod
    def default_minimum_policy(cls):
        return 'cancel'

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def is_ordering_open(self, at=None):
        "Whether co-ops may order now"
        if at is None:
            at = dt.datetime.now()
        return self.state == 'open' and self.opens <= at < self.closes

    @classmethod
    def check_ordering_open(cls, rounds):
        "Raise a clear error for the first round that takes no orders now"
        now = dt.datetime.now()
        for round_ in rounds:
            if not round_.is_ordering_open(now):
                raise RoundClosedError(
                    gettext('coop_central_purchase.msg_round_not_open',
                        round=round_.rec_name,
                        opens=round_.opens, closes=round_.closes))

    @classmethod
    def check_modification(cls, mode, rounds, values=None, external=False):
        super().check_modification(
            mode, rounds, values=values, external=external)
        if mode == 'delete':
            for round_ in rounds:
                if round_.state not in {'draft', 'cancelled'}:
                    raise RoundValidationError(
                        gettext('coop_central_purchase.msg_round_delete',
                            round=round_.rec_name))

    @classmethod
    def copy(cls, rounds, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('orders', None)
        default.setdefault('purchases', None)
        default.setdefault('sales', None)
        return super().copy(rounds, default=default)

    @classmethod
    @ModelView.button
    def fill_offers(cls, rounds):
        """Add an offer for each price that an eligible supplier has for a
        product that can be bought and sold, unless the round has it."""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        ProductSupplier = pool.get('purchase.product_supplier')
        for round_ in rounds:
            product_suppliers = ProductSupplier.search([
                    ('company', 'in', [None, round_.company.id]),
                    ('template.purchasable', '=', True),
                    ('template.salable', '=', True),
                    ('template.active', '=', True),
                    ['OR',
                        ('party.coop_kind', '=', None),
                        [
                            ('party.coop_kind', '=', 'worker'),
                            ('party.supplier_status', '=', 'approved'),
                            ],
                        ],
                    ], order=[('template', 'ASC'), ('sequence', 'ASC')])
            Offer.create_from_product_suppliers(round_, product_suppliers)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, rounds):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('open')
    def open(cls, rounds):
        for round_ in rounds:
            if not round_.offers:
                raise RoundValidationError(
                    gettext('coop_central_purchase.msg_round_no_offer',
                        round=round_.rec_name))
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Offer.check_suppliers([o for r in rounds for o in r.offers])

    @classmethod
    @ModelView.button
    @Workflow.transition('closed')
    def close(cls, rounds):
        pass

    @classmethod
    def close_ended(cls):
        "Close the open rounds whose ordering window has ended (cron)"
        rounds = cls.search([
                ('state', '=', 'open'),
                ('closes', '<=', dt.datetime.now()),
                ])
        if rounds:
            cls.close(rounds)

    @classmethod
    @ModelView.button
    @Workflow.transition('consolidated')
    def consolidate(cls, rounds):
        # Serialise concurrent consolidations of the same round: the second
        # one waits here and finds the documents of the first.
        cls.lock(rounds)
        for round_ in rounds:
            round_.consolidate_demand()
            round_.create_documents()
        # E-mailed after the commit, in their own transaction: a mail
        # server that is down must not undo the consolidation.
        cls.__queue__.send_summaries(rounds)

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, rounds):
        pool = Pool()
        Purchase = pool.get('purchase.purchase')
        Sale = pool.get('sale.sale')
        purchases = [p for r in rounds for p in r.purchases
            if p.state == 'draft']
        sales = [s for r in rounds for s in r.sales if s.state == 'draft']
        if sales:
            Sale.quote(sales)
            Sale.confirm(sales)
            # A drop shipment takes its moves to the co-op from the sales
            # processed before its purchase: process the sales of direct
            # rounds now rather than in the queue, which keeps no order
            direct = [s for s in sales
                if s.coop_round.delivery_model == 'direct']
            if direct:
                Sale.process(Sale.browse(direct))
        if purchases:
            Purchase.quote(purchases)
            Purchase.confirm(purchases)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, rounds):
        pass

    @classmethod
    @ModelView.button
    def send_summaries(cls, rounds):
        """E-mail each co-op the summary of its order, and each supplier
        what it delivers, with the offers that missed their minimum."""
        for round_ in rounds:
            for order in round_.orders:
                if order.lines:
                    send_report(
                        'coop.round.order.summary', order, order.cooperative,
                        order, 'coop_central_purchase.msg_order_summary',
                        round=round_.rec_name)
            suppliers = sorted(
                {o.supplier for o in round_.offers}, key=lambda p: p.id)
            with Transaction().set_context(coop_round=round_.id):
                for supplier in suppliers:
                    send_report(
                        'coop.round.supplier_summary', supplier, supplier,
                        round_, 'coop_central_purchase.msg_supplier_summary',
                        round=round_.rec_name)

    def get_demand(self):
        """The order lines of the round with a quantity, as
        (line id, offer id, quantity), in the order they were placed."""
        pool = Pool()
        Order = pool.get('coop.round.order')
        Line = pool.get('coop.round.order.line')
        order = Order.__table__()
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.join(order, condition=line.order == order.id
                ).select(line.id, line.offer, line.quantity,
                where=(order.round == self.id) & (line.quantity > 0),
                order_by=[line.id]))
        return cursor.fetchall()

    def consolidate_demand(self):
        """Sum the demand of each offer, fix its tier price, apply the
        minimum policy, allocate the capacity and round to cases.

        The lines are read with one query and the results written with one
        UPDATE per distinct set of values (see bulk.write_by_id)."""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Line = pool.get('coop.round.order.line')

        demand = defaultdict(list)
        for line_id, offer_id, quantity in self.get_demand():
            demand[offer_id].append((line_id, quantity))

        offer_values, line_values = {}, {}
        for offer in self.offers:
            offer_values[offer.id], allocated = offer.consolidate(
                demand.get(offer.id, []), self.minimum_policy)
            for line_id, quantity in allocated.items():
                line_values[line_id] = {'allocated_quantity': float(quantity)}
        write_by_id(Offer, offer_values)
        write_by_id(Line, line_values)

    def create_documents(self):
        "Create the purchases and sales of the round, once"
        if self.purchases or self.sales:
            return
        with Transaction().set_context({CONSOLIDATION_CONTEXT: True}):
            if self.delivery_model == 'hub':
                self.create_hub_documents()
            else:
                self.create_direct_documents()

    def get_allocation(self):
        """The order lines of the round that got a quantity at
        consolidation, as (line id, co-op id, offer id, allocated quantity),
        by order and in the order they were placed."""
        pool = Pool()
        Order = pool.get('coop.round.order')
        Line = pool.get('coop.round.order.line')
        order = Order.__table__()
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.join(order, condition=line.order == order.id
                ).select(
                line.id, order.cooperative, line.offer,
                line.allocated_quantity,
                where=(order.round == self.id)
                & (line.allocated_quantity > 0),
                order_by=[order.id, line.id]))
        return cursor.fetchall()

    def _purchase_values(self, supplier):
        return {
            'company': self.company.id,
            'currency': self.company.currency.id,
            'party': supplier.id,
            'invoice_address': supplier.address_get(type='invoice').id,
            'purchase_date': self.closes.date(),
            'delivery_date': self.delivery_date,
            'coop_round': self.id,
            }

    def _sale_values(self, cooperative):
        return {
            'company': self.company.id,
            'currency': self.company.currency.id,
            'party': cooperative.id,
            'invoice_address': cooperative.address_get(type='invoice').id,
            'shipment_address': cooperative.address_get(
                type='delivery').id,
            'sale_date': self.closes.date(),
            'shipping_date': self.delivery_date,
            'coop_round': self.id,
            }

    def create_hub_documents(self):
        """One purchase per supplier, delivered to the hub, and one sale per
        co-op, supplied from the hub."""
        pool = Pool()
        Party = pool.get('party.party')
        Purchase = pool.get('purchase.purchase')
        Sale = pool.get('sale.sale')

        lines = DocumentLines(self)
        purchase_lines = defaultdict(list)
        for offer in lines.offers.values():
            if offer.consolidated_quantity:
                purchase_lines[offer.supplier].append(lines.purchase_line(
                        offer, offer.consolidated_quantity))
        purchases = []
        for supplier, supplier_lines in purchase_lines.items():
            values = self._purchase_values(supplier)
            values['warehouse'] = self.hub_warehouse.id
            values['lines'] = [('create', supplier_lines)]
            purchases.append(values)
        if purchases:
            Purchase.create(purchases)

        sale_lines = defaultdict(list)
        allocation = self.get_allocation()
        cooperatives = {c.id: c for c in Party.browse(
                list({c for _, c, _, _ in allocation}))}
        for line_id, cooperative_id, offer_id, quantity in allocation:
            cooperative = cooperatives[cooperative_id]
            sale_lines[cooperative].append(lines.sale_line(
                    lines.offers[offer_id], line_id, quantity, cooperative))
        sales = []
        for cooperative, cooperative_lines in sale_lines.items():
            values = self._sale_values(cooperative)
            values['warehouse'] = self.hub_warehouse.id
            values['lines'] = [('create', cooperative_lines)]
            sales.append(values)
        if sales:
            Sale.create(sales)

    @property
    def documents_warehouse(self):
        pool = Pool()
        Location = pool.get('stock.location')
        if self.hub_warehouse:
            return self.hub_warehouse
        warehouse = Location.get_default_warehouse()
        if not warehouse:
            raise RoundValidationError(
                gettext('coop_central_purchase.msg_round_warehouse',
                    round=self.rec_name))
        return Location(warehouse)

    def create_direct_documents(self):
        """One sale per supplier and co-op, drop-shipped from the supplier:
        its purchase, with the co-op as customer, and the purchase requests
        that tie each sale line to its purchase line, as Tryton's supply on
        sale would make them."""
        pool = Pool()
        Party = pool.get('party.party')
        Purchase = pool.get('purchase.purchase')
        Request = pool.get('purchase.request')
        Sale = pool.get('sale.sale')

        warehouse = self.documents_warehouse
        allocation = self.get_allocation()
        if not allocation:
            return
        lines = DocumentLines(self)
        cooperatives = {c.id: c for c in Party.browse(
                list({c for _, c, _, _ in allocation}))}
        groups = defaultdict(list)
        line_offers = {}
        for line_id, cooperative_id, offer_id, quantity in allocation:
            offer = lines.offers[offer_id]
            groups[(offer.supplier, cooperatives[cooperative_id])].append(
                (line_id, offer, quantity))
            line_offers[line_id] = offer

        purchases, sales = [], []
        for (supplier, cooperative), group in groups.items():
            values = self._purchase_values(supplier)
            values.update({
                    'warehouse': warehouse.id,
                    'customer': cooperative.id,
                    'delivery_address': cooperative.address_get(
                        type='delivery').id,
                    'lines': [('create', [
                                lines.purchase_line(offer, quantity)
                                for _, offer, quantity in group])],
                    })
            purchases.append(values)
            values = self._sale_values(cooperative)
            values.update({
                    'warehouse': warehouse.id,
                    'lines': [('create', [
                                lines.sale_line(
                                    offer, line_id, quantity, cooperative)
                                for line_id, offer, quantity in group])],
                    })
            sales.append(values)
        purchases = Purchase.create(purchases)
        sales = Sale.create(sales)

        requests = []
        for purchase, sale in zip(purchases, sales):
            # Within a supplier and a co-op, each offer is on one line
            purchase_lines = {l.coop_offer: l for l in purchase.lines}
            for sale_line in sale.lines:
                offer = line_offers[sale_line.coop_order_line.id]
                requests.append(offer.get_purchase_request_values(
                        purchase_lines[offer], sale_line, warehouse))
        Request.create(requests)


class DocumentLines:
    """The values of the lines of a round's purchases and sales, with their
    taxes as Tryton's own lines compute them (tax rules included).

    A product's taxes come from its accounting category (account_product),
    so they are computed once per category and tax rule; the offers and the
    categories of their products are read once for the whole round."""

    def __init__(self, round_):
        pool = Pool()
        Product = pool.get('product.product')
        self.round = round_
        self.offers = {o.id: o for o in round_.offers}
        self._values = {}
        products = Product.read(
            list({o.product.id for o in self.offers.values()}),
            ['template.account_category'])
        self._categories = {
            p['id']: p['template.']['account_category'] for p in products}
        self._rules = {}
        self._taxes = {}

    def _offer_values(self, offer):
        if offer.id not in self._values:
            self._values[offer.id] = offer.get_line_values()
        return self._values[offer.id]

    def taxes(self, document, offer, party):
        pool = Pool()
        if (document, party) not in self._rules:
            rule = getattr(party, '%s_tax_rule' % (
                    'supplier' if document == 'purchase' else 'customer'))
            self._rules[(document, party)] = rule.id if rule else None
        key = (document, self._categories[offer.product.id],
            self._rules[(document, party)])
        if key not in self._taxes:
            Document = pool.get('%s.%s' % (document, document))
            Line = pool.get('%s.line' % document)
            line = Line(type='line', product=offer.product,
                **{document: Document(
                        company=self.round.company, party=party)})
            self._taxes[key] = sorted(line.compute_taxes(party))
        return self._taxes[key]

    def purchase_line(self, offer, quantity):
        return dict(self._offer_values(offer),
            quantity=quantity,
            taxes=[('add', self.taxes('purchase', offer, offer.supplier))],
            coop_offer=offer.id)

    def sale_line(self, offer, order_line_id, quantity, cooperative):
        return dict(self._offer_values(offer),
            quantity=quantity,
            taxes=[('add', self.taxes('sale', offer, cooperative))],
            coop_order_line=order_line_id)
