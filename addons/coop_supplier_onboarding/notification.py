# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The e-mails of supplier onboarding: plain text notices written from the
module's messages in each reader's language, sent through Tryton's mail
machinery (the [email] section of the configuration) when the transaction
commits."""
from collections import defaultdict
from email.message import EmailMessage

import trytond.config as config
from trytond.pool import Pool
from trytond.sendmail import send_message_transactional


def party_recipients(parties):
    """The addresses of each co-op: its e-mail contacts, then the web users
    who act for it; returns {party id: [address]}, with one search each."""
    pool = Pool()
    ContactMechanism = pool.get('party.contact_mechanism')
    WebUser = pool.get('web.user')
    ids = list({p.id for p in parties})
    addresses = defaultdict(list)
    for mechanism in ContactMechanism.search([
                ('party', 'in', ids),
                ('type', '=', 'email'),
                ], order=[('party', 'ASC'), ('sequence', 'ASC')]):
        if mechanism.value:
            addresses[mechanism.party.id].append(mechanism.value)
    for user in WebUser.search([
                ('party', 'in', ids),
                ('coop_role', '!=', None),
                ('email', '!=', None),
                ], order=[('id', 'ASC')]):
        addresses[user.party.id].append(user.email)
    return {i: list(dict.fromkeys(addresses[i])) for i in ids}


def party_language(party):
    "The code of the language a co-op reads: its own, else the database's"
    pool = Pool()
    Configuration = pool.get('ir.configuration')
    if party.lang:
        return party.lang.code
    return Configuration.get_language()


def staff_users():
    """The users of the supplier onboarding group who have an e-mail, by the
    code of their language"""
    pool = Pool()
    Configuration = pool.get('ir.configuration')
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    group_id = ModelData.get_id('coop_membership', 'group_onboarding')
    default = Configuration.get_language()
    users = defaultdict(list)
    for user in User.search([
                ('groups', '=', group_id),
                ('email', '!=', None),
                ], order=[('id', 'ASC')]):
        if user.email:
            language = user.language.code if user.language else default
            users[language].append(user)
    return users


def format_date(date):
    "The date as written in the context language"
    pool = Pool()
    Lang = pool.get('ir.lang')
    return Lang.get().strftime(date)


def format_percent(value):
    """A share between 0 and 1 as a percentage in the context language,
    with a decimal only when it is not whole"""
    pool = Pool()
    Lang = pool.get('ir.lang')
    percent = round(value * 100, 1)
    digits = 0 if percent == int(percent) else 1
    return '%s %%' % Lang.get().format_number(percent, digits=digits)


def send_notice(to, subject, body):
    "Send a plain text e-mail when the transaction commits; return it"
    msg = EmailMessage()
    msg['From'] = config.get('email', 'from')
    msg['To'] = ', '.join(to)
    msg['Subject'] = subject
    msg.set_content(body)
    send_message_transactional(msg)
    return msg
