# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import re

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import (
    CAEValidationError, PortalAccessError, PortalValidationError)

# 14 ASCII digits (\d would take other scripts' digits too)
CAE_FORMAT = re.compile(r'[0-9]{14}')


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    coop_afip_cae = fields.Char(
        "AFIP CAE", size=14,
        states={
            'invisible': Eval('type') != 'in',
            },
        help="The electronic authorisation code (Código de Autorización "
        "Electrónico) that AFIP gave the supplier for this invoice: "
        "14 digits.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Reported by the supplier, also once the invoice is posted
        cls._check_modify_exclude |= {'coop_afip_cae'}

    @classmethod
    def validate_fields(cls, invoices, field_names):
        super().validate_fields(invoices, field_names)
        cls.check_afip_cae(invoices, field_names)

    @classmethod
    def check_afip_cae(cls, invoices, field_names=None):
        if field_names and 'coop_afip_cae' not in field_names:
            return
        for invoice in invoices:
            if (invoice.coop_afip_cae
                    and not CAE_FORMAT.fullmatch(invoice.coop_afip_cae)):
                raise CAEValidationError(
                    gettext('coop_portal.msg_cae_invalid',
                        cae=invoice.coop_afip_cae,
                        invoice=invoice.rec_name))

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_afip_cae', None)
        return super().copy(invoices, default=default)

    @classmethod
    def portal_invoices(cls, web_user):
        """The invoices of the web user's co-op: a buyer's posted and paid
        customer invoices, a supplier's supplier invoices but cancelled"""
        party = web_user.coop
        if web_user.coop_role == 'buyer':
            domain = [
                ('type', '=', 'out'),
                ('state', 'in', ['posted', 'paid']),
                ]
        else:
            domain = [
                ('type', '=', 'in'),
                ('state', '!=', 'cancelled'),
                ]
        return cls.search([('party', '=', party.id)] + domain,
            order=[('invoice_date', 'DESC NULLS FIRST'), ('id', 'DESC')])

    @classmethod
    def portal_get_invoice(cls, web_user, invoice_id):
        invoices = [i for i in cls.portal_invoices(web_user)
            if i.id == int(invoice_id)]
        if not invoices:
            raise PortalAccessError(gettext('coop_portal.msg_not_found'))
        return invoices[0]

    @classmethod
    def portal_invoice_report(cls, web_user, invoice_id):
        "The invoice document of a buyer's invoice: (extension, content)"
        pool = Pool()
        InvoiceReport = pool.get('account.invoice', type='report')
        web_user.portal_check_role('buyer')
        invoice = cls.portal_get_invoice(web_user, invoice_id)
        transaction = Transaction()
        if (transaction.readonly and invoice.invoice_report_versioned
                and not invoice.invoice_report_cache):
            # Posted but not printed yet by the queue: Tryton keeps the
            # document of a posted invoice when it first renders it, which
            # the read-only transaction of a GET cannot (PostgreSQL refuses)
            with transaction.new_transaction():
                ext, content, _, _ = InvoiceReport.execute([invoice.id], {})
        else:
            ext, content, _, _ = InvoiceReport.execute([invoice.id], {})
        return invoice, ext, content

    @classmethod
    def portal_set_afip(cls, web_user, invoice_id, reference, cae):
        """The supplier reports the number of its invoice and AFIP's CAE"""
        web_user.portal_check_role('supplier')
        invoice = cls.portal_get_invoice(web_user, invoice_id)
        cae = (cae or '').strip() or None
        # Checked before writing: a CAE longer than the field would get
        # the ORM's message about its size, which names the record
        if cae and not CAE_FORMAT.fullmatch(cae):
            raise PortalValidationError(
                gettext('coop_portal.msg_cae_invalid',
                    cae=cae, invoice=invoice.rec_name),
                field='cae')
        cls.write([invoice], {
                'reference': (reference or '').strip() or None,
                'coop_afip_cae': cae,
                })
        return invoice
