# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from sql import Null
from sql.operators import Equal

from trytond.i18n import gettext
from trytond.model import (
    Check, Exclude, ModelSQL, ModelView, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Eval, If

from .exceptions import MembershipDeleteError, MembershipValidationError


class Membership(Workflow, ModelSQL, ModelView):
    "Membership of a co-op in a federation"
    __name__ = 'coop.membership'
    __string__ = "Co-op Membership"

    _states = {
        'readonly': Eval('state') != 'applicant',
        }
    cooperative = fields.Many2One(
        'party.party', "Co-op", required=True, ondelete='CASCADE',
        domain=[('coop_kind', 'in', ['consumer', 'worker'])],
        states=_states)
    federation = fields.Many2One(
        'party.party', "Federation", required=True, ondelete='RESTRICT',
        domain=[('coop_kind', '=', 'federation')],
        states=_states)
    cooperative_kind = fields.Function(fields.Selection(
            'get_cooperative_kinds', "Co-op Kind"),
        'on_change_with_cooperative_kind', searcher='search_cooperative_kind')
    application_date = fields.Date(
        "Application Date", required=True, states=_states)
    start_date = fields.Date(
        "Start Date",
        domain=[If(Eval('start_date') & Eval('application_date'),
                ('start_date', '>=', Eval('application_date')), ())],
        states={
            'readonly': Eval('state') != 'applicant',
            'required': Eval('state').in_(['active', 'suspended']),
            },
        help="The day the co-op became an active member.")
    suspension_date = fields.Date(
        "Suspension Date", readonly=True,
        states={
            'invisible': ~Eval('suspension_date'),
            })
    end_date = fields.Date(
        "End Date",
        domain=[If(Eval('end_date') & Eval('start_date'),
                ('end_date', '>=', Eval('start_date')), ())],
        states={
            'readonly': Eval('state') == 'left',
            'invisible': Eval('state').in_(['applicant']),
            'required': Eval('state') == 'left',
            },
        help="The day the co-op left the federation.")
    notes = fields.Text("Notes")
    state = fields.Selection([
            ('applicant', "Applicant"),
            ('active', "Active"),
            ('suspended', "Suspended"),
            ('left', "Left"),
            ], "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('open_membership_unique',
                Exclude(t,
                    (t.cooperative, Equal), (t.federation, Equal),
                    where=t.state != 'left'),
                'coop_membership.msg_membership_open_unique'),
            ('dates_order',
                Check(t, (t.start_date == Null)
                    | (t.start_date >= t.application_date)),
                'coop_membership.msg_membership_start_before_application'),
            ('end_after_start',
                Check(t, (t.end_date == Null) | (t.start_date == Null)
                    | (t.end_date >= t.start_date)),
                'coop_membership.msg_membership_end_before_start'),
            ]
        cls._order = [
            ('application_date', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('applicant', 'active'),
            ('applicant', 'left'),
            ('active', 'suspended'),
            ('suspended', 'active'),
            ('active', 'left'),
            ('suspended', 'left'),
            }
        cls._buttons.update({
                'activate': {
                    'invisible': ~Eval('state').in_(
                        ['applicant', 'suspended']),
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'suspend': {
                    'invisible': Eval('state') != 'active',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'leave': {
                    'invisible': Eval('state') == 'left',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_application_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_state(cls):
        return 'applicant'

    @classmethod
    def get_cooperative_kinds(cls):
        pool = Pool()
        Party = pool.get('party.party')
        return Party.fields_get(['coop_kind'])['coop_kind']['selection']

    @fields.depends('cooperative', '_parent_cooperative.coop_kind')
    def on_change_with_cooperative_kind(self, name=None):
        if self.cooperative:
            return self.cooperative.coop_kind

    @classmethod
    def search_cooperative_kind(cls, name, clause):
        return [('cooperative.coop_kind', *clause[1:])]

    def get_rec_name(self, name):
        return '%s @ %s' % (
            self.cooperative.rec_name, self.federation.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('cooperative.rec_name', operator, operand, *extra),
            ('federation.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, memberships, field_names):
        super().validate_fields(memberships, field_names)
        cls.check_members_kind(memberships, field_names)

    @classmethod
    def check_members_kind(cls, memberships, field_names=None):
        if field_names and not (
                field_names & {'cooperative', 'federation'}):
            return
        for membership in memberships:
            if membership.cooperative == membership.federation:
                raise MembershipValidationError(
                    gettext('coop_membership.msg_membership_self',
                        party=membership.cooperative.rec_name))

    @classmethod
    def check_modification(
            cls, mode, memberships, values=None, external=False):
        super().check_modification(
            mode, memberships, values=values, external=external)
        if mode == 'delete':
            for membership in memberships:
                if membership.state != 'applicant':
                    raise MembershipDeleteError(
                        gettext('coop_membership.msg_membership_delete',
                            membership=membership.rec_name))

    @classmethod
    def copy(cls, memberships, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('state', 'applicant')
        default.setdefault('application_date', None)
        default.setdefault('start_date', None)
        default.setdefault('suspension_date', None)
        default.setdefault('end_date', None)
        return super().copy(memberships, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('active')
    def activate(cls, memberships):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        to_write = []
        for membership in memberships:
            values = {'suspension_date': None}
            if not membership.start_date:
                values['start_date'] = max(
                    today, membership.application_date)
            to_write.extend([[membership], values])
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button
    @Workflow.transition('suspended')
    def suspend(cls, memberships):
        pool = Pool()
        Date = pool.get('ir.date')
        cls.write(memberships, {'suspension_date': Date.today()})

    @classmethod
    @ModelView.button
    @Workflow.transition('left')
    def leave(cls, memberships):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        to_write = []
        for membership in memberships:
            if not membership.end_date:
                to_write.extend([[membership], {
                            'end_date': max(
                                today,
                                membership.start_date
                                or membership.application_date),
                            }])
        if to_write:
            cls.write(*to_write)
