# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Helpers shared by the scenarios: co-ops, products and a local SMTP
server that keeps what it receives."""
import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from proteus import Model

import trytond.config as config


def create_province(name="Córdoba", code='AR-X'):
    Country = Model.get('country.country')
    Subdivision = Model.get('country.subdivision')
    argentina, = Country.find([('code', '=', 'AR')]) or [None]
    if not argentina:
        argentina = Country(name="Argentina", code='AR')
        argentina.save()
    province = Subdivision(
        name=name, code=code, type='province', country=argentina)
    province.save()
    return province


def load_spanish():
    "Load the Spanish of Latin America, in which the co-ops read"
    Lang = Model.get('ir.lang')
    spanish, = Lang.find([('code', '=', 'es_419')])
    spanish.click('load_translations')
    return spanish


def create_coop(
        name, kind, cuit, inaes, province, email=None, lang='es_419'):
    "A co-op in good standing, with an address and maybe an e-mail"
    Lang = Model.get('ir.lang')
    Party = Model.get('party.party')
    party = Party(name=name, coop_kind=kind, inaes_number=inaes)
    party.lang, = Lang.find([('code', '=', lang)])
    party.iva_condition = 'responsable_inscripto'
    party.province = province
    _ = party.identifiers.new(type='ar_vat', code=cuit)
    if email:
        _ = party.contact_mechanisms.new(type='email', value=email)
    party.save()
    return party


def create_product(name, reference_price, category, unit=None):
    Uom = Model.get('product.uom')
    ProductTemplate = Model.get('product.template')
    if unit is None:
        unit, = Uom.find([('name', '=', "Unit")])
    template = ProductTemplate(name=name, default_uom=unit)
    template.type = 'goods'
    template.purchasable = True
    template.salable = True
    template.list_price = reference_price
    template.coop_reference_price = reference_price
    template.account_category = category
    template.save()
    product, = template.products
    return product


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return '250 OK'


class SMTPServer:
    """A real SMTP server on loopback that Tryton's mail machinery is
    pointed at; it keeps the messages it receives."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            self.port = sock.getsockname()[1]
        self.inbox = _Inbox()
        self.controller = Controller(
            self.inbox, hostname='127.0.0.1', port=self.port)

    def __enter__(self):
        self.controller.start()
        self._previous = (
            config.get('email', 'uri'), config.get('email', 'from'))
        config.set('email', 'uri', 'smtp://127.0.0.1:%s' % self.port)
        config.set(
            'email', 'from', 'Central de Compras <compras@facc.example>')
        return self

    def __exit__(self, *exc):
        uri, from_ = self._previous
        config.set('email', 'uri', uri)
        config.set('email', 'from', from_)
        self.controller.stop()

    @property
    def messages(self):
        return self.inbox.messages

    def to(self, address):
        "The messages sent to address"
        return [m for rcpts, m in self.messages if address in rcpts]


def message_text(message):
    "The plain text of an e-mail, or its HTML when it has no plain part"
    parts = {p.get_content_type(): p for p in message.walk()}
    part = parts.get('text/plain') or parts.get('text/html')
    return part.get_content() if part else ''
