# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Helpers shared by the onboarding scenarios: co-ops, trainings attended
and documents, and the local SMTP server of coop_membership's tests."""
import datetime as dt
from decimal import Decimal

from proteus import Model

from trytond.modules.coop_membership.tests.tools import (  # noqa: F401
    SMTPServer, get_province, message_text)

# What a scanned document looks like to the scenarios
PDF = b'%PDF-1.4 constancia'


def use_spanish(config):
    """Load the Spanish of Latin America, with numbers as written in
    Argentina (1.234,5), and make it the language of the current user;
    return it"""
    Lang = Model.get('ir.lang')
    User = Model.get('res.user')
    spanish, = Lang.find([('code', '=', 'es_419')])
    spanish.click('load_translations')
    spanish.decimal_point = spanish.mon_decimal_point = ','
    spanish.thousands_sep = spanish.mon_thousands_sep = '.'
    spanish.save()
    user = User(config.user)
    user.language = spanish
    user.save()
    config._context = User.get_preferences(True, {})
    return spanish


def create_coop(name, kind, cuit, inaes, province, email=None):
    "A co-op with what the membership module requires, in Spanish"
    Lang = Model.get('ir.lang')
    Party = Model.get('party.party')
    party = Party(name=name, coop_kind=kind, inaes_number=inaes)
    party.lang, = Lang.find([('code', '=', 'es_419')])
    party.iva_condition = 'responsable_inscripto'
    party.province = province
    _ = party.identifiers.new(type='ar_vat', code=cuit)
    if email:
        _ = party.contact_mechanisms.new(type='email', value=email)
    party.save()
    return party


def create_course(name, code, topic='selling_at_scale'):
    Course = Model.get('coop.training.course')
    course = Course(name=name, code=code, topic=topic, hours=Decimal(8))
    course.save()
    return course


def enrol(course, cooperative, participant, trainer):
    """Enrol someone of the co-op in a session of the course that started
    an hour ago; return the enrolment, not attended yet"""
    Session = Model.get('coop.training.session')
    Enrolment = Model.get('coop.training.enrolment')
    now = dt.datetime.now()
    session = Session(course=course, capacity=20)
    session.start = now - dt.timedelta(hours=1)
    session.end = now + dt.timedelta(hours=3)
    session.place = "Sede de FECOOTRA"
    session.trainer = trainer
    session.save()
    session.click('confirm')
    enrolment = Enrolment(
        session=session, cooperative=cooperative, participant=participant)
    enrolment.save()
    return enrolment


def add_document(application, code, expiry_date, file=PDF, **values):
    "Add a document of the type of code to the application"
    DocumentType = Model.get('coop.onboarding.document.type')
    type_, = DocumentType.find([('code', '=', code)])
    document = application.documents.new(type=type_, **values)
    document.expiry_date = expiry_date
    if file:
        document.file = file
        document.filename = '%s.pdf' % code.lower()
    return document
