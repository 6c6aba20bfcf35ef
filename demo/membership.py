# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Federations, member co-ops, memberships and demo users.

Every co-op here is fictional except the three that the 2016 announcement
names (FACC, FECOOTRA and Cooperativa Obrera); their CUIT and INAES numbers
are made up too, valid in form only."""
import datetime as dt
import logging

from trytond.modules.coop_membership.party import CUIT_TYPE
from trytond.pool import Pool

logger = logging.getLogger(__name__)

LAUNCH = dt.date(2016, 4, 30)

# name, town, province code, CUIT, INAES number, IVA condition, members,
# points of sale
FEDERATIONS = [
    ("FACC - Federación Argentina de Cooperativas de Consumo",
        "Ciudad Autónoma de Buenos Aires", 'AR-C', '30-65055966-1', '1.101',
        'exento', 62, None),
    ("FECOOTRA - Federación de Cooperativas de Trabajo de la República "
        "Argentina", "Ciudad Autónoma de Buenos Aires", 'AR-C',
        '30-68539748-6', '9.870', 'exento', 140, None),
    ]
CONSUMER_COOPS = [
    ("Cooperativa Obrera Ltda. de Consumo y Vivienda", "Bahía Blanca",
        'AR-B', '30-58607039-4', '1.006', 'responsable_inscripto',
        1400000, 120),
    ("Cooperativa de Consumo La Esperanza Ltda.", "Rafaela", 'AR-S',
        '30-52750331-7', '20.114', 'responsable_inscripto', 8400, 6),
    ("Cooperativa de Consumo El Progreso de Junín Ltda.", "Junín", 'AR-B',
        '30-59955563-9', '20.287', 'responsable_inscripto', 5200, 4),
    ("Cooperativa de Provisión y Consumo Los Andes Ltda.", "San Rafael",
        'AR-M', '30-54269499-4', '21.003', 'responsable_inscripto', 3100, 3),
    ("Cooperativa de Consumo Unión del Valle Ltda.", "General Roca", 'AR-R',
        '30-52403394-8', '21.450', 'responsable_inscripto', 2700, 2),
    ("Cooperativa de Consumo Solidaria del Norte Ltda.",
        "San Salvador de Jujuy", 'AR-Y', '30-66333795-1', '22.019',
        'exento', 950, 1),
    ("Cooperativa de Consumo Tierra Colorada Ltda.", "Oberá", 'AR-N',
        '30-65873007-6', '22.376', 'exento', 1300, 2),
    ("Cooperativa de Consumo Barrio Sur Ltda.",
        "Ciudad Autónoma de Buenos Aires", 'AR-C', '30-53179419-9', '23.105',
        'responsable_inscripto', 4100, 3),
    ("Cooperativa de Consumo La Amistad de Villa María Ltda.",
        "Villa María", 'AR-X', '30-60041812-9', '23.588',
        'responsable_inscripto', 2300, 2),
    ("Cooperativa de Consumo Costa del Paraná Ltda.", "Paraná", 'AR-E',
        '30-54515198-3', '24.002', 'exento', 1800, 2),
    ("Cooperativa de Consumo Patagonia Austral Ltda.", "Río Gallegos",
        'AR-Z', '30-55200773-1', '24.611', 'exento', 700, 1),
    ("Cooperativa de Consumo Monte Grande Ltda.", "Santiago del Estero",
        'AR-G', '30-60798063-9', '25.240', 'exento', 520, 1),
    ("Cooperativa de Consumo del Oeste Pampeano Ltda.", "General Pico",
        'AR-L', '30-57075347-5', '25.903', 'monotributo', 310, 1),
    ]
WORKER_COOPS = [
    ("Cooperativa de Trabajo Textil Unidos Ltda.", "Quilmes", 'AR-B',
        '30-61773815-1', '30.112', 'responsable_inscripto', 38, None),
    ("Cooperativa de Trabajo Alimentaria La Litoraleña Ltda.", "Santa Fe",
        'AR-S', '30-56989438-3', '30.540', 'responsable_inscripto', 64, None),
    ("Cooperativa de Trabajo Gráfica Patria Ltda.",
        "Ciudad Autónoma de Buenos Aires", 'AR-C', '30-58020383-9', '31.077',
        'responsable_inscripto', 22, None),
    ("Cooperativa de Trabajo Limpieza Integral del Sur Ltda.", "Avellaneda",
        'AR-B', '30-55654871-0', '31.406', 'monotributo', 15, None),
    ("Cooperativa de Trabajo Lácteos del Centro Ltda.", "Villa María",
        'AR-X', '30-66644155-5', '31.983', 'responsable_inscripto', 91, None),
    ("Cooperativa de Trabajo Yerbatera Río Uruguay Ltda.", "Apóstoles",
        'AR-N', '30-65198311-4', '32.250', 'responsable_inscripto', 47, None),
    ("Cooperativa de Trabajo Frigorífico San Jorge Ltda.", "San Jorge",
        'AR-S', '30-60562389-8', '32.718', 'responsable_inscripto', 120, None),
    ("Cooperativa de Trabajo Metalúrgica 12 de Octubre Ltda.", "Rosario",
        'AR-S', '30-52750389-9', '33.064', 'responsable_inscripto', 29, None),
    ("Cooperativa de Trabajo Dulces del Valle Ltda.", "Cipolletti", 'AR-R',
        '30-71099331-5', '33.591', 'monotributo', 12, None),
    ("Cooperativa de Trabajo Panificadora El Trigal Ltda.", "Tandil",
        'AR-B', '30-68851312-6', '34.120', 'monotributo', 18, None),
    ("Cooperativa de Trabajo Transportes Solidarios Ltda.", "Bahía Blanca",
        'AR-B', '30-58151304-2', '34.477', 'responsable_inscripto', 26, None),
    ("Cooperativa de Trabajo Vinos de la Cordillera Ltda.", "Maipú", 'AR-M',
        '30-58969781-9', '35.009', 'responsable_inscripto', 33, None),
    ]
# The status each worker co-op reaches, by CUIT (the others stay prospects)
SUPPLIER_STATUSES = {
    '30-61773815-1': ('approved', None),
    '30-56989438-3': ('approved', None),
    '30-55654871-0': ('approved', None),
    '30-66644155-5': ('approved', None),
    '30-65198311-4': ('approved', None),
    '30-71099331-5': ('approved', None),
    '30-58969781-9': ('approved', None),
    '30-60562389-8': ('suspended',
        "RNPA vencido: se renueva con la inspección bromatológica."),
    }
# Memberships that are not simply active, by CUIT
MEMBERSHIP_STATES = {
    '30-57075347-5': 'applicant',
    '30-60798063-9': 'suspended',
    '30-58969781-9': 'applicant',
    }

# Back-office users: login, name, groups (module, xml id)
STAFF = [
    ('federacion', "María Fernández (FACC)", 'demo-federacion-2016', [
            'group_federation_admin', 'group_supplier_status']),
    ('compras', "Jorge Benítez (Compras)", 'demo-compras-2016', [
            'group_purchasing']),
    ('altas', "Laura Sosa (Proveedores)", 'demo-altas-2016', [
            'group_onboarding', 'group_supplier_status']),
    ('capacitacion', "Rubén Acosta (Capacitación)", 'demo-capacitacion-2016',
        ['group_training']),
    ]
# Web users: email, password, role, CUIT of their co-op
WEB_USERS = [
    ('compras@laesperanza.example', 'demo-compradora-2016', 'buyer',
        '30-52750331-7'),
    ('compras@cooperativaobrera.example', 'demo-obrera-2016', 'buyer',
        '30-58607039-4'),
    ('ventas@textilunidos.example', 'demo-proveedora-2016', 'supplier',
        '30-61773815-1'),
    ('ventas@lalitoralena.example', 'demo-litoralena-2016', 'supplier',
        '30-56989438-3'),
    ]


def load():
    parties = load_coops()
    load_memberships(parties)
    load_supplier_statuses(parties)
    load_staff()
    load_web_users(parties)


def _cuit_compact(code):
    return code.replace('-', '')


def load_coops():
    "Create the federations and co-ops that are missing; return all by CUIT"
    pool = Pool()
    Party = pool.get('party.party')
    Identifier = pool.get('party.identifier')
    Subdivision = pool.get('country.subdivision')
    Country = pool.get('country.country')

    argentina, = Country.search([('code', '=', 'AR')])
    provinces = {s.code: s for s in Subdivision.search([
                ('country', '=', argentina.id),
                ])}
    rows = ([('federation', *r) for r in FEDERATIONS]
        + [('consumer', *r) for r in CONSUMER_COOPS]
        + [('worker', *r) for r in WORKER_COOPS])
    existing = {i.code_compact: i.party for i in Identifier.search([
                ('type', '=', CUIT_TYPE),
                ('code_compact', 'in', [_cuit_compact(r[4]) for r in rows]),
                ])}
    to_create = []
    for (kind, name, town, province, cuit, inaes, iva, members,
            points_of_sale) in rows:
        if _cuit_compact(cuit) in existing:
            continue
        to_create.append({
                'name': name,
                'coop_kind': kind,
                'inaes_number': inaes,
                'iva_condition': iva,
                'members_count': members,
                'points_of_sale': points_of_sale,
                'province': provinces[province].id,
                'identifiers': [('create', [{
                                'type': CUIT_TYPE, 'code': cuit}])],
                'addresses': [('create', [{
                                'city': town,
                                'country': argentina.id,
                                'subdivision': provinces[province].id,
                                }])],
                })
    if to_create:
        created = Party.create(to_create)
        logger.info("demo: %d federations and co-ops", len(created))
        existing.update({p.cuit.replace('-', ''): p for p in created})
    return {cuit: existing[_cuit_compact(cuit)] for cuit in (
            r[4] for r in rows)}


def load_memberships(parties):
    pool = Pool()
    Membership = pool.get('coop.membership')

    facc = parties[FEDERATIONS[0][3]]
    fecootra = parties[FEDERATIONS[1][3]]
    have = {m.cooperative for m in Membership.search([])}
    to_create = []
    for rows, federation in [
            (CONSUMER_COOPS, facc), (WORKER_COOPS, fecootra)]:
        for row in rows:
            coop = parties[row[3]]
            if coop in have:
                continue
            to_create.append({
                    'cooperative': coop.id,
                    'federation': federation.id,
                    'application_date': LAUNCH - dt.timedelta(days=60),
                    'start_date': (LAUNCH
                        if MEMBERSHIP_STATES.get(row[3]) != 'applicant'
                        else None),
                    })
    if not to_create:
        return
    memberships = Membership.create(to_create)
    by_state = {}
    for membership in memberships:
        state = MEMBERSHIP_STATES.get(membership.cooperative.cuit, 'active')
        by_state.setdefault(state, []).append(membership)
    to_activate = by_state.get('active', []) + by_state.get('suspended', [])
    if to_activate:
        Membership.activate(to_activate)
    if by_state.get('suspended'):
        Membership.suspend(by_state['suspended'])
    logger.info("demo: %d memberships", len(memberships))


def load_supplier_statuses(parties):
    pool = Pool()
    Party = pool.get('party.party')
    for cuit, (status, reason) in SUPPLIER_STATUSES.items():
        supplier = parties[cuit]
        if supplier.supplier_status == 'prospect':
            Party.set_supplier_status([supplier], status, reason=reason)


def load_staff():
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    Lang = pool.get('ir.lang')

    spanish, = Lang.search([('code', '=', 'es_419')])
    if not spanish.translatable:
        Lang.load_translations([spanish])
    # Numbers as written in Argentina: 1.400.000,50
    if (spanish.decimal_point, spanish.thousands_sep) != (',', '.'):
        Lang.write([spanish], {
                'decimal_point': ',', 'thousands_sep': '.',
                'mon_decimal_point': ',', 'mon_thousands_sep': '.',
                })
    logins = {u.login for u in User.search([
                ('login', 'in', [s[0] for s in STAFF]),
                ])}
    to_create = []
    for login, name, password, groups in STAFF:
        if login in logins:
            continue
        to_create.append({
                'login': login,
                'name': name,
                'password': password,
                'language': spanish.id,
                'groups': [('add', [
                            ModelData.get_id('coop_membership', g)
                            for g in groups])],
                })
    if to_create:
        User.create(to_create)
        logger.info("demo: %d back-office users", len(to_create))


def load_web_users(parties):
    pool = Pool()
    WebUser = pool.get('web.user')
    emails = {u.email for u in WebUser.search([
                ('email', 'in', [w[0] for w in WEB_USERS]),
                ])}
    to_create = [{
            'email': email,
            'password': password,
            'coop_role': role,
            'party': parties[cuit].id,
            'email_valid': True,
            } for email, password, role, cuit in WEB_USERS
        if email not in emails]
    if to_create:
        WebUser.create(to_create)
        logger.info("demo: %d web users", len(to_create))
