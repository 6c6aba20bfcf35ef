# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Training courses, their sessions with the co-ops' enrolments, and a
meeting with an Italian consortium of co-ops.

Sessions are dated from today: some are done with their attendance, one
took place yesterday and still waits for its attendance, the upcoming ones
take enrolments and one of them is full with a waiting list. A session is
known by its course and its place (or link), which is what keeps a second
load, on any day, from creating it again. People, trainers and the
consortium are fictional."""
import datetime as dt
import logging
from decimal import Decimal

from trytond.pool import Pool

from .membership import STAFF
from .purchasing import (
    BARRIO_SUR, COSTA_DEL_PARANA, DULCES_DEL_VALLE, EL_PROGRESO, FACC_CUIT,
    LA_AMISTAD, LA_ESPERANZA, LA_LITORALENA, LACTEOS_DEL_CENTRO, LOS_ANDES,
    OBRERA, TEXTIL_UNIDOS, YERBATERA, _parties)

logger = logging.getLogger(__name__)

# Worker co-ops that are still prospect suppliers, by CUIT
PANIFICADORA_EL_TRIGAL = '30-68851312-6'
GRAFICA_PATRIA = '30-58020383-9'
TRANSPORTES_SOLIDARIOS = '30-58151304-2'
METALURGICA_12_DE_OCTUBRE = '30-52750389-9'

# code, title, topic, hours, description
COURSES = [
    ('VGE', "Venta a gran escala", 'selling_at_scale', '12',
        "Cómo vender a las cadenas y a la Central de Compras: precios por "
        "volumen, pedidos mínimos, capacidad mensual, contratos y "
        "cumplimiento de entregas."),
    ('LOG', "Logística y distribución", 'logistics', '8',
        "Embalaje por bulto cerrado, paletizado, turnos de entrega en el "
        "depósito central, remitos y trazabilidad."),
    ('SAL', "Seguridad alimentaria", 'food_safety', '6',
        "Buenas prácticas de manufactura, rotulado, registros RNE y RNPA y "
        "cómo prepararse para la inspección bromatológica."),
    ('FEL', "Facturación electrónica", 'electronic_invoicing', '4',
        "Factura electrónica de AFIP: puntos de venta, CAE, notas de "
        "crédito y condiciones frente al IVA."),
    ('GOB', "Gobierno cooperativo", 'governance', '10',
        "Asambleas, consejo de administración, sindicatura, balance social "
        "y participación de las personas asociadas."),
    ]
TRAINERS = ["Lucía Romero", "Martín Aguirre", "Carolina Méndez",
    "Ricardo Paz"]

# What the supplier onboarding demo needs: a prospect worker co-op with
# someone enrolled, not yet marked attended, in the "Venta a gran escala"
# session of yesterday, which is confirmed and has started, so that
# Enrolment.mark_attended works on it (see onboarding_enrolment).
ONBOARDING_COOP = PANIFICADORA_EL_TRIGAL
ONBOARDING_COURSE = 'VGE'
ONBOARDING_PARTICIPANT = "Marcela Ríos"
ONBOARDING_PLACE = "Tandil, Cámara Empresaria"

# course code, days from today, start hour (UTC; 12:00 is 9:00 in
# Argentina), length in hours, place, online link, trainer, capacity,
# state, enrolments [(CUIT, participant, e-mail, attendance)]; enrolments
# past the capacity go on the waiting list
SESSIONS = [
    ('GOB', -90, 12, 8, "Ciudad Autónoma de Buenos Aires, sede de FACC",
        None, "Ricardo Paz", 30, 'done', [
            (OBRERA, "Graciela Torres", None, 'attended'),
            (LA_ESPERANZA, "Héctor Bustos", None, 'attended'),
            (EL_PROGRESO, "Silvia Cabrera", None, 'attended'),
            (LOS_ANDES, "Pablo Quiroga", None, 'no_show'),
            (BARRIO_SUR, "Norma Villalba", None, 'attended'),
            ]),
    ('VGE', -60, 12, 8, "Rosario, Depósito central FACC", None,
        "Lucía Romero", 25, 'done', [
            (LA_LITORALENA, "Jorge Medina", 'jmedina@lalitoralena.example',
                'attended'),
            (LA_LITORALENA, "Analía Ferreyra", None, 'attended'),
            (TEXTIL_UNIDOS, "Rosa Benítez", 'ventas@textilunidos.example',
                'attended'),
            (LACTEOS_DEL_CENTRO, "Walter Gómez", None, 'attended'),
            (YERBATERA, "Irma Kowalski", None, 'no_show'),
            (OBRERA, "Esteban Ramírez", None, 'attended'),
            ]),
    ('SAL', -45, 13, 6, "Santa Fe, Cooperativa La Litoraleña", None,
        "Carolina Méndez", 20, 'done', [
            (LACTEOS_DEL_CENTRO, "Walter Gómez", None, 'attended'),
            (DULCES_DEL_VALLE, "Mirta Sandoval", None, 'attended'),
            (YERBATERA, "Irma Kowalski", None, 'attended'),
            (LA_LITORALENA, "Analía Ferreyra", None, 'attended'),
            (PANIFICADORA_EL_TRIGAL, "Sergio Álvarez", None, 'no_show'),
            ]),
    ('FEL', -20, 18, 3, None, 'https://meet.example/facc-facturacion',
        "Martín Aguirre", 40, 'done', [
            (LA_ESPERANZA, "Claudia Peralta", None, 'attended'),
            (EL_PROGRESO, "Silvia Cabrera", None, 'attended'),
            (LA_AMISTAD, "Fernando Luna", None, 'attended'),
            (COSTA_DEL_PARANA, "Valeria Ojeda", None, 'no_show'),
            (TEXTIL_UNIDOS, "Rosa Benítez", None, 'attended'),
            ]),
    (ONBOARDING_COURSE, -1, 12, 8, ONBOARDING_PLACE, None, "Lucía Romero",
        20, 'confirmed', [
            (ONBOARDING_COOP, ONBOARDING_PARTICIPANT,
                'mrios@eltrigal.example', None),
            (GRAFICA_PATRIA, "Diego Correa", None, None),
            (TRANSPORTES_SOLIDARIOS, "Lorena Vega", None, None),
            ]),
    ('LOG', 14, 12, 8, "Rosario, Depósito central FACC", None,
        "Lucía Romero", 4, 'confirmed', [
            (LA_LITORALENA, "Jorge Medina", 'jmedina@lalitoralena.example',
                None),
            (LACTEOS_DEL_CENTRO, "Walter Gómez", None, None),
            (DULCES_DEL_VALLE, "Mirta Sandoval", None, None),
            (TEXTIL_UNIDOS, "Rosa Benítez", None, None),
            (YERBATERA, "Irma Kowalski", None, None),
            (METALURGICA_12_DE_OCTUBRE, "Oscar Ledesma", None, None),
            ]),
    ('SAL', 21, 18, 3, None, 'https://meet.example/facc-seguridad',
        "Carolina Méndez", 30, 'confirmed', [
            (PANIFICADORA_EL_TRIGAL, "Sergio Álvarez", None, None),
            (DULCES_DEL_VALLE, "Hugo Sandoval", None, None),
            ]),
    ('FEL', 45, 18, 3, None, 'https://meet.example/facc-facturacion-2',
        None, 40, 'planned', []),
    ]

CONSORTIUM = "Consorzio Cooperativo Italiano"
CONSORTIUM_ADDRESS = {
    'street_name': "Via dell'Industria",
    'building_number': "12",
    'postal_code': "40138",
    'city': "Bologna",
    }
MEETING = "Comercialización conjunta con el Consorzio Cooperativo Italiano"
MEETING_MINUTES = (
    "<p>Reunión en la sede de FACC con la delegación del "
    "<b>Consorzio Cooperativo Italiano</b>.</p>"
    "<ul>"
    "<li>El consorcio presentó su modelo de compras conjuntas y su centro "
    "de distribución regional.</li>"
    "<li>FACC y FECOOTRA presentaron la Central de Compras y las "
    "cooperativas de trabajo proveedoras.</li>"
    "<li>Se conversó sobre exportar yerba mate y dulce de leche a la red "
    "del consorcio.</li>"
    "</ul>")
# name, organisation (the consortium or FACC), role
MEETING_PARTICIPANTS = [
    ("Giulia Bianchi", CONSORTIUM, "Relaciones internacionales"),
    ("Marco Rossi", CONSORTIUM, "Logística"),
    ("María Fernández", 'facc', "Presidenta de FACC"),
    ("Rubén Acosta", 'facc', "Capacitación"),
    ]
MEETING_AGREEMENTS = [
    "Intercambiar técnicos de logística durante el próximo año.",
    "Organizar una ronda piloto de exportación de yerba mate y dulce de "
    "leche.",
    "Dictar en conjunto un curso de gobierno cooperativo.",
    ]
# description, owner (a login or the consortium), days from today due,
# state
MEETING_ACTIONS = [
    ("Enviar al consorcio el catálogo de las cooperativas de trabajo",
        'capacitacion', -10, 'open'),
    ("Proponer fechas para la visita técnica a Bologna", CONSORTIUM, 20,
        'open'),
    ("Compartir el acta firmada con las federaciones", 'capacitacion', -20,
        'done'),
    ]


def load():
    courses = load_courses()
    trainers = load_trainers()
    load_sessions(courses, trainers)
    load_meeting()


def load_courses():
    "Create the courses that are missing; return them all by code"
    pool = Pool()
    Course = pool.get('coop.training.course')
    Lang = pool.get('ir.lang')
    spanish, = Lang.search([('code', '=', 'es_419')])
    courses = {c.code: c for c in Course.search([
                ('code', 'in', [c[0] for c in COURSES]),
                ])}
    to_create = [{
            'code': code,
            'name': name,
            'topic': topic,
            'hours': Decimal(hours),
            'language': spanish.id,
            'description': description,
            } for code, name, topic, hours, description in COURSES
        if code not in courses]
    if to_create:
        courses.update({c.code: c for c in Course.create(to_create)})
        logger.info("demo: %d courses", len(to_create))
    return courses


def load_trainers():
    pool = Pool()
    Party = pool.get('party.party')
    trainers = {p.name: p for p in Party.search([
                ('name', 'in', TRAINERS),
                ('coop_kind', '=', None),
                ])}
    missing = [n for n in TRAINERS if n not in trainers]
    if missing:
        trainers.update({p.name: p for p in Party.create(
                    [{'name': n} for n in missing])})
    return trainers


def _at(days, hour):
    return dt.datetime.combine(
        dt.date.today() + dt.timedelta(days=days), dt.time(hour))


def load_sessions(courses, trainers):
    """Create the sessions that are missing and take them through
    enrolment, attendance and their state, as the staff would"""
    pool = Pool()
    Session = pool.get('coop.training.session')
    Enrolment = pool.get('coop.training.enrolment')

    existing = {(s.course.code, s.place, s.online_url)
        for s in Session.search([
                ('course', 'in', [c.id for c in courses.values()]),
                ])}
    rows = [r for r in SESSIONS if (r[0], r[4], r[5]) not in existing]
    if not rows:
        return
    sessions = Session.create([{
                'course': courses[code].id,
                'start': _at(days, hour),
                'end': _at(days, hour) + dt.timedelta(hours=length),
                'place': place,
                'online_url': url,
                'trainer': trainers[trainer].id if trainer else None,
                'capacity': capacity,
                } for code, days, hour, length, place, url, trainer, capacity,
            *_ in rows])
    Session.confirm([s for s, r in zip(sessions, rows) if r[8] != 'planned'])

    coops = _parties({e[0] for r in rows for e in r[9]})
    enrolments = Enrolment.create([{
                'session': session.id,
                'cooperative': coops[cuit].id,
                'participant': participant,
                'email': email,
                } for session, row in zip(sessions, rows)
            for cuit, participant, email, _ in row[9]])
    outcomes = [e[3] for r in rows for e in r[9]]
    for state, mark in [
            ('attended', Enrolment.mark_attended),
            ('no_show', Enrolment.mark_no_show)]:
        marked = [e for e, o in zip(enrolments, outcomes) if o == state]
        if marked:
            mark(marked)
    Session.do([s for s, r in zip(sessions, rows) if r[8] == 'done'])
    logger.info("demo: %d training sessions, %d enrolments",
        len(sessions), len(enrolments))


def onboarding_enrolment():
    """The enrolment of the prospect worker co-op in yesterday's "Venta a
    gran escala" session, which supplier onboarding marks attended"""
    pool = Pool()
    Enrolment = pool.get('coop.training.enrolment')
    coop = _parties([ONBOARDING_COOP])[ONBOARDING_COOP]
    enrolment, = Enrolment.search([
            ('cooperative', '=', coop.id),
            ('participant', '=', ONBOARDING_PARTICIPANT),
            ('course.code', '=', ONBOARDING_COURSE),
            ('session.place', '=', ONBOARDING_PLACE),
            ])
    return enrolment


