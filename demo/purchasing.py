# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The federation as a company, its hub, the products of the approved worker
co-ops and two purchase rounds: one open now with the co-ops' orders, and
last month's, consolidated into purchases and sales.

The rounds are dated from today, so the open one takes orders whenever the
demo is loaded; they are named after the month they close in, which is what
keeps a second load from creating them again. Prices are in pesos,
fictional like the co-ops."""
import datetime as dt
import logging
from decimal import Decimal

from trytond.modules.coop_membership.party import CUIT_TYPE
from trytond.pool import Pool
from trytond.transaction import Transaction

from .membership import FEDERATIONS, STAFF

logger = logging.getLogger(__name__)

FACC_CUIT = FEDERATIONS[0][3]
# The back office works for FACC: the company rules show them its rounds
COMPANY_LOGINS = ['admin'] + [s[0] for s in STAFF]
TIMEZONE = 'America/Argentina/Buenos_Aires'
CURRENCY = {
    'name': "Peso argentino",
    'symbol': '$',
    'code': 'ARS',
    'numeric_code': '032',
    'rounding': Decimal('0.01'),
    'digits': 2,
    }

HUB_NAME = "Depósito central FACC – Rosario"
HUB_ADDRESS = {
    'street_name': "Av. Circunvalación 25 de Mayo",
    'building_number': "4150",
    'postal_code': "S2013",
    'city': "Rosario",
    }
HUB_PROVINCE = 'AR-S'

# Worker co-ops with an approved supplier status, by CUIT
TEXTIL_UNIDOS = '30-61773815-1'
LA_LITORALENA = '30-56989438-3'
LIMPIEZA_DEL_SUR = '30-55654871-0'
LACTEOS_DEL_CENTRO = '30-66644155-5'
YERBATERA = '30-65198311-4'
DULCES_DEL_VALLE = '30-71099331-5'
VINOS_CORDILLERA = '30-58969781-9'

UNITS = {'u': 'uom_unit', 'kg': 'uom_kilogram', 'l': 'uom_liter'}
CATEGORIES = ["Almacén", "Infusiones", "Lácteos", "Dulces y mermeladas",
    "Bebidas", "Limpieza", "Blanquería"]
# The lines of the round's purchases and sales take their taxes from the
# products' accounting category. The demo has no chart of accounts yet, so
# the category has no taxes nor accounts: enough to consolidate, not to
# invoice.
ACCOUNT_CATEGORY = "Mercaderías de reventa"
# code, name, unit, category, reference price per unit, supplier,
# supplier's prices [(from quantity, unit price)]: the first is the offer's
# price, the others its volume tiers
PRODUCTS = [
    ('YER-1000', "Yerba mate con palo 1 kg", 'u', "Infusiones", '4200',
        YERBATERA, [(0, '3500'), (300, '3350'), (600, '3200')]),
    ('YER-500', "Yerba mate suave 500 g", 'u', "Infusiones", '2300',
        YERBATERA, [(0, '1900'), (400, '1800')]),
    ('TE-50', "Té negro en saquitos x 50", 'u', "Infusiones", '1500',
        YERBATERA, [(0, '1150')]),
    ('FID-SPA', "Fideos spaghetti 500 g", 'u', "Almacén", '1500',
        LA_LITORALENA, [(0, '1100'), (500, '1020'), (1000, '950')]),
    ('FID-MOS', "Fideos mostachol 500 g", 'u', "Almacén", '1500',
        LA_LITORALENA, [(0, '1100'), (500, '1020')]),
    ('HAR-000', "Harina de trigo 000 1 kg", 'u', "Almacén", '1100',
        LA_LITORALENA, [(0, '820'), (1000, '760')]),
    ('ARR-LF', "Arroz largo fino 1 kg", 'u', "Almacén", '1900',
        LA_LITORALENA, [(0, '1450'), (600, '1380')]),
    ('LEN-GR', "Lentejas secas a granel", 'kg', "Almacén", '3600',
        LA_LITORALENA, [(0, '2700'), (250, '2500')]),
    ('POL-500', "Polenta instantánea 500 g", 'u', "Almacén", '1000',
        LA_LITORALENA, [(0, '720')]),
    ('ACE-GIR', "Aceite de girasol 1,5 l", 'u', "Almacén", '3900',
        LA_LITORALENA, [(0, '3100'), (480, '2950')]),
    ('DDL-400', "Dulce de leche clásico 400 g", 'u', "Lácteos", '2600',
        LACTEOS_DEL_CENTRO, [(0, '1950'), (500, '1850'), (1000, '1750')]),
    ('LEC-LV', "Leche entera larga vida", 'l', "Lácteos", '1500',
        LACTEOS_DEL_CENTRO, [(0, '1150'), (1200, '1090')]),
    ('LEC-POL', "Leche en polvo entera 800 g", 'u', "Lácteos", '9500',
        LACTEOS_DEL_CENTRO, [(0, '7600')]),
    ('QUE-REG', "Queso reggianito en horma", 'kg', "Lácteos", '14000',
        LACTEOS_DEL_CENTRO, [(0, '11000')]),
    ('MER-DUR', "Mermelada de durazno 454 g", 'u', "Dulces y mermeladas",
        '2700', DULCES_DEL_VALLE, [(0, '2050'), (300, '1950')]),
    ('DUL-MEM', "Dulce de membrillo 500 g", 'u', "Dulces y mermeladas",
        '2400', DULCES_DEL_VALLE, [(0, '1800')]),
    ('MIEL', "Miel pura de abejas", 'kg', "Dulces y mermeladas", '7500',
        DULCES_DEL_VALLE, [(0, '5800'), (100, '5500')]),
    ('JUG-MAN', "Jugo de manzana exprimido", 'l', "Bebidas", '2400',
        DULCES_DEL_VALLE, [(0, '1800')]),
    ('VIN-MAL', "Vino tinto Malbec 750 ml", 'u', "Bebidas", '5200',
        VINOS_CORDILLERA, [(0, '3900'), (240, '3700')]),
    ('LAV', "Lavandina concentrada", 'l', "Limpieza", '1100',
        LIMPIEZA_DEL_SUR, [(0, '800'), (500, '740')]),
    ('DET', "Detergente para vajilla", 'l', "Limpieza", '2900',
        LIMPIEZA_DEL_SUR, [(0, '2200'), (300, '2050')]),
    ('JAB-PAN', "Jabón en pan para lavar 200 g", 'u', "Limpieza", '1100',
        LIMPIEZA_DEL_SUR, [(0, '820'), (600, '760')]),
    ('JAB-POL', "Jabón en polvo 800 g", 'u', "Limpieza", '4200',
        LIMPIEZA_DEL_SUR, [(0, '3300')]),
    ('TRA-PIS', "Trapo de piso gris 50 x 60 cm", 'u', "Blanquería", '1800',
        TEXTIL_UNIDOS, [(0, '1250'), (500, '1150'), (1000, '1080')]),
    ('REP-ALG', "Repasador de algodón 45 x 70 cm", 'u', "Blanquería",
        '3200', TEXTIL_UNIDOS, [(0, '2300'), (300, '2150')]),
    ('REJ-ALG', "Rejilla de algodón 40 x 45 cm", 'u', "Blanquería", '900',
        TEXTIL_UNIDOS, [(0, '620')]),
    ]
# The suppliers' terms, by product code, that the offers of every round
# start from: the suppliers ship whole cases (bolsas, bidones, cajas), need
# a minimum to be worth the trip or can make only so much.
SUPPLIER_TERMS = {
    'YER-1000': {'case_size': 10, 'case_required': True},
    'LEN-GR': {'case_size': 25, 'case_required': True,
        'minimum_quantity': 200},
    'LEC-LV': {'case_size': 12, 'case_required': True},
    'LEC-POL': {'minimum_amount': Decimal(500000)},
    'QUE-REG': {'minimum_quantity': 50},
    'MER-DUR': {'capacity': 400},
    'DUL-MEM': {'capacity': 300},
    'MIEL': {'case_size': 12},
    'VIN-MAL': {'case_size': 6, 'case_required': True},
    'LAV': {'case_size': 5, 'case_required': True},
    'DET': {'case_size': 5, 'case_required': True},
    'TRA-PIS': {'case_size': 10},
    }

# Consumer co-ops with an active membership, by CUIT
OBRERA = '30-58607039-4'
LA_ESPERANZA = '30-52750331-7'
EL_PROGRESO = '30-59955563-9'
LOS_ANDES = '30-54269499-4'
BARRIO_SUR = '30-53179419-9'
LA_AMISTAD = '30-60041812-9'
COSTA_DEL_PARANA = '30-54515198-3'

# The orders of the open round: the yerba, the spaghetti, the dulce de
# leche and the trapos de piso have crossed a tier; the rest is on its way,
# and the lentejas, the queso and the leche en polvo are below the minimum.
OPEN_ORDERS = {
    OBRERA: {'YER-1000': 200, 'FID-SPA': 300, 'DDL-400': 240,
        'ACE-GIR': 240, 'LEC-LV': 360, 'TRA-PIS': 300, 'LAV': 200,
        'ARR-LF': 150, 'HAR-000': 400, 'VIN-MAL': 120},
    LA_ESPERANZA: {'YER-1000': 60, 'YER-500': 100, 'FID-SPA': 120,
        'FID-MOS': 60, 'DDL-400': 120, 'MIEL': 24, 'LEN-GR': 50,
        'TRA-PIS': 100, 'REP-ALG': 40, 'JAB-PAN': 120, 'QUE-REG': 10},
    EL_PROGRESO: {'YER-1000': 50, 'FID-SPA': 100, 'DDL-400': 80,
        'ARR-LF': 80, 'LAV': 100, 'DET': 50, 'TRA-PIS': 60, 'MER-DUR': 48},
    LOS_ANDES: {'YER-500': 80, 'ARR-LF': 70, 'DDL-400': 60, 'LEC-LV': 120,
        'MER-DUR': 36, 'JUG-MAN': 60},
    BARRIO_SUR: {'YER-1000': 40, 'YER-500': 70, 'FID-MOS': 80, 'DET': 100,
        'JAB-POL': 48, 'REP-ALG': 30, 'TRA-PIS': 60, 'LEC-POL': 24},
    LA_AMISTAD: {'LEC-LV': 120, 'DDL-400': 40, 'QUE-REG': 8,
        'HAR-000': 120, 'POL-500': 60},
    COSTA_DEL_PARANA: {'YER-1000': 30, 'LEN-GR': 25, 'MIEL': 12,
        'JAB-PAN': 60, 'DUL-MEM': 40},
    }
# Last month's orders show every outcome of consolidation: tiers reached,
# the mermelada shared out on the supplier's capacity, the queso cancelled
# below its minimum and offers nobody ordered.
PAST_ORDERS = {
    OBRERA: {'YER-1000': 400, 'FID-SPA': 600, 'DDL-400': 500,
        'ACE-GIR': 480, 'MER-DUR': 200, 'TRA-PIS': 600, 'LAV': 300,
        'HAR-000': 1000},
    LA_ESPERANZA: {'YER-1000': 80, 'FID-SPA': 150, 'DDL-400': 100,
        'MER-DUR': 150, 'QUE-REG': 10, 'TRA-PIS': 120, 'MIEL': 24},
    EL_PROGRESO: {'YER-1000': 60, 'DDL-400': 60, 'MER-DUR': 120,
        'LAV': 100, 'JAB-PAN': 200},
    BARRIO_SUR: {'YER-1000': 50, 'FID-MOS': 100, 'REP-ALG': 60,
        'QUE-REG': 12, 'DET': 80},
    COSTA_DEL_PARANA: {'YER-1000': 30, 'LEN-GR': 200, 'MIEL': 12,
        'JAB-PAN': 100},
    }

MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre"]


def load():
    company = load_company()
    with Transaction().set_context(company=company.id):
        hub = load_hub(company)
        product_suppliers = load_products(company)
        load_rounds(company, hub, product_suppliers)


def _parties(cuits):
    pool = Pool()
    Identifier = pool.get('party.identifier')
    by_code = {i.code_compact: i.party for i in Identifier.search([
                ('type', '=', CUIT_TYPE),
                ('code_compact', 'in', [c.replace('-', '') for c in cuits]),
                ])}
    return {c: by_code[c.replace('-', '')] for c in cuits}


def load_company():
    "FACC as the company, in pesos, with the back office working for it"
    pool = Pool()
    Currency = pool.get('currency.currency')
    Company = pool.get('company.company')
    User = pool.get('res.user')

    currencies = Currency.search([('code', '=', CURRENCY['code'])])
    if currencies:
        peso, = currencies
    else:
        # The company's own currency: its rate only has to exist
        peso, = Currency.create([{
                    **CURRENCY,
                    'rates': [('create', [{
                                    'date': dt.date(2016, 1, 1),
                                    'rate': Decimal(1),
                                    }])],
                    }])
        logger.info("demo: currency %s", peso.code)

    facc = _parties([FACC_CUIT])[FACC_CUIT]
    companies = Company.search([('party', '=', facc.id)])
    if companies:
        company, = companies
    else:
        company, = Company.create([{
                    'party': facc.id,
                    'currency': peso.id,
                    'timezone': TIMEZONE,
                    }])
        logger.info("demo: company %s", facc.name)

    users = [u for u in User.search([('login', 'in', COMPANY_LOGINS)])
        if u.company != company or company not in u.companies]
    if users:
        User.write(users, {
                'companies': [('add', [company.id])],
                'company': company.id,
                })
    return company


def load_hub(company):
    "The stock module's warehouse becomes FACC's depot in Rosario"
    pool = Pool()
    Address = pool.get('party.address')
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    Location = pool.get('stock.location')
    ModelData = pool.get('ir.model.data')
    Config = pool.get('ir.configuration')

    facc = company.party
    addresses = Address.search([
            ('party', '=', facc.id),
            ('city', '=', HUB_ADDRESS['city']),
            ('street_name', '=', HUB_ADDRESS['street_name']),
            ])
    if addresses:
        address, = addresses
    else:
        argentina, = Country.search([('code', '=', 'AR')])
        province, = Subdivision.search([('code', '=', HUB_PROVINCE)])
        address, = Address.create([{
                    **HUB_ADDRESS,
                    'party': facc.id,
                    'country': argentina.id,
                    'subdivision': province.id,
                    }])

    hub_id = ModelData.get_id('stock', 'location_warehouse')
    # A proper name: the same in the default language and in Spanish
    for language in dict.fromkeys([Config.get_language(), 'es_419']):
        with Transaction().set_context(language=language):
            hub = Location(hub_id)
            if hub.name != HUB_NAME or hub.address != address:
                Location.write([hub], {
                        'name': HUB_NAME,
                        'address': address.id,
                        })
    return Location(hub_id)


def load_products(company):
    """The products of the approved worker co-ops with their reference
    prices and their suppliers' prices; return the product suppliers"""
    pool = Pool()
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    ProductSupplier = pool.get('purchase.product_supplier')
    ModelData = pool.get('ir.model.data')

    categories = {c.name: c for c in Category.search([
                ('name', 'in', CATEGORIES),
                ('parent', '=', None),
                ])}
    missing = [n for n in CATEGORIES if n not in categories]
    if missing:
        categories.update({c.name: c for c in Category.create(
                    [{'name': n} for n in missing])})
    accounting = Category.search([
            ('name', '=', ACCOUNT_CATEGORY),
            ('accounting', '=', True),
            ])
    if accounting:
        accounting, = accounting
    else:
        accounting, = Category.create([{
                    'name': ACCOUNT_CATEGORY,
                    'accounting': True,
                    }])

    templates = {t.code: t for t in Template.search([
                ('code', 'in', [p[0] for p in PRODUCTS]),
                ])}
    units = {s: ModelData.get_id('product', x) for s, x in UNITS.items()}
    to_create = []
    for code, name, unit, category, reference, _, _ in PRODUCTS:
        if code in templates:
            continue
        to_create.append({
                'code': code,
                'name': name,
                'type': 'goods',
                'default_uom': units[unit],
                'purchasable': True,
                'purchase_uom': units[unit],
                'salable': True,
                'sale_uom': units[unit],
                'list_price': Decimal(reference),
                'coop_reference_price': Decimal(reference),
                'categories': [('add', [categories[category].id])],
                'account_category': accounting.id,
                'products': [('create', [{}])],
                })
    if to_create:
        templates.update({t.code: t for t in Template.create(to_create)})
        logger.info("demo: %d products", len(to_create))
    # Products of a demo loaded before they needed one
    without = [t for t in templates.values() if not t.account_category]
    if without:
        Template.write(without, {'account_category': accounting.id})

    suppliers = _parties({p[5] for p in PRODUCTS})
    existing = {(s.party, s.template): s for s in ProductSupplier.search([
                ('template', 'in', [t.id for t in templates.values()]),
                ])}
    to_create = []
    for code, _, _, _, _, supplier, prices in PRODUCTS:
        template = templates[code]
        if (suppliers[supplier], template) in existing:
            continue
        product, = template.products
        to_create.append({
                'template': template.id,
                'product': product.id,
                'party': suppliers[supplier].id,
                'company': company.id,
                'currency': company.currency.id,
                'prices': [('create', [{
                                'quantity': quantity,
                                'unit_price': Decimal(price),
                                } for quantity, price in prices])],
                **{'coop_' + name: value
                    for name, value in SUPPLIER_TERMS.get(code, {}).items()},
                })
    if to_create:
        ProductSupplier.create(to_create)
        logger.info("demo: %d supplier prices", len(to_create))
    # Only approved suppliers may make offers
    return ProductSupplier.search([
            ('template', 'in', [t.id for t in templates.values()]),
            ('party.supplier_status', '=', 'approved'),
            ])


