# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Supplier onboarding: its configuration, an application at every stage
of the pipeline and the listing requests of the approved suppliers.

The prospect worker co-ops have their applications in the open stages (and
one co-op a rejected application besides its new one). Three approved
suppliers went through the whole pipeline; the others were approved at the
launch, before onboarding was in the system, so their applications are
stored approved, with the "Venta a gran escala" course they took then; the
suspended supplier's RNPA has expired. El Trigal's application is complete
but for that training: someone of the co-op is enrolled in yesterday's
session and not yet marked attended.

Applications are known by their co-op and their products, listing requests
by their supplier and name: a second load creates nothing twice. Dates are
counted from today, so that documents are valid or expiring whenever the
demo is loaded."""
import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal

from trytond.pool import Pool
from trytond.transaction import Transaction

from .membership import LAUNCH
from .purchasing import (
    ACCOUNT_CATEGORY, CATEGORIES, DULCES_DEL_VALLE, FACC_CUIT,
    LA_LITORALENA, LACTEOS_DEL_CENTRO, LIMPIEZA_DEL_SUR, TEXTIL_UNIDOS,
    UNITS, VINOS_CORDILLERA, YERBATERA, _parties)
from .training import (
    GRAFICA_PATRIA, METALURGICA_12_DE_OCTUBRE, ONBOARDING_COOP,
    ONBOARDING_COURSE, TRAINERS, TRANSPORTES_SOLIDARIOS)

logger = logging.getLogger(__name__)

# The co-op whose application is blocked only by the required training, by
# CUIT: marking its enrolment attended (training.onboarding_enrolment)
# clears the reason.
BLOCKED_BY_TRAINING = ONBOARDING_COOP
FRIGORIFICO_SAN_JORGE = '30-60562389-8'

# The categories the onboarding demo adds to those of purchasing
EXTRA_CATEGORIES = ["Carnes y embutidos", "Imprenta y papelería",
    "Servicios de transporte", "Equipamiento comercial"]
# Their suppliers need the food-safety registrations
FOOD_CATEGORIES = ["Almacén", "Infusiones", "Lácteos", "Dulces y mermeladas",
    "Bebidas", "Carnes y embutidos"]
MINIMUM_SCORE = 0.6

PDF = b'%PDF-1.4\n% Documento de demostracion\n'
# The scores of the six standard criteria, in their order: production,
# quality, packaging, delivery, cases and invoicing
GOOD_SCORES = [8, 8, 7, 7, 7, 8]
# Every document type a food supplier needs, valid for most of a year:
# code, days since issued, days until it expires, file
FOOD_DOCUMENTS = [
    ('AFIP', 100, 265, True), ('INAES', 100, 265, True),
    ('RNE', 400, 1425, True), ('RNPA', 400, 1425, True)]
DOCUMENTS = FOOD_DOCUMENTS[:2]

# CUIT, stage, days since submitted, products and services, categories,
# monthly capacity, delivery provinces, own transport, certifications,
# contact (name, e-mail, phone), documents, assessment scores, reason,
# visit (days ago, report). The stages: the workflow's, "approved" through
# it, "launch" approved as it was at the launch.
APPLICATIONS = [
    (METALURGICA_12_DE_OCTUBRE, 'rejected', 70,
        "Aberturas de aluminio y rejas a medida", ["Equipamiento comercial"],
        "40 aberturas", ['AR-S'], False, None,
        ("Oscar Ledesma", 'ventas@12deoctubre.example', '+54 341 455 1200'),
        [], None,
        "Las aberturas a medida no se venden en los almacenes de las "
        "cooperativas de consumo.", None),
    (METALURGICA_12_DE_OCTUBRE, 'submitted', 3,
        "Estanterías metálicas y carros para las sucursales de las "
        "cooperativas de consumo", ["Equipamiento comercial"],
        "120 módulos de estantería y 60 carros", ['AR-S', 'AR-E', 'AR-X'],
        True, None,
        ("Oscar Ledesma", 'ventas@12deoctubre.example', '+54 341 455 1200'),
        [], None, None, None),
    (GRAFICA_PATRIA, 'documents', 12,
        "Etiquetas autoadhesivas, folletos y bolsas de papel impresas",
        ["Imprenta y papelería"], "200.000 etiquetas y 50.000 bolsas",
        ['AR-C', 'AR-B'], False, None,
        ("Diego Correa", 'diego@graficapatria.example', '+54 11 4300 2211'),
        [('AFIP', 30, 335, True), ('INAES', 30, 335, False)], None, None,
        None),
    (TRANSPORTES_SOLIDARIOS, 'on_hold', 25,
        "Fletes de distribución desde el depósito central a las "
        "cooperativas del sur de Buenos Aires y La Pampa",
        ["Servicios de transporte"], "12 camiones, 80 viajes al mes",
        ['AR-B', 'AR-L', 'AR-R'], True, None,
        ("Lorena Vega", 'lvega@transportessolidarios.example',
            '+54 291 455 8800'),
        [('AFIP', 60, 305, True), ('INAES', 400, -35, True)], None,
        "Espera la renovación del certificado de vigencia del INAES y la "
        "póliza de seguro de la flota.", None),
    (ONBOARDING_COOP, 'assessment', 40,
        "Pan de molde, galletitas de campo y budines", ["Almacén"],
        "6.000 paquetes de pan y 3.000 de galletitas", ['AR-B', 'AR-C'],
        True, "Buenas Prácticas de Manufactura (municipio de Tandil)",
        ("Marcela Ríos", 'mrios@eltrigal.example', '+54 249 444 3100'),
        FOOD_DOCUMENTS, [7, 7, 6, 6, 7, 8], None,
        (15, "Panadería con dos hornos rotativos y cámara de leudado; "
            "envasado manual, conviene una envasadora para los volúmenes "
            "de una ronda.")),
    (LA_LITORALENA, 'approved', 120,
        "Fideos secos, harina, arroz, legumbres y aceite", ["Almacén"],
        "40.000 paquetes de fideos y 20.000 kg de harina",
        ['AR-S', 'AR-E', 'AR-B', 'AR-C', 'AR-X'], True,
        "Buenas Prácticas de Manufactura; trazabilidad por lote",
        ("Jorge Medina", 'jmedina@lalitoralena.example', '+54 342 456 7000'),
        FOOD_DOCUMENTS, GOOD_SCORES, None,
        (100, "Planta con tres líneas de fideos secos y depósito propio; "
            "despacha pallets enteros.")),
    (TEXTIL_UNIDOS, 'approved', 110,
        "Trapos de piso, repasadores, rejillas y blanquería de algodón",
        ["Blanquería"], "15.000 trapos y 8.000 repasadores",
        ['AR-B', 'AR-C'], False, None,
        ("Rosa Benítez", 'ventas@textilunidos.example', '+54 11 4253 0990'),
        DOCUMENTS, GOOD_SCORES, None, None),
    (LACTEOS_DEL_CENTRO, 'approved', 100,
        "Dulce de leche, leche larga vida, leche en polvo y quesos",
        ["Lácteos"], "30.000 l de leche y 10.000 potes de dulce",
        ['AR-X', 'AR-S', 'AR-B', 'AR-C'], True,
        "SENASA; Buenas Prácticas de Manufactura",
        ("Walter Gómez", 'wgomez@lacteosdelcentro.example',
            '+54 353 452 1100'),
        FOOD_DOCUMENTS, GOOD_SCORES, None, None),
    (YERBATERA, 'launch', None,
        "Yerba mate con y sin palo, té en saquitos", ["Infusiones"],
        "60.000 kg de yerba", ['AR-N', 'AR-B', 'AR-C', 'AR-S'], True,
        "Instituto Nacional de la Yerba Mate",
        ("Irma Kowalski", 'ventas@yerbateraruruguay.example', None),
        [('AFIP', 345, 20, True), *FOOD_DOCUMENTS[1:]], GOOD_SCORES, None,
        None),
    (DULCES_DEL_VALLE, 'launch', None,
        "Dulces, mermeladas, miel y jugos del Alto Valle",
        ["Dulces y mermeladas", "Bebidas"], "4.000 frascos y 2.000 kg",
        ['AR-R', 'AR-B', 'AR-C'], False, None,
        ("Mirta Sandoval", 'ventas@dulcesdelvalle.example', None),
        FOOD_DOCUMENTS, GOOD_SCORES, None, None),
    (LIMPIEZA_DEL_SUR, 'launch', None,
        "Lavandina, detergente y jabones", ["Limpieza"],
        "20.000 l de lavandina y 8.000 l de detergente", ['AR-B', 'AR-C'],
        True, None, ("Ramón Ortiz", 'ventas@limpiezadelsur.example', None),
        DOCUMENTS, GOOD_SCORES, None, None),
    (VINOS_CORDILLERA, 'launch', None,
        "Vino Malbec y Bonarda en botella", ["Bebidas"], "8.000 botellas",
        ['AR-M', 'AR-C', 'AR-B'], False,
        "Instituto Nacional de Vitivinicultura",
        ("Elena Funes", 'ventas@vinoscordillera.example', None),
        FOOD_DOCUMENTS, GOOD_SCORES, None, None),
    (FRIGORIFICO_SAN_JORGE, 'launch', None,
        "Cortes de carne vacuna y embutidos", ["Carnes y embutidos"],
        "40.000 kg", ['AR-S', 'AR-C'], True, "SENASA",
        ("Hugo Paredes", 'ventas@frigorificosanjorge.example', None),
        [*FOOD_DOCUMENTS[:3], ('RNPA', 1830, -10, True)], GOOD_SCORES, None,
        None),
    ]

# The course the suppliers approved at the launch attended then: its place,
# trainer and [(CUIT, participant)]
LAUNCH_SESSION_PLACE = (
    "Ciudad Autónoma de Buenos Aires, lanzamiento de la Central de Compras")
LAUNCH_SESSION_TRAINER = TRAINERS[0]
LAUNCH_TRAINEES = [
    (YERBATERA, "Irma Kowalski"),
    (DULCES_DEL_VALLE, "Mirta Sandoval"),
    (LIMPIEZA_DEL_SUR, "Ramón Ortiz"),
    (VINOS_CORDILLERA, "Elena Funes"),
    (FRIGORIFICO_SAN_JORGE, "Hugo Paredes"),
    ]

# supplier, state, name, code, category, unit, unit price, price breaks,
# case size, monthly capacity, reason
LISTINGS = [
    (LA_LITORALENA, 'approved', "Ñoquis de papa 500 g", 'LIT-NOQ', "Almacén",
        'u', '1300', [(400, '1220'), (800, '1150')], 12, 3000, None),
    (DULCES_DEL_VALLE, 'submitted', "Dulce de membrillo en cajón 5 kg",
        'DV-MEM5', "Dulces y mermeladas", 'u', '9800', [(50, '9400')], 4,
        600, None),
    (TEXTIL_UNIDOS, 'draft', "Toalla de algodón 50 x 90 cm", 'TU-TOA',
        "Blanquería", 'u', '4200', [], 10, 1500, None),
    (LACTEOS_DEL_CENTRO, 'rejected', "Yogur bebible de frutilla 1 l",
        'LC-YOG', "Lácteos", 'u', '1700', [(600, '1600')], 12, 5000,
        "El depósito central todavía no tiene cadena de frío para los "
        "productos refrigerados."),
    ]


def load():
    categories = load_categories()
    load_configuration()
    load_launch_training()
    load_applications(categories)
    load_listings(categories)


def load_categories():
    """Mark the food categories and add those the applications need;
    return the product categories of the demo by name"""
    pool = Pool()
    Category = pool.get('product.category')
    names = CATEGORIES + EXTRA_CATEGORIES
    categories = {c.name: c for c in Category.search([
                ('name', 'in', names),
                ('parent', '=', None),
                ('accounting', '=', False),
                ])}
    missing = [n for n in names if n not in categories]
    if missing:
        categories.update({c.name: c for c in Category.create(
                    [{'name': n} for n in missing])})
    unmarked = [categories[n] for n in FOOD_CATEGORIES
        if not categories[n].coop_food]
    if unmarked:
        Category.write(unmarked, {'coop_food': True})
    return categories


def load_configuration():
    "The training and score that onboarding requires"
    pool = Pool()
    Configuration = pool.get('coop.onboarding.configuration')
    Course = pool.get('coop.training.course')
    Category = pool.get('product.category')
    configuration = Configuration(1)
    courses = Course.search([('code', '=', ONBOARDING_COURSE)])
    accounting = Category.search([
            ('name', '=', ACCOUNT_CATEGORY),
            ('accounting', '=', True),
            ], limit=1)
    values = {}
    if set(courses) - set(configuration.required_courses):
        values['required_courses'] = [('add', [c.id for c in courses])]
    if configuration.minimum_assessment_score != MINIMUM_SCORE:
        values['minimum_assessment_score'] = MINIMUM_SCORE
    if accounting and not configuration.listing_account_category:
        values['listing_account_category'] = accounting[0].id
    if values:
        Configuration.write([configuration], values)


def load_launch_training():
    """The "Venta a gran escala" session given at the launch, which the
    first suppliers attended"""
    pool = Pool()
    Course = pool.get('coop.training.course')
    Session = pool.get('coop.training.session')
    Enrolment = pool.get('coop.training.enrolment')
    Party = pool.get('party.party')
    courses = Course.search([('code', '=', ONBOARDING_COURSE)])
    trainers = Party.search([
            ('name', '=', LAUNCH_SESSION_TRAINER),
            ('coop_kind', '=', None),
            ], limit=1)
    if not courses or not trainers or Session.search([
                ('course', '=', courses[0].id),
                ('place', '=', LAUNCH_SESSION_PLACE),
                ]):
        return
    start = dt.datetime.combine(
        LAUNCH - dt.timedelta(days=10), dt.time(12))
    session, = Session.create([{
                'course': courses[0].id,
                'start': start,
                'end': start + dt.timedelta(hours=8),
                'place': LAUNCH_SESSION_PLACE,
                'trainer': trainers[0].id,
                'capacity': 30,
                }])
    Session.confirm([session])
    coops = _parties({c for c, _ in LAUNCH_TRAINEES})
    enrolments = Enrolment.create([{
                'session': session.id,
                'cooperative': coops[cuit].id,
                'participant': participant,
                } for cuit, participant in LAUNCH_TRAINEES])
    Enrolment.mark_attended(enrolments)
    Session.do([session])


def _document_values(documents, types, today):
    return [{
            'type': types[code].id,
            'number': '%s-%s' % (code, i),
            'issue_date': today - dt.timedelta(days=issued),
            'expiry_date': today + dt.timedelta(days=expires),
            'file': PDF if with_file else None,
            'filename': '%s.pdf' % code.lower() if with_file else None,
            } for i, (code, issued, expires, with_file) in enumerate(
            documents, 1)]


def _application_values(row, parties, categories, provinces, types,
        criteria, visitor, today):
    (cuit, stage, days, products, category_names, capacity, delivery,
        transport, certifications, contact, documents, scores, _,
        visit) = row
    contact_name, contact_email, contact_phone = contact
    values = {
        'cooperative': parties[cuit].id,
        'submission_date': (today - dt.timedelta(days=days) if days
            else LAUNCH - dt.timedelta(days=20)),
        'products_description': products,
        'categories': [('add', [categories[n].id for n in category_names])],
        'monthly_capacity': capacity,
        'delivery_provinces': [('add', [provinces[c].id for c in delivery])],
        'own_transport': transport,
        'certifications': certifications,
        'contact_name': contact_name,
        'contact_email': contact_email,
        'contact_phone': contact_phone,
        'documents': [('create', _document_values(documents, types, today))],
        }
    if visit:
        days_ago, report = visit
        values['visits'] = [('create', [{
                        'date': today - dt.timedelta(days=days_ago),
                        'visitor': visitor.id,
                        'report': report,
                        }])]
    if stage == 'launch':
        # Approved before onboarding was in the system
        values.update({
                'state': 'approved',
                'decision_date': LAUNCH,
                'assessment_lines': [('create', [{
                                'criterion': c.id,
                                'weight': c.weight,
                                'score': s,
                                } for c, s in zip(criteria, scores)])],
                })
    return values


def load_applications(categories):
    """Create the applications that are missing and take each through the
    workflow to its stage, as the staff would"""
    pool = Pool()
    Application = pool.get('coop.onboarding.application')
    Criterion = pool.get('coop.onboarding.criterion')
    DocumentType = pool.get('coop.onboarding.document.type')
    Subdivision = pool.get('country.subdivision')
    User = pool.get('res.user')
    Date = pool.get('ir.date')
    today = Date.today()

    parties = _parties({r[0] for r in APPLICATIONS})
    existing = {(a.cooperative, a.products_description)
        for a in Application.search([
                ('cooperative', 'in', [p.id for p in parties.values()]),
                ])}
    rows = [r for r in APPLICATIONS if (parties[r[0]], r[3]) not in existing]
    if not rows:
        return
    provinces = {s.code: s for s in Subdivision.search([
                ('code', 'in', list({c for r in rows for c in r[6]})),
                ])}
    types = {t.code: t for t in DocumentType.search([])}
    criteria = Criterion.search([])
    visitor, = User.search([('login', '=', 'altas')]) or [
        User(Transaction().user)]

    # A co-op may apply again once its application is rejected
    for rejected in [True, False]:
        batch = [r for r in rows if (r[1] == 'rejected') == rejected]
        if not batch:
            continue
        applications = Application.create([
                _application_values(r, parties, categories, provinces,
                    types, criteria, visitor, today)
                for r in batch])
        move_to_stages(list(zip(applications, batch)), criteria)
    logger.info("demo: %d supplier applications", len(rows))


def move_to_stages(applications, criteria):
    """Take the [(application, row)] through the workflow to their stage,
    scoring the criteria in their order"""
    pool = Pool()
    Application = pool.get('coop.onboarding.application')
    Line = pool.get('coop.onboarding.assessment.line')
    stages = defaultdict(list)
    for application, row in applications:
        stages[row[1]].append(application)

    def reached(*names):
        return [a for n in names for a in stages[n]]

    Application.review_documents(reached('documents', 'assessment',
            'approved', 'on_hold'))
    assessed = reached('assessment', 'approved')
    Application.assess(assessed)
    scores = {a.id: row[11] for a, row in applications if row[11]}
    by_score = defaultdict(list)
    for line in Line.search([
                ('application', 'in', [a.id for a in assessed]),
                ]):
        index = criteria.index(line.criterion)
        by_score[scores[line.application.id][index]].append(line)
    to_write = []
    for score, lines in by_score.items():
        to_write.extend([lines, {'score': score}])
    if to_write:
        Line.write(*to_write)
    Application.approve(reached('approved'))
    for application, row in applications:
        reason = row[12]
        if row[1] == 'on_hold':
            Application.mark_on_hold([application], reason)
        elif row[1] == 'rejected':
            Application.mark_rejected([application], reason)


def load_listings(categories):
    """The listing requests of the approved suppliers, each taken to its
    state; the approved one becomes a product with its supplier's prices"""
    pool = Pool()
    Company = pool.get('company.company')
    Listing = pool.get('coop.onboarding.listing')
    ModelData = pool.get('ir.model.data')

    facc = _parties([FACC_CUIT])[FACC_CUIT]
    company, = Company.search([('party', '=', facc.id)])
    suppliers = _parties({r[0] for r in LISTINGS})
    existing = {(r.supplier, r.name) for r in Listing.search([
                ('supplier', 'in', [s.id for s in suppliers.values()]),
                ])}
    rows = [r for r in LISTINGS if (suppliers[r[0]], r[2]) not in existing]
    if not rows:
        return
    units = {s: ModelData.get_id('product', x) for s, x in UNITS.items()}
    with Transaction().set_context(company=company.id):
        listings = Listing.create([{
                    'company': company.id,
                    'supplier': suppliers[supplier].id,
                    'name': name,
                    'code': code,
                    'category': categories[category].id,
                    'unit': units[unit],
                    'unit_price': Decimal(price),
                    'tiers': [('create', [{
                                    'quantity': quantity,
                                    'unit_price': Decimal(tier_price),
                                    } for quantity, tier_price in tiers])],
                    'case_size': case_size,
                    'monthly_capacity': capacity,
                    } for (supplier, _, name, code, category, unit, price,
                    tiers, case_size, capacity, _) in rows])
        states = defaultdict(list)
        for listing, row in zip(listings, rows):
            states[row[1]].append(listing)
        Listing.submit(
            states['submitted'] + states['approved'] + states['rejected'])
        Listing.approve(states['approved'])
        for listing, row in zip(listings, rows):
            if row[1] == 'rejected':
                Listing.mark_rejected([listing], row[10])
    logger.info("demo: %d listing requests", len(rows))
