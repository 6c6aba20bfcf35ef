# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The round summaries that co-ops and suppliers get by email once a round
is consolidated, rendered by Tryton reports in each party's language and
sent through Tryton's email machinery (the [email] uri of the
configuration)."""
import trytond.config as config
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.report import Report, get_email
from trytond.sendmail import send_message_transactional
from trytond.transaction import Transaction


def party_recipients(party):
    """The addresses of a co-op or supplier: its e-mail contact and the web
    users who act for it"""
    pool = Pool()
    WebUser = pool.get('web.user')
    addresses = [m.value for m in party.contact_mechanisms
        if m.type == 'email' and m.value]
    addresses += [u.email for u in WebUser.search([
                ('party', '=', party.id),
                ('coop_role', '!=', None),
                ('email', '!=', None),
                ], order=[('id', 'ASC')])]
    return list(dict.fromkeys(addresses))


def party_languages(party):
    pool = Pool()
    Lang = pool.get('ir.lang')
    if getattr(party, 'lang', None):
        return [party.lang]
    code = config.get('database', 'language', default='es_419')
    return Lang.search([('code', '=', code)], limit=1)


def send_report(
        report_name, record, party, resource, subject_message,
        **subject_args):
    """E-mail the report of record to party, in its language, and keep a
    copy as an ir.email attached to resource; returns whether there was
    anyone to send it to."""
    pool = Pool()
    Email = pool.get('ir.email')
    to = party_recipients(party)
    languages = party_languages(party)
    if not to or not languages:
        return False
    msg, _ = get_email(report_name, record, languages)
    with Transaction().set_context(language=languages[0].code):
        subject = gettext(subject_message, **subject_args)
    from_ = config.get('email', 'from')
    msg['From'] = from_
    msg['To'] = ', '.join(to)
    msg['Subject'] = subject
    send_message_transactional(msg)
    Email.from_message(msg, resource=resource).save()
    return True


class OrderSummary(Report):
    "What a co-op ordered and got in a round"
    __name__ = 'coop.round.order.summary'


class SupplierSummary(Report):
    """What a supplier delivers after a round, and its offers that fell
    short; the records are suppliers and the round comes in the context."""
    __name__ = 'coop.round.supplier_summary'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Round = pool.get('coop.round')
        context = super().get_context(records, header, data)
        round_id = Transaction().context.get('coop_round')
        round_ = Round(round_id) if round_id else None
        context['round'] = round_
        context['supplier_offers'] = lambda supplier: [
            o for o in (round_.offers if round_ else [])
            if o.supplier == supplier]
        return context