def _at(date, hour):
    return dt.datetime.combine(date, dt.time(hour))


def _round_name(closes):
    return "Ronda de almacén – %s %s" % (
        MONTHS[closes.month - 1], closes.year)


def load_rounds(company, hub, product_suppliers):
    """This month's round, open for ten more days, and last month's,
    consolidated. Times are in UTC: 12:00 is 9:00 in Argentina."""
    pool = Pool()
    Round = pool.get('coop.round')

    today = dt.date.today()
    open_window = (
        _at(today - dt.timedelta(days=4), 12),
        _at(today + dt.timedelta(days=10), 21))
    past_window = (
        _at(today - dt.timedelta(days=40), 12),
        _at(today - dt.timedelta(days=30), 21))
    rounds = {
        _round_name(open_window[1]): (open_window, OPEN_ORDERS),
        _round_name(past_window[1]): (past_window, PAST_ORDERS),
        }
    existing = {r.name for r in Round.search([
                ('company', '=', company.id),
                ('name', 'in', list(rounds)),
                ])}
    past_name = _round_name(past_window[1])
    for name, (window, orders) in rounds.items():
        if name in existing:
            continue
        round_ = create_round(
            name, company, hub, window, product_suppliers, orders)
        if name == past_name:
            Round.close([round_])
            Round.consolidate([round_])
        logger.info("demo: round %s (%s)", name, round_.state)


