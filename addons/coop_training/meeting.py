# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import (
    ModelSQL, ModelView, Unique, Workflow, fields, sequence_ordered)
from trytond.pool import Pool
from trytond.pyson import Eval, If


class Meeting(ModelSQL, ModelView):
    "Meeting with partner organisations"
    __name__ = 'coop.training.meeting'
    __string__ = "Partner Meeting"

    name = fields.Char("Subject", required=True)
    date = fields.Date("Date", required=True)
    place = fields.Char(
        "Place", help="Where the meeting was held, or its online link.")
    partners = fields.One2Many(
        'coop.training.meeting.partner', 'meeting', "Partner Organisations")
    partner_names = fields.Function(fields.Char(
            "Partners", help="The partner organisations and their country."),
        'get_partner_names', searcher='search_partner_names')
    countries = fields.Function(fields.Many2Many(
            'country.country', None, None, "Countries"),
        'get_countries', searcher='search_countries')
    participants = fields.One2Many(
        'coop.training.meeting.participant', 'meeting', "Participants")
    minutes = fields.Text("Minutes")
    agreements = fields.One2Many(
        'coop.training.meeting.agreement', 'meeting', "Agreements")
    actions = fields.One2Many(
        'coop.training.meeting.action', 'meeting', "Follow-up Actions")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('date', 'DESC'),
            ('id', 'DESC'),
            ]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def get_partner_names(cls, meetings, name):
        return {m.id: ', '.join(
                '%s (%s)' % (p.party.rec_name, p.country.name)
                for p in m.partners)
            for m in meetings}

    @classmethod
    def search_partner_names(cls, name, clause):
        return [('partners.party.rec_name', *clause[1:])]

    @classmethod
    def get_countries(cls, meetings, name):
        return {m.id: list(dict.fromkeys(
                    p.country.id for p in m.partners if p.country))
            for m in meetings}

    @classmethod
    def search_countries(cls, name, clause):
        return [('partners.country' + clause[0][len(name):], *clause[1:])]

    @classmethod
    def copy(cls, meetings, default=None):
        "A copy is the next meeting with the same partners and people"
        default = default.copy() if default is not None else {}
        default.setdefault('minutes', None)
        default.setdefault('agreements', None)
        default.setdefault('actions', None)
        return super().copy(meetings, default=default)


class MeetingPartner(ModelSQL, ModelView):
    "Partner organisation at a meeting"
    __name__ = 'coop.training.meeting.partner'
    __string__ = "Meeting Partner"

    meeting = fields.Many2One(
        'coop.training.meeting', "Meeting", required=True,
        ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Organisation", required=True, ondelete='RESTRICT')
    country = fields.Many2One(
        'country.country', "Country", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('meeting')
        t = cls.__table__()
        cls._sql_constraints += [
            ('party_unique', Unique(t, t.meeting, t.party),
                'coop_training.msg_meeting_partner_unique'),
            ]

    @fields.depends('party', 'country')
    def on_change_party(self):
        if self.party and not self.country:
            address = self.party.address_get()
            if address and address.country:
                self.country = address.country

    def get_rec_name(self, name):
        return self.party.rec_name

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name', *clause[1:])]


class MeetingParticipant(ModelSQL, ModelView):
    "Person who takes part in a meeting"
    __name__ = 'coop.training.meeting.participant'
    __string__ = "Meeting Participant"

    meeting = fields.Many2One(
        'coop.training.meeting', "Meeting", required=True,
        ondelete='CASCADE')
    name = fields.Char("Name", required=True)
    organisation = fields.Many2One(
        'party.party', "Organisation", ondelete='RESTRICT',
        help="The organisation the person speaks for.")
    role = fields.Char("Role")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('meeting')


class MeetingAgreement(sequence_ordered(), ModelSQL, ModelView):
    "Agreement reached at a meeting"
    __name__ = 'coop.training.meeting.agreement'
    __string__ = "Meeting Agreement"
    _rec_name = 'description'

    meeting = fields.Many2One(
        'coop.training.meeting', "Meeting", required=True,
        ondelete='CASCADE')
    description = fields.Text("Agreement", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('meeting')


class MeetingAction(Workflow, ModelSQL, ModelView):
    "Follow-up action of a meeting"
    __name__ = 'coop.training.meeting.action'
    __string__ = "Meeting Follow-up Action"
    _rec_name = 'description'

    _states = {
        'readonly': Eval('state') != 'open',
        }
    meeting = fields.Many2One(
        'coop.training.meeting', "Meeting", required=True,
        ondelete='CASCADE', states=_states)
    description = fields.Char("Action", required=True, states=_states)
    owner = fields.Reference(
        "Owner", [
            (None, ""),
            ('res.user', "User"),
            ('party.party', "Organisation"),
            ], required=True, states=_states,
        help="Who carries out the action: a user of the federation or a "
        "partner organisation.")
    due_date = fields.Date("Due Date", required=True, states=_states)
    done_date = fields.Date(
        "Done Date", readonly=True,
        states={
            'invisible': ~Eval('done_date'),
            })
    overdue = fields.Function(fields.Boolean(
            "Overdue",
            help="Still open after its due date."),
        'get_overdue', searcher='search_overdue')
    state = fields.Selection([
            ('open', "Open"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('meeting')
        cls._order = [
            ('due_date', 'ASC'),
            ('id', 'ASC'),
            ]
        cls._transitions |= {
            ('open', 'done'),
            ('open', 'cancelled'),
            ('done', 'open'),
            ('cancelled', 'open'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'open',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'reopen': {
                    'invisible': Eval('state') == 'open',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'open'

    @classmethod
    def get_overdue(cls, actions, name):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        return {a.id: a.state == 'open' and a.due_date < today
            for a in actions}

    @classmethod
    def search_overdue(cls, name, clause):
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        _, operator, value = clause[:3]
        overdue = bool(value) == (operator == '=')
        if overdue:
            return [
                ('state', '=', 'open'),
                ('due_date', '<', today),
                ]
        return ['OR',
            ('state', '!=', 'open'),
            ('due_date', '>=', today),
            ]

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual', If(Eval('overdue', False), 'danger', '')),
            ]

    @classmethod
    def copy(cls, actions, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('done_date', None)
        return super().copy(actions, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, actions):
        pool = Pool()
        Date = pool.get('ir.date')
        cls.write(actions, {'done_date': Date.today()})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, actions):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('open')
    def reopen(cls, actions):
        cls.write(actions, {'done_date': None})
