# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Test helpers that every coop module may use: a real SMTP server on
loopback that keeps what it receives, for the e-mails that Tryton's mail
machinery sends, and the province and language of the scenarios' co-ops."""
import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from proteus import Model

import trytond.config as config

SENDER = 'Central de Compras <compras@facc.example>'


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return '250 OK'


class SMTPServer:
    """A real SMTP server on loopback that Tryton's mail machinery is
    pointed at, from sender, while it runs (with ... or __enter__ and
    __exit__); it keeps the messages it receives."""

    def __init__(self, sender=SENDER):
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            self.port = sock.getsockname()[1]
        self.sender = sender
        self.inbox = _Inbox()
        self.controller = Controller(
            self.inbox, hostname='127.0.0.1', port=self.port)

    def __enter__(self):
        self.controller.start()
        self._previous = (
            config.get('email', 'uri'), config.get('email', 'from'))
        config.set('email', 'uri', 'smtp://127.0.0.1:%s' % self.port)
        config.set('email', 'from', self.sender)
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


def get_province(name, code):
    "The Argentine province of code, created with Argentina when missing"
    Country = Model.get('country.country')
    Subdivision = Model.get('country.subdivision')
    provinces = Subdivision.find([('code', '=', code)])
    if provinces:
        province, = provinces
        return province
    countries = Country.find([('code', '=', 'AR')])
    if countries:
        argentina, = countries
    else:
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
