# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Load a plan (bench.plan) into the database, server-side.

The same plan becomes either a hub round of the Central de Compras
(create_round) or Tryton's own sales with supply on sale (create_sales), on
the same company, parties and products (create_base).

Loading is set-based: one batched create per model, and a direct SQL insert
for the order lines, the only table large enough for Tryton's create to
dominate the generation (60,000 rows in the scale benchmark). The SQL rows
are valid by construction: quantities in whole units and whole cases where
the offer requires them."""
import dataclasses
import datetime as dt
from decimal import Decimal

from trytond.modules.coop_membership.party import CUIT_TYPE
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .plan import PartyPlan

INSERT_SLICE = 10_000


@dataclasses.dataclass
class Base:
    "The ids of what both paths share"
    company: int
    warehouse: int
    unit: int
    suppliers: list
    coops: list
    products: list  # product.product ids, by index of the plan

    @property
    def context(self):
        return {'company': self.company, 'companies': [self.company]}


def _party_values(party, province):
    values = {'name': party.name}
    if party.kind:
        # A co-op is validated with its CUIT, so it comes along
        values.update({
                'coop_kind': party.kind,
                'inaes_number': party.inaes,
                'iva_condition': 'responsable_inscripto',
                'province': province,
                'identifiers': [('create', [{
                                'type': CUIT_TYPE, 'code': party.cuit}])],
                })
    return values


def _create_parties(plans, country, province):
    "Parties with one address each, for the documents' addresses"
    pool = Pool()
    Party = pool.get('party.party')
    Address = pool.get('party.address')
    parties = Party.create([_party_values(p, province) for p in plans])
    Address.create([{
                'party': party.id,
                'street': "Av. de Mayo 1370",
                'city': "Córdoba",
                'country': country,
                'subdivision': province,
                } for party in parties])
    return parties


def create_base(plan, supply_on_sale=None):
    """Company (ARS), parties and products, in the current transaction.

    supply_on_sale is the value of the products' field of sale_supply: None
    for the Central de Compras, 'always' for Tryton's own path; with it,
    each product gets a purchase.product_supplier of its supplier."""
    pool = Pool()
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    Location = pool.get('stock.location')
    ModelData = pool.get('ir.model.data')
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    ProductSupplier = pool.get('purchase.product_supplier')
    ProductSupplierPrice = pool.get('purchase.product_supplier.price')

    ars, = Currency.search([('code', '=', 'ARS')]) or Currency.create([{
                'name': "Peso argentino", 'code': 'ARS', 'symbol': '$',
                'rounding': Decimal('0.01'), 'digits': 2,
                }])
    argentina, = Country.search([('code', '=', 'AR')]) or Country.create([{
                'name': "Argentina", 'code': 'AR',
                }])
    province, = Subdivision.search([('code', '=', 'AR-X')]) or \
        Subdivision.create([{
                    'name': "Córdoba", 'code': 'AR-X', 'type': 'province',
                    'country': argentina.id,
                    }])
    central, = _create_parties(
        [PartyPlan("Central de Compras Cooperativa", None)],
        argentina.id, province.id)
    company, = Company.create([{'party': central.id, 'currency': ars.id}])

    with Transaction().set_context(
            company=company.id, companies=[company.id]):
        suppliers = _create_parties(
            plan.suppliers, argentina.id, province.id)
        Party.approve_supplier([s for s in suppliers if s.coop_kind])
        coops = _create_parties(plan.coops, argentina.id, province.id)

        unit = ModelData.get_id('product', 'uom_unit')
        # Accounting category without taxes: purchase lines computed by
        # Tryton's wizard look their taxes up there.
        category, = Category.create([{
                    'name': "Almacén", 'accounting': True,
                    }])
        # One create per model: nested creates would run one per parent
        templates = Template.create([{
                    'name': product.name,
                    'type': 'goods',
                    'default_uom': unit,
                    'purchasable': True,
                    'purchase_uom': unit,
                    'salable': True,
                    'sale_uom': unit,
                    'list_price': product.reference_price,
                    'coop_reference_price': product.reference_price,
                    'account_category': category.id,
                    'supply_on_sale': supply_on_sale,
                    } for product in plan.products])
        products = Product.create([{'template': t.id} for t in templates])
        if supply_on_sale:
            product_suppliers = ProductSupplier.create([{
                        'template': template.id,
                        'party': suppliers[product.supplier].id,
                        } for product, template in zip(
                        plan.products, templates)])
            ProductSupplierPrice.create([{
                        'product_supplier': product_supplier.id,
                        'quantity': 0,
                        'unit_price': product.unit_price,
                        } for product, product_supplier in zip(
                        plan.products, product_suppliers)])
        warehouse, = Location.search([('type', '=', 'warehouse')], limit=1)

    return Base(
        company=company.id, warehouse=warehouse.id, unit=unit,
        suppliers=[s.id for s in suppliers], coops=[c.id for c in coops],
        products=[p.id for p in products])


def create_round(plan, base, name="Ronda de benchmark"):
    """An open hub round with one offer per product and the co-ops' orders;
    returns the round id. Needs the company in the context."""
    pool = Pool()
    Round = pool.get('coop.round')
    Order = pool.get('coop.round.order')
    Line = pool.get('coop.round.order.line')
    Offer = pool.get('coop.round.offer')
    Tier = pool.get('coop.round.offer.tier')

    now = dt.datetime.now()
    round_, = Round.create([{
                'name': name,
                'company': base.company,
                'opens': now - dt.timedelta(hours=1),
                'closes': now + dt.timedelta(days=1),
                'delivery_date': now.date() + dt.timedelta(days=3),
                'delivery_model': 'hub',
                'hub_warehouse': base.warehouse,
                # Keep lines below a supplier minimum, so that both paths
                # deliver the whole demand
                'minimum_policy': 'keep',
                }])
    offers = Offer.create([{
                'round': round_.id,
                'supplier': base.suppliers[product.supplier],
                'product': product_id,
                'unit': base.unit,
                'unit_price': product.unit_price,
                'case_size': product.case_size,
                'case_required': product.case_required,
                'capacity': product.capacity,
                'minimum_quantity': product.minimum_quantity,
                } for product, product_id in zip(
                plan.products, base.products)])
    Tier.create([{
                'offer': offer.id, 'quantity': quantity, 'unit_price': price,
                } for product, offer in zip(plan.products, offers)
            for quantity, price in product.tiers])
    Round.open([round_])

    offer_ids = dict(zip(base.products, (o.id for o in offers)))
    orders = Order.create([
            {'round': round_.id, 'cooperative': coop}
            for coop in base.coops])

    line = Line.__table__()
    cursor = Transaction().connection.cursor()
    rows = [[orders[c].id, offer_ids[base.products[p]], quantity, 0, now]
        for c, p, quantity in plan.demand]
    for sub_rows in grouped_slice(rows, INSERT_SLICE):
        cursor.execute(*line.insert(
                [line.order, line.offer, line.quantity, line.create_uid,
                    line.create_date],
                list(sub_rows)))
    return round_.id


def create_sales(plan, base):
    """One draft sale per co-op with its demand, as Tryton's own sales;
    returns the sale ids. Needs the company in the context."""
    pool = Pool()
    Sale = pool.get('sale.sale')
    Party = pool.get('party.party')
    Company = pool.get('company.company')

    company = Company(base.company)
    delivery_date = dt.date.today() + dt.timedelta(days=3)
    lines = {c: [] for c in range(len(base.coops))}
    for c, p, quantity in plan.demand:
        lines[c].append({
                'type': 'line',
                'product': base.products[p],
                'quantity': quantity,
                'unit': base.unit,
                'unit_price': plan.products[p].unit_price,
                })
    to_create = []
    for c, coop in enumerate(Party.browse(base.coops)):
        address = coop.address_get()
        to_create.append({
                'company': base.company,
                'currency': company.currency.id,
                'party': coop.id,
                'invoice_address': address.id,
                'shipment_address': address.id,
                'warehouse': base.warehouse,
                'shipping_date': delivery_date,
                # Invoices are no part of the comparison: neither path
                # creates them here.
                'invoice_method': 'manual',
                'shipment_method': 'order',
                'lines': [('create', lines[c])],
                })
    return [s.id for s in Sale.create(to_create)]
