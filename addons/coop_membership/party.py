# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import re

from sql import Null
from sql.operators import Equal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Exclude, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, record_cache_size

from .exceptions import (
    CooperativeValidationError, DuplicateCUITError, SupplierStatusError)

COOP_KINDS = [
    (None, ""),
    ('federation', "Federation"),
    ('consumer', "Consumer Co-op"),
    ('worker', "Worker Co-op"),
    ]
IVA_CONDITIONS = [
    (None, ""),
    ('responsable_inscripto', "Registered VAT Taxpayer"),
    ('exento', "VAT Exempt"),
    ('monotributo', "Simplified Regime (Monotributo)"),
    ('consumidor_final', "Final Consumer"),
    ]
SUPPLIER_STATUSES = [
    (None, ""),
    ('prospect', "Prospect"),
    ('approved', "Approved"),
    ('suspended', "Suspended"),
    ]
# INAES registration numbers are plain numbers, often written with
# thousands dots ("12.345"); the dots are dropped when stored.
INAES_NUMBER = re.compile(r'^[0-9]{1,6}$')
# Tryton stores the CUIT as the "Argentinian Tax Number" identifier; since
# 6.8 its type is "ar_vat" (formerly "ar_cuit"), validated by python-stdnum.
CUIT_TYPE = 'ar_vat'
# Context key set only by set_supplier_status; RPC strips keys starting
# with "_", so no client can set it.
_SUPPLIER_STATUS_KEY = '_coop_supplier_status_change'


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    _coop_states = {
        'invisible': ~Eval('coop_kind'),
        }
    coop_kind = fields.Selection(COOP_KINDS, "Co-op Kind",
        help="Whether the party is a federation or one of its member "
        "co-ops.")
    cuit = fields.Function(fields.Char("CUIT"),
        'get_cuit', searcher='search_cuit')
    inaes_number = fields.Char("INAES Registration", states={
            'invisible': ~Eval('coop_kind'),
            'required': Eval('coop_kind').in_(['consumer', 'worker']),
            },
        help="The registration number (matrícula) given by INAES.")
    iva_condition = fields.Selection(IVA_CONDITIONS, "IVA Condition",
        states={
            'invisible': ~Eval('coop_kind'),
            'required': Bool(Eval('coop_kind')),
            })
    members_count = fields.Integer("Members", states=_coop_states)
    points_of_sale = fields.Integer("Points of Sale",
        states={
            'invisible': Eval('coop_kind') != 'consumer',
            },
        help="The number of shops or stores run by the consumer co-op.")
    province = fields.Many2One('country.subdivision', "Province",
        ondelete='RESTRICT',
        domain=[('country.code', '=', 'AR'), ('parent', '=', None)],
        states={
            'invisible': ~Eval('coop_kind'),
            'required': Bool(Eval('coop_kind')),
            })
    memberships = fields.One2Many(
        'coop.membership', 'cooperative', "Memberships",
        states={
            'invisible': ~Eval('coop_kind').in_(['consumer', 'worker']),
            })
    federation_members = fields.One2Many(
        'coop.membership', 'federation', "Members",
        states={
            'invisible': Eval('coop_kind') != 'federation',
            })
    supplier_status = fields.Selection(
        SUPPLIER_STATUSES, "Supplier Status", readonly=True,
        states={
            'invisible': Eval('coop_kind') != 'worker',
            },
        help="Only approved worker co-ops may sell through the "
        "Central de Compras.")
    supplier_status_string = supplier_status.translated('supplier_status')
    supplier_status_reason = fields.Char(
        "Supplier Status Reason", readonly=True,
        states={
            'invisible': Eval('coop_kind') != 'worker',
            })
    supplier_status_date = fields.Date(
        "Supplier Status Date", readonly=True,
        states={
            'invisible': Eval('coop_kind') != 'worker',
            })
    del _coop_states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            # SQLite cannot add a CHECK to the existing party table, so the
            # counts are checked in check_coop_fields on every backend.
            ('coop_inaes_number_unique',
                Exclude(t, (t.inaes_number, Equal),
                    where=t.inaes_number != Null),
                'coop_membership.msg_inaes_number_unique'),
            ]
        cls._buttons.update({
                'approve_supplier': {
                    'invisible': ((Eval('coop_kind') != 'worker')
                        | (Eval('supplier_status') == 'approved')),
                    'depends': ['coop_kind', 'supplier_status'],
                    },
                'suspend_supplier': {
                    'invisible': ((Eval('coop_kind') != 'worker')
                        | (Eval('supplier_status') != 'approved')),
                    'depends': ['coop_kind', 'supplier_status'],
                    },
                })

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('//group[@id="supplier"]', 'states', {
                    'invisible': Eval('coop_kind') != 'worker',
                    }),
            ]

    @classmethod
    def get_cuit(cls, parties, name):
        pool = Pool()
        Identifier = pool.get('party.identifier')
        identifier = Identifier.__table__()
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        cuits = dict.fromkeys(map(int, parties))
        for sub_ids in grouped_slice(
                cuits, backend.MAX_QUERY_PARAMS):
            cursor.execute(*identifier.select(
                    identifier.party, identifier.code,
                    where=fields.SQL_OPERATORS['in'](
                        identifier.party, list(sub_ids))
                    & (identifier.type == CUIT_TYPE),
                    order_by=[identifier.sequence.desc, identifier.id.desc]))
            # The last one written wins: lowest sequence, then first id
            cuits.update(cursor)
        return cuits

    @classmethod
    def search_cuit(cls, name, clause):
        _, operator, operand, *extra = clause
        return [('identifiers', 'where', [
                    ('type', '=', CUIT_TYPE),
                    ('code', operator, operand, *extra),
                    ])]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if values.get('inaes_number'):
            values['inaes_number'] = (
                values['inaes_number'].replace('.', '').strip())
        if (mode == 'write'
                and 'coop_kind' in values
                and values['coop_kind'] != 'worker'):
            # A party that stops being a worker co-op is no supplier
            values.setdefault('supplier_status', None)
        return values

    @classmethod
    def check_modification(cls, mode, parties, values=None, external=False):
        super().check_modification(
            mode, parties, values=values, external=external)
        if Transaction().context.get(_SUPPLIER_STATUS_KEY):
            return
        # The status of a worker co-op is moved only by set_supplier_status
        # (its buttons and onboarding), so that every change is checked,
        # dated and restricted to its group.
        if mode == 'create':
            changed = [p for p in parties
                if p.supplier_status not in {None, 'prospect'}]
        elif mode == 'write' and 'supplier_status' in values:
            clears_on_kind_change = (
                values['supplier_status'] is None
                and 'coop_kind' in values
                and values['coop_kind'] != 'worker')
            changed = [] if clears_on_kind_change else [
                p for p in parties
                if p.supplier_status != values['supplier_status']]
        else:
            changed = []
        if changed:
            raise SupplierStatusError(
                gettext('coop_membership.msg_supplier_status_direct_write',
                    party=changed[0].rec_name))

    @classmethod
    def on_modification(cls, mode, parties, field_names=None):
        super().on_modification(mode, parties, field_names=field_names)
        if mode in {'create', 'write'}:
            # Every worker co-op starts as a prospect supplier
            prospects = [p for p in parties
                if p.coop_kind == 'worker' and not p.supplier_status]
            if prospects:
                with Transaction().set_context({_SUPPLIER_STATUS_KEY: True}):
                    cls.write(prospects, {'supplier_status': 'prospect'})

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        cls.check_coop_fields(parties, field_names)
        cls.check_coop_cuit(parties, field_names)

    @classmethod
    def check_coop_fields(cls, parties, field_names=None):
        if field_names and not (field_names & {
                    'coop_kind', 'inaes_number', 'supplier_status',
                    'members_count', 'points_of_sale'}):
            return
        for party in parties:
            if (party.members_count or 0) < 0:
                raise CooperativeValidationError(
                    gettext('coop_membership.msg_members_count_positive',
                        party=party.rec_name))
            if (party.points_of_sale or 0) < 0:
                raise CooperativeValidationError(
                    gettext('coop_membership.msg_points_of_sale_positive',
                        party=party.rec_name))
            if party.supplier_status and party.coop_kind != 'worker':
                raise SupplierStatusError(
                    gettext('coop_membership.msg_supplier_status_not_worker',
                        party=party.rec_name))
            if (party.inaes_number
                    and not INAES_NUMBER.match(party.inaes_number)):
                raise CooperativeValidationError(
                    gettext('coop_membership.msg_inaes_number_invalid',
                        number=party.inaes_number,
                        party=party.rec_name))

    @classmethod
    def check_coop_cuit(cls, parties, field_names=None):
        if field_names and not (field_names & {'coop_kind', 'identifiers'}):
            return
        coops = [p for p in parties if p.coop_kind]
        if not coops:
            return
        cuits = cls.get_cuit(coops, 'cuit')
        for party in coops:
            if not cuits[party.id]:
                raise CooperativeValidationError(
                    gettext('coop_membership.msg_cuit_required',
                        party=party.rec_name))

    @classmethod
    def set_supplier_status(cls, parties, status, reason=None):
        """Move the supplier status of worker co-ops.

        This is the only way to change it: onboarding and the buttons both
        call it, so that the rules and the date stay in one place."""
        pool = Pool()
        Date = pool.get('ir.date')
        for party in parties:
            if party.coop_kind != 'worker':
                raise SupplierStatusError(
                    gettext('coop_membership.msg_supplier_status_not_worker',
                        party=party.rec_name))
        to_write = [p for p in parties if p.supplier_status != status
            or p.supplier_status_reason != reason]
        if to_write:
            with Transaction().set_context({_SUPPLIER_STATUS_KEY: True}):
                cls.write(to_write, {
                        'supplier_status': status,
                        'supplier_status_reason': reason,
                        'supplier_status_date': Date.today(),
                        })

    @classmethod
    @ModelView.button
    def approve_supplier(cls, parties):
        cls.set_supplier_status(parties, 'approved')

    @classmethod
    @ModelView.button
    def suspend_supplier(cls, parties):
        cls.set_supplier_status(parties, 'suspended')

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('inaes_number', None)
        default.setdefault('memberships', None)
        default.setdefault('federation_members', None)
        default.setdefault('supplier_status_reason', None)
        default.setdefault('supplier_status_date', None)
        return super().copy(parties, default=default)


class PartyIdentifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @classmethod
    def validate_fields(cls, identifiers, field_names):
        super().validate_fields(identifiers, field_names)
        cls.check_cuit_unique(identifiers, field_names)

    @classmethod
    def check_cuit_unique(cls, identifiers, field_names=None):
        "A CUIT belongs to one co-op only"
        if field_names and not (field_names & {'type', 'code', 'party'}):
            return
        identifiers = [i for i in identifiers
            if i.type == CUIT_TYPE and i.party.coop_kind]
        if not identifiers:
            return
        others = {}
        for sub_identifiers in grouped_slice(
                identifiers, record_cache_size(Transaction())):
            sub_identifiers = list(sub_identifiers)
            for other in cls.search([
                        ('type', '=', CUIT_TYPE),
                        ('code_compact', 'in', [
                                i.code_compact for i in sub_identifiers]),
                        ('id', 'not in', [i.id for i in sub_identifiers]),
                        ('party.coop_kind', '!=', None),
                        ]):
                others.setdefault(other.code_compact, other)
        for identifier in identifiers:
            other = others.get(identifier.code_compact)
            if other and other.party != identifier.party:
                raise DuplicateCUITError(
                    gettext('coop_membership.msg_cuit_duplicate',
                        code=identifier.code,
                        party=identifier.party.rec_name,
                        other=other.party.rec_name))