def create_round(name, company, hub, window, product_suppliers, orders):
    """Create a round with the offers of the product suppliers, open it and
    place the co-ops' orders.

    Co-ops order only while the window encloses now, so a round of the past
    is created around now and moved back to its dates once ordered."""
    pool = Pool()
    Round = pool.get('coop.round')
    Offer = pool.get('coop.round.offer')
    Order = pool.get('coop.round.order')

    now = dt.datetime.now()
    opens, closes = window
    round_, = Round.create([{
                'name': name,
                'company': company.id,
                'opens': min(opens, now - dt.timedelta(minutes=1)),
                'closes': max(closes, now + dt.timedelta(hours=1)),
                'delivery_date': closes.date() + dt.timedelta(days=7),
                'delivery_model': 'hub',
                'hub_warehouse': hub.id,
                'minimum_policy': 'cancel',
                }])
    # With the suppliers' prices and terms, as Fill Offers does
    offers = {o.product.code: o
        for o in Offer.create_from_product_suppliers(
            round_, product_suppliers)}
    Round.open([round_])

    cooperatives = _parties(list(orders))
    Order.create([{
                'round': round_.id,
                'cooperative': cooperatives[cuit].id,
                'lines': [('create', [{
                                'offer': offers[code].id,
                                'quantity': quantity,
                                } for code, quantity in lines.items()])],
                } for cuit, lines in orders.items()])

    if (round_.opens, round_.closes) != window:
        Round.write([round_], {'opens': opens, 'closes': closes})
    return round_