def load_meeting():
    pool = Pool()
    Party = pool.get('party.party')
    Country = pool.get('country.country')
    Meeting = pool.get('coop.training.meeting')
    Action = pool.get('coop.training.meeting.action')
    User = pool.get('res.user')
    Date = pool.get('ir.date')

    if Meeting.search([('name', '=', MEETING)]):
        return
    italy, = Country.search([('code', '=', 'IT')])
    argentina, = Country.search([('code', '=', 'AR')])
    consortia = Party.search([('name', '=', CONSORTIUM)])
    if consortia:
        consortium, = consortia
    else:
        consortium, = Party.create([{
                    'name': CONSORTIUM,
                    'addresses': [('create', [{
                                    **CONSORTIUM_ADDRESS,
                                    'country': italy.id,
                                    }])],
                    }])
    facc = _parties([FACC_CUIT])[FACC_CUIT]
    organisations = {CONSORTIUM: consortium, 'facc': facc}
    users = {u.login: u for u in User.search([
                ('login', 'in', [s[0] for s in STAFF]),
                ])}

    today = Date.today()
    meeting, = Meeting.create([{
                'name': MEETING,
                'date': today - dt.timedelta(days=30),
                'place': "Ciudad Autónoma de Buenos Aires, sede de FACC",
                'minutes': MEETING_MINUTES,
                'partners': [('create', [
                            {'party': consortium.id, 'country': italy.id},
                            {'party': facc.id, 'country': argentina.id},
                            ])],
                'participants': [('create', [{
                                'name': name,
                                'organisation': organisations[org].id,
                                'role': role,
                                } for name, org, role in MEETING_PARTICIPANTS
                            ])],
                'agreements': [('create', [{
                                'sequence': i,
                                'description': description,
                                } for i, description in enumerate(
                                MEETING_AGREEMENTS, 1)])],
                'actions': [('create', [{
                                'description': description,
                                'owner': str(organisations[owner]
                                    if owner in organisations
                                    else users[owner]),
                                'due_date': today + dt.timedelta(days=days),
                                } for description, owner, days, _
                            in MEETING_ACTIONS])],
                }])
    done = {a[0] for a in MEETING_ACTIONS if a[3] == 'done'}
    Action.do([a for a in meeting.actions if a.description in done])
    logger.info("demo: meeting %s", meeting.name)
