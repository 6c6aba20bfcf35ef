# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.product import price_digits
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import (
    DeleteError, ListingSupplierError, ListingValidationError)
from .scoring import first_rising_break


class Listing(Workflow, ModelSQL, ModelView):
    "Request of an approved supplier to list a product"
    __name__ = 'coop.onboarding.listing'
    __string__ = "Listing Request"

    _states = {
        'readonly': Eval('state') != 'draft',
        }
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    supplier = fields.Many2One(
        'party.party', "Supplier", required=True, ondelete='RESTRICT',
        domain=[('coop_kind', '=', 'worker')], states=_states,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'},
        help="The worker co-op that proposes the product; only approved "
        "suppliers may submit it.")
    name = fields.Char("Name", required=True, states=_states)
    code = fields.Char(
        "Supplier Code", states=_states,
        help="The code the supplier gives the product.")
    description = fields.Text("Description", states=_states)
    product_type = fields.Selection([
            ('goods', "Goods"),
            ('service', "Service"),
            ], "Type", required=True, states=_states)
    category = fields.Many2One(
        'product.category', "Category", required=True, ondelete='RESTRICT',
        domain=[('accounting', '=', False)], states=_states,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    unit = fields.Many2One(
        'product.uom', "Unit", required=True, ondelete='RESTRICT',
        states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    unit_price = Monetary(
        "Unit Price", currency='currency', digits=price_digits,
        required=True, domain=[('unit_price', '>=', 0)], states=_states,
        help="The price per unit, for any quantity.")
    tiers = fields.One2Many(
        'coop.onboarding.listing.tier', 'listing', "Price Breaks",
        states=_states,
        help="Lower unit prices from a minimum quantity; the price must "
        "fall as the quantity rises.")
    case_size = fields.Float(
        "Case Size", digits='unit', states=_states,
        domain=['OR',
            ('case_size', '=', None),
            ('case_size', '>', 0),
            ],
        help="The quantity of a case: the supplier ships whole cases.")
    monthly_capacity = fields.Float(
        "Monthly Capacity", digits='unit', states=_states,
        domain=['OR',
            ('monthly_capacity', '=', None),
            ('monthly_capacity', '>', 0),
            ],
        help="How much of the product the supplier can deliver a month.")
    product = fields.Many2One(
        'product.product', "Product", readonly=True, ondelete='RESTRICT',
        states={
            'invisible': ~Eval('product'),
            },
        context={
            'company': Eval('company', -1),
            },
        depends={'company'},
        help="The product created when the request was approved.")
    product_supplier = fields.Many2One(
        'purchase.product_supplier', "Supplier Prices", readonly=True,
        ondelete='SET NULL',
        states={
            'invisible': ~Eval('product_supplier'),
            })
    state_reason = fields.Text(
        "Reason", readonly=True,
        states={
            'invisible': Eval('state') != 'rejected',
            },
        help="Why the request was rejected.")
    decision_date = fields.Date(
        "Decision Date", readonly=True,
        states={
            'invisible': ~Eval('state').in_(['approved', 'rejected']),
            })
    state = fields.Selection([
            ('draft', "Draft"),
            ('submitted', "Submitted"),
            ('approved', "Approved"),
            ('rejected', "Rejected"),
            ], "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'submitted'),
            ('submitted', 'draft'),
            ('submitted', 'approved'),
            ('submitted', 'rejected'),
            ('rejected', 'draft'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': ~Eval('state').in_(['submitted', 'rejected']),
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                'submit': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'submitted',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'reject': {
                    'invisible': Eval('state') != 'submitted',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_product_type(cls):
        return 'goods'

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('state') == 'rejected', 'muted',
                    If(Eval('state') == 'approved', 'success', ''))),
            ]

    @classmethod
    def validate_fields(cls, listings, field_names):
        super().validate_fields(listings, field_names)
        cls.check_tiers(listings, field_names)

    @classmethod
    def check_tiers(cls, listings, field_names=None):
        "The unit price must fall as the quantity rises"
        if field_names and not (field_names & {'unit_price', 'tiers'}):
            return
        pool = Pool()
        Lang = pool.get('ir.lang')
        for listing in listings:
            wrong = first_rising_break(listing.unit_price, [
                    (t.quantity, t.unit_price) for t in listing.tiers])
            if wrong:
                lang = Lang.get()
                (previous_quantity, previous_price), (quantity, price) = wrong
                raise ListingValidationError(gettext(
                        'coop_supplier_onboarding.msg_listing_tier_rising',
                        listing=listing.rec_name,
                        quantity=lang.format_number(quantity),
                        price=lang.currency(
                            price, listing.currency, grouping=True),
                        previous_quantity=lang.format_number(
                            previous_quantity),
                        previous_price=lang.currency(
                            previous_price, listing.currency,
                            grouping=True)))

    @classmethod
    def check_suppliers(cls, listings):
        "Only approved suppliers may list products"
        pool = Pool()
        Party = pool.get('party.party')
        for listing in listings:
            supplier = listing.supplier
            if supplier.supplier_status != 'approved':
                statuses = dict(Party.fields_get(
                        ['supplier_status'])['supplier_status']['selection'])
                raise ListingSupplierError(gettext(
                        'coop_supplier_onboarding'
                        '.msg_listing_supplier_not_approved',
                        listing=listing.rec_name,
                        supplier=supplier.rec_name,
                        status=statuses.get(supplier.supplier_status) or '-'))

    @classmethod
    def check_modification(cls, mode, listings, values=None, external=False):
        super().check_modification(
            mode, listings, values=values, external=external)
        if mode == 'delete':
            for listing in listings:
                if listing.state not in {'draft', 'rejected'}:
                    raise DeleteError(gettext(
                            'coop_supplier_onboarding.msg_listing_delete',
                            listing=listing.rec_name))

    @classmethod
    def copy(cls, listings, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('product', None)
        default.setdefault('product_supplier', None)
        default.setdefault('state_reason', None)
        default.setdefault('decision_date', None)
        return super().copy(listings, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, listings):
        if listings:
            cls.write(listings, {
                    'state_reason': None,
                    'decision_date': None,
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('submitted')
    def submit(cls, listings):
        cls.check_suppliers(listings)

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    def approve(cls, listings):
        """Create the product of each request with the supplier's prices,
        ready to be offered in a purchase round."""
        pool = Pool()
        Configuration = pool.get('coop.onboarding.configuration')
        Date = pool.get('ir.date')
        Template = pool.get('product.template')
        ProductSupplier = pool.get('purchase.product_supplier')
        cls.check_suppliers(listings)
        if not listings:
            return
        account_category = Configuration(1).listing_account_category
        templates = Template.create([
                listing.get_template_values(account_category)
                for listing in listings])
        product_suppliers = ProductSupplier.create([
                listing.get_product_supplier_values(template.products[0])
                for listing, template in zip(listings, templates)])
        today = Date.today()
        to_write = []
        for listing, product_supplier in zip(listings, product_suppliers):
            to_write.extend([[listing], {
                        'product': product_supplier.product.id,
                        'product_supplier': product_supplier.id,
                        'decision_date': today,
                        }])
        cls.write(*to_write)

    @classmethod
    @ModelView.button_action(
        'coop_supplier_onboarding.wizard_listing_reject')
    def reject(cls, listings):
        pass

    @classmethod
    @Workflow.transition('rejected')
    def mark_rejected(cls, listings, reason):
        pool = Pool()
        Date = pool.get('ir.date')
        if listings:
            cls.write(listings, {
                    'state_reason': reason,
                    'decision_date': Date.today(),
                    })

    def get_template_values(self, account_category=None):
        "The values of the product template created from the request"
        return {
            'name': self.name,
            'type': self.product_type,
            'default_uom': self.unit.id,
            'purchasable': True,
            'purchase_uom': self.unit.id,
            'salable': True,
            'sale_uom': self.unit.id,
            'categories': [('add', [self.category.id])],
            'account_category': (
                account_category.id if account_category else None),
            'products': [('create', [{}])],
            }

    def get_product_supplier_values(self, product):
        """The values of the supplier's prices: the unit price from any
        quantity, then the price breaks"""
        prices = [(0, self.unit_price)] + sorted(
            (t.quantity, t.unit_price) for t in self.tiers)
        return {
            'template': product.template.id,
            'product': product.id,
            'party': self.supplier.id,
            'company': self.company.id,
            'currency': self.currency.id,
            'code': self.code,
            'prices': [('create', [{
                            'sequence': i,
                            'quantity': quantity,
                            'unit_price': price,
                            } for i, (quantity, price) in enumerate(prices)])],
            }


class ListingTier(ModelSQL, ModelView):
    "Price break of a listing request"
    __name__ = 'coop.onboarding.listing.tier'
    __string__ = "Listing Price Break"

    listing = fields.Many2One(
        'coop.onboarding.listing', "Listing Request",
        required=True, ondelete='CASCADE')
    quantity = fields.Float(
        "Minimum Quantity", digits='unit', required=True,
        domain=[('quantity', '>', 0)],
        help="The quantity from which the price applies.")
    unit = fields.Function(fields.Many2One('product.uom', "Unit"),
        'on_change_with_unit')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    unit_price = Monetary(
        "Unit Price", currency='currency', digits=price_digits,
        required=True, domain=[('unit_price', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('listing')
        t = cls.__table__()
        cls._sql_constraints += [
            ('listing_quantity_unique', Unique(t, t.listing, t.quantity),
                'coop_supplier_onboarding.msg_listing_tier_quantity_unique'),
            ]
        cls._order = [
            ('listing', 'ASC'),
            ('quantity', 'ASC'),
            ('id', 'ASC'),
            ]

    @fields.depends('listing', '_parent_listing.unit')
    def on_change_with_unit(self, name=None):
        return self.listing.unit if self.listing else None

    @fields.depends('listing', '_parent_listing.currency')
    def on_change_with_currency(self, name=None):
        return self.listing.currency if self.listing else None

    @classmethod
    def validate_fields(cls, tiers, field_names):
        super().validate_fields(tiers, field_names)
        pool = Pool()
        Listing = pool.get('coop.onboarding.listing')
        Listing.check_tiers(list({t.listing for t in tiers}))


class RejectListing(Wizard):
    "Reject listing requests with a reason"
    __name__ = 'coop.onboarding.listing.reject'

    start = StateView('coop.onboarding.reason',
        'coop_supplier_onboarding.reason_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Reject", 'reject', 'tryton-ok', default=True),
            ])
    reject = StateTransition()

    def transition_reject(self):
        pool = Pool()
        Listing = pool.get('coop.onboarding.listing')
        Listing.mark_rejected(self.records, self.start.reason)
        return 'end'
