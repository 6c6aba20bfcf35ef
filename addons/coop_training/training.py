# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
import re
from collections import defaultdict
from urllib.parse import urlsplit

from sql import Null
from sql.aggregate import Count
from sql.functions import Lower
from sql.operators import Equal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    Check, DeactivableMixin, Exclude, Index, ModelSQL, ModelView, Workflow,
    fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.tools import grouped_slice
from trytond.tools import timezone as tz
from trytond.transaction import Transaction

from .exceptions import (
    AttendanceError, CertificateError, CourseValidationError,
    EnrolmentClosedError, EnrolmentDeleteError, EnrolmentValidationError,
    SessionDeleteError, SessionStateError, SessionValidationError)

TOPICS = [
    ('selling_at_scale', "Selling at Scale"),
    ('logistics', "Logistics and Distribution"),
    ('food_safety', "Food Safety"),
    ('electronic_invoicing', "Electronic Invoicing"),
    ('governance', "Cooperative Governance"),
    ('other', "Other"),
    ]
# The enrolments that hold a place in their session: a no-show keeps the
# place it had, so recording attendance never lets the waiting list in.
PLACE_STATES = ['enrolled', 'attended', 'no_show']
EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')


def local_datetime(value):
    "The naive UTC datetime that Tryton stores, in the server's TRYTOND_TZ"
    return value.replace(tzinfo=tz.UTC).astimezone(tz.SERVER)


class Course(DeactivableMixin, ModelSQL, ModelView):
    "Training course"
    __name__ = 'coop.training.course'
    __string__ = "Training Course"

    name = fields.Char("Title", required=True, translate=True)
    code = fields.Char("Code")
    topic = fields.Selection(TOPICS, "Topic", required=True)
    hours = fields.Numeric(
        "Hours", digits=(16, 1), required=True,
        help="The length of the course, printed on the certificates.")
    language = fields.Many2One(
        'ir.lang', "Language", required=True, ondelete='RESTRICT',
        help="The language in which the course is given.")
    description = fields.Text("Description", translate=True)
    sessions = fields.One2Many(
        'coop.training.session', 'course', "Sessions", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique',
                Exclude(t, (t.code, Equal),
                    where=(t.code != Null) & (t.code != '')),
                'coop_training.msg_course_code_unique'),
            ]
        cls._order = [
            ('name', 'ASC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def default_language(cls):
        pool = Pool()
        Lang = pool.get('ir.lang')
        return Lang.get().id

    def get_rec_name(self, name):
        if self.code:
            return '[%s] %s' % (self.code, self.name)
        return self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('name', operator, operand, *extra),
            ('code', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, courses, field_names):
        super().validate_fields(courses, field_names)
        cls.check_hours(courses, field_names)

    @classmethod
    def check_hours(cls, courses, field_names=None):
        # Not an SQL check: SQLite stores numerics as blobs it cannot compare
        if field_names and 'hours' not in field_names:
            return
        for course in courses:
            if course.hours is not None and course.hours <= 0:
                raise CourseValidationError(
                    gettext('coop_training.msg_course_hours_positive',
                        course=course.rec_name,
                        hours=course.hours))

    @classmethod
    def copy(cls, courses, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('code', None)
        default.setdefault('sessions', None)
        return super().copy(courses, default=default)


class Session(Workflow, ModelSQL, ModelView):
    "Training session"
    __name__ = 'coop.training.session'
    __string__ = "Training Session"

    _states = {
        'readonly': Eval('state').in_(['done', 'cancelled']),
        }
    course = fields.Many2One(
        'coop.training.course', "Course", required=True, ondelete='RESTRICT',
        states={
            'readonly': Eval('state') != 'planned',
            })
    start = fields.DateTime("Start", required=True, states=_states)
    end = fields.DateTime("End", required=True, states=_states)
    place = fields.Char(
        "Place", states=_states,
        help="Where the session is held; leave empty for an online session.")
    online_url = fields.Char(
        "Online Link", states=_states,
        help="The link to join the session online.")
    trainer = fields.Many2One(
        'party.party', "Trainer", ondelete='RESTRICT',
        states={
            'readonly': _states['readonly'],
            'required': Eval('state').in_(['confirmed', 'done']),
            })
    capacity = fields.Integer(
        "Capacity", required=True, states=_states,
        help="The number of places. People who enrol once they are all "
        "taken go on the waiting list.")
    enrolments = fields.One2Many(
        'coop.training.enrolment', 'session', "Enrolments", states=_states)
    enrolled_count = fields.Function(fields.Integer(
            "Enrolled",
            help="The people who hold a place: enrolled, attended or "
            "no-show."),
        'get_counts')
    waiting_count = fields.Function(fields.Integer(
            "Waiting List"), 'get_counts')
    attended_count = fields.Function(fields.Integer(
            "Attended"), 'get_counts')
    places_left = fields.Function(fields.Integer(
            "Places Left"), 'get_counts')
    state = fields.Selection([
            ('planned', "Planned"),
            ('confirmed', "Confirmed"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('dates', Check(t, t.end > t.start),
                'coop_training.msg_session_dates'),
            ('capacity_positive', Check(t, t.capacity > 0),
                'coop_training.msg_session_capacity_positive'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.course, Index.Equality()), (t.start, Index.Range())))
        cls._order = [
            ('start', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('planned', 'confirmed'),
            ('confirmed', 'done'),
            ('planned', 'cancelled'),
            ('confirmed', 'cancelled'),
            }
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'planned',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['planned', 'confirmed']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def count_enrolments(cls, sessions):
        """The number of enrolments of each session by state:
        {session id: {state: count}}, with one query per slice"""
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        enrolment = Enrolment.__table__()
        cursor = Transaction().connection.cursor()
        counts = {int(s): defaultdict(int) for s in sessions}
        for sub_ids in grouped_slice(
                list(counts), backend.MAX_QUERY_PARAMS):
            cursor.execute(*enrolment.select(
                    enrolment.session, enrolment.state, Count(enrolment.id),
                    where=fields.SQL_OPERATORS['in'](
                        enrolment.session, list(sub_ids)),
                    group_by=[enrolment.session, enrolment.state]))
            for session_id, state, count in cursor:
                counts[session_id][state] = count
        return counts

    @classmethod
    def get_counts(cls, sessions, names):
        counts = cls.count_enrolments(sessions)
        result = {n: {} for n in names}
        for session in sessions:
            by_state = counts[session.id]
            taken = sum(by_state[s] for s in PLACE_STATES)
            values = {
                'enrolled_count': taken,
                'waiting_count': by_state['waiting'],
                'attended_count': by_state['attended'],
                'places_left': max((session.capacity or 0) - taken, 0),
                }
            for name in names:
                result[name][session.id] = values[name]
        return result

    def get_rec_name(self, name):
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = Lang.get()
        start = lang.strftime(
            local_datetime(self.start), lang.date + ' %H:%M')
        return '%s - %s' % (self.course.rec_name, start)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('course.rec_name', operator, operand, *extra),
            ('place', operator, operand, *extra),
            ]

    @classmethod
    def validate_fields(cls, sessions, field_names):
        super().validate_fields(sessions, field_names)
        cls.check_online_url(sessions, field_names)
        cls.check_capacity(sessions, field_names)

    @classmethod
    def check_online_url(cls, sessions, field_names=None):
        if field_names and 'online_url' not in field_names:
            return
        for session in sessions:
            if not session.online_url:
                continue
            url = urlsplit(session.online_url)
            if url.scheme not in {'http', 'https'} or not url.netloc:
                raise SessionValidationError(
                    gettext('coop_training.msg_session_url_invalid',
                        url=session.online_url,
                        session=session.rec_name))

    @classmethod
    def check_capacity(cls, sessions, field_names=None):
        "Nobody who holds a place loses it when the capacity is lowered"
        if field_names and 'capacity' not in field_names:
            return
        counts = cls.count_enrolments(sessions)
        for session in sessions:
            taken = sum(counts[session.id][s] for s in PLACE_STATES)
            if session.capacity is not None and session.capacity < taken:
                raise SessionValidationError(
                    gettext('coop_training.msg_session_capacity_taken',
                        session=session.rec_name,
                        capacity=session.capacity,
                        taken=taken))

    @classmethod
    def check_modification(cls, mode, sessions, values=None, external=False):
        super().check_modification(
            mode, sessions, values=values, external=external)
        if mode == 'delete':
            for session in sessions:
                if session.state not in {'planned', 'cancelled'}:
                    raise SessionDeleteError(
                        gettext('coop_training.msg_session_delete',
                            session=session.rec_name,
                            state=session.state_string))

    @classmethod
    def on_modification(cls, mode, sessions, field_names=None):
        super().on_modification(mode, sessions, field_names=field_names)
        if mode == 'write' and 'capacity' in field_names:
            cls.promote_waiting(sessions)

    @classmethod
    def copy(cls, sessions, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('enrolments', None)
        return super().copy(sessions, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, sessions):
        for session in sessions:
            if not session.trainer:
                raise SessionStateError(
                    gettext('coop_training.msg_session_confirm_trainer',
                        session=session.rec_name))
            if not session.place and not session.online_url:
                raise SessionStateError(
                    gettext('coop_training.msg_session_confirm_place',
                        session=session.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, sessions):
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        now = dt.datetime.now()
        for session in sessions:
            if session.start > now:
                raise SessionStateError(
                    gettext('coop_training.msg_session_do_not_started',
                        session=session.rec_name))
        pending = Enrolment.search([
                ('session', 'in', [s.id for s in sessions]),
                ('state', 'in', ['enrolled', 'waiting']),
                ], order=[('id', 'ASC')])
        unrecorded = [e for e in pending if e.state == 'enrolled']
        if unrecorded:
            enrolment = unrecorded[0]
            raise SessionStateError(
                gettext('coop_training.msg_session_do_attendance',
                    session=enrolment.session.rec_name,
                    count=sum(1 for e in unrecorded
                        if e.session == enrolment.session),
                    participant=enrolment.participant))
        # Who is still waiting when the session is over never got a place
        if pending:
            Enrolment.write(pending, {'state': 'cancelled'})

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, sessions):
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        enrolments = Enrolment.search([
                ('session', 'in', [s.id for s in sessions]),
                ('state', '!=', 'cancelled'),
                ])
        for enrolment in enrolments:
            if enrolment.state in {'attended', 'no_show'}:
                raise SessionStateError(
                    gettext('coop_training.msg_session_cancel_attendance',
                        session=enrolment.session.rec_name))
        if enrolments:
            Enrolment.write(enrolments, {'state': 'cancelled'})

    @classmethod
    def promote_waiting(cls, sessions):
        """Give the free places of the sessions to their waiting lists,
        first come first served, with a single write.

        Only planned and confirmed sessions have a waiting list that
        moves."""
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        enrolment = Enrolment.__table__()
        cursor = Transaction().connection.cursor()
        ids = list({int(s) for s in sessions})
        if not ids:
            return
        # Searched again: the sessions may have been deleted or closed
        sessions = cls.search([
                ('id', 'in', ids),
                ('state', 'in', ['planned', 'confirmed']),
                ])
        if not sessions:
            return
        # Two enrolments at once must not both take the last place
        cls.lock(sessions)
        counts = cls.count_enrolments(sessions)
        free = {}
        for session in sessions:
            by_state = counts[session.id]
            places = session.capacity - sum(by_state[s] for s in PLACE_STATES)
            if places > 0 and by_state['waiting']:
                free[session.id] = places
        to_promote = []
        for sub_ids in grouped_slice(
                list(free), backend.MAX_QUERY_PARAMS):
            cursor.execute(*enrolment.select(
                    enrolment.session, enrolment.id,
                    where=fields.SQL_OPERATORS['in'](
                        enrolment.session, list(sub_ids))
                    & (enrolment.state == 'waiting'),
                    order_by=[enrolment.session, enrolment.id]))
            for session_id, enrolment_id in cursor:
                if free[session_id] > 0:
                    free[session_id] -= 1
                    to_promote.append(enrolment_id)
        if to_promote:
            Enrolment.write(
                Enrolment.browse(to_promote), {'state': 'enrolled'})


class Enrolment(Workflow, ModelSQL, ModelView):
    "Enrolment of a person of a co-op in a training session"
    __name__ = 'coop.training.enrolment'
    __string__ = "Training Enrolment"
    _rec_name = 'participant'

    _states = {
        'readonly': ~Eval('state').in_(['enrolled', 'waiting']),
        }
    session = fields.Many2One(
        'coop.training.session', "Session", required=True,
        ondelete='CASCADE',
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    session_state = fields.Function(fields.Selection(
            'get_session_states', "Session State"),
        'on_change_with_session_state')
    course = fields.Function(fields.Many2One(
            'coop.training.course', "Course"),
        'on_change_with_course', searcher='search_course')
    cooperative = fields.Many2One(
        'party.party', "Co-op", required=True, ondelete='RESTRICT',
        domain=[('coop_kind', 'in', ['consumer', 'worker'])],
        states={
            'readonly': Eval('id', -1) >= 0,
            })
    participant = fields.Char(
        "Participant", required=True, states=_states,
        help="The name of the person who takes the course.")
    email = fields.Char("E-mail", states=_states)
    waiting_position = fields.Function(fields.Integer(
            "Waiting List Position",
            help="The place in the waiting list: the first one gets the "
            "next place that frees."),
        'get_waiting_position')
    state = fields.Selection([
            ('enrolled', "Enrolled"),
            ('waiting', "Waiting List"),
            ('attended', "Attended"),
            ('no_show', "No-Show"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('participant_unique',
                Exclude(t,
                    (t.session, Equal), (t.cooperative, Equal),
                    (Lower(t.participant), Equal),
                    where=t.state != 'cancelled'),
                'coop_training.msg_enrolment_unique'),
            ]
        cls._sql_indexes.update({
                Index(t,
                    (t.session, Index.Equality()),
                    (t.state, Index.Equality(cardinality='low'))),
                Index(t,
                    (t.cooperative, Index.Equality()),
                    where=t.state == 'attended'),
                })
        cls._order = [
            ('session', 'DESC'),
            ('id', 'ASC'),
            ]
        cls._transitions |= {
            ('waiting', 'enrolled'),
            ('enrolled', 'attended'),
            ('no_show', 'attended'),
            ('enrolled', 'no_show'),
            ('attended', 'no_show'),
            ('enrolled', 'cancelled'),
            ('waiting', 'cancelled'),
            }
        cls._buttons.update({
                # Shown before the session starts too, so that a click
                # says why attendance cannot be recorded yet
                'mark_attended': {
                    'invisible': (~Eval('state').in_(['enrolled', 'no_show'])
                        | Eval('session_state').in_(['done', 'cancelled'])),
                    'icon': 'tryton-ok',
                    'depends': ['state', 'session_state'],
                    },
                'mark_no_show': {
                    'invisible': (~Eval('state').in_(['enrolled', 'attended'])
                        | Eval('session_state').in_(['done', 'cancelled'])),
                    'icon': 'tryton-clear',
                    'depends': ['state', 'session_state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['enrolled', 'waiting']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'waiting'

    @classmethod
    def get_session_states(cls):
        pool = Pool()
        Session = pool.get('coop.training.session')
        return Session.fields_get(['state'])['state']['selection']

    @fields.depends('session', '_parent_session.state')
    def on_change_with_session_state(self, name=None):
        return self.session.state if self.session else None

    @fields.depends('session', '_parent_session.course')
    def on_change_with_course(self, name=None):
        return self.session.course if self.session else None

    @classmethod
    def search_course(cls, name, clause):
        nested = clause[0][len(name):]
        return [('session.course' + nested, *clause[1:])]

    @classmethod
    def get_waiting_position(cls, enrolments, name):
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        positions = dict.fromkeys(map(int, enrolments))
        sessions = {e.session.id for e in enrolments if e.state == 'waiting'}
        for sub_ids in grouped_slice(
                list(sessions), backend.MAX_QUERY_PARAMS):
            cursor.execute(*table.select(
                    table.session, table.id,
                    where=fields.SQL_OPERATORS['in'](
                        table.session, list(sub_ids))
                    & (table.state == 'waiting'),
                    order_by=[table.session, table.id]))
            position = defaultdict(int)
            for session_id, enrolment_id in cursor:
                position[session_id] += 1
                if enrolment_id in positions:
                    positions[enrolment_id] = position[session_id]
        return positions

    def get_rec_name(self, name):
        return '%s (%s)' % (self.participant, self.cooperative.rec_name)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('participant', operator, operand, *extra),
            ('cooperative.rec_name', operator, operand, *extra),
            ]

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create':
            # Everyone queues first; promote_waiting gives the free places
            # in order, whichever way the enrolment is created.
            values['state'] = 'waiting'
        if values.get('participant'):
            values['participant'] = ' '.join(values['participant'].split())
        if values.get('email'):
            values['email'] = values['email'].strip().lower()
        return values

    @classmethod
    def validate_fields(cls, enrolments, field_names):
        super().validate_fields(enrolments, field_names)
        cls.check_email(enrolments, field_names)

    @classmethod
    def check_email(cls, enrolments, field_names=None):
        if field_names and 'email' not in field_names:
            return
        for enrolment in enrolments:
            if enrolment.email and not EMAIL.match(enrolment.email):
                raise EnrolmentValidationError(
                    gettext('coop_training.msg_enrolment_email_invalid',
                        email=enrolment.email,
                        participant=enrolment.participant))

    @classmethod
    def check_modification(
            cls, mode, enrolments, values=None, external=False):
        super().check_modification(
            mode, enrolments, values=values, external=external)
        if mode == 'create':
            for enrolment in enrolments:
                if enrolment.session.state in {'done', 'cancelled'}:
                    raise EnrolmentClosedError(
                        gettext('coop_training.msg_enrolment_session_closed',
                            participant=enrolment.participant,
                            session=enrolment.session.rec_name,
                            state=enrolment.session.state_string))
        elif mode == 'write':
            for name in ['session', 'cooperative']:
                if name not in values:
                    continue
                for enrolment in enrolments:
                    if getattr(enrolment, name).id != values[name]:
                        raise EnrolmentValidationError(
                            gettext('coop_training.msg_enrolment_move',
                                participant=enrolment.participant))
        elif mode == 'delete':
            for enrolment in enrolments:
                if enrolment.state in {'attended', 'no_show'}:
                    raise EnrolmentDeleteError(
                        gettext('coop_training.msg_enrolment_delete',
                            participant=enrolment.participant,
                            session=enrolment.session.rec_name))

    @classmethod
    def on_modification(cls, mode, enrolments, field_names=None):
        pool = Pool()
        Session = pool.get('coop.training.session')
        super().on_modification(mode, enrolments, field_names=field_names)
        if mode == 'create':
            Session.promote_waiting({e.session for e in enrolments})
        elif mode == 'write' and 'state' in field_names:
            Session.promote_waiting({e.session for e in enrolments
                    if e.state == 'cancelled'})

    @classmethod
    def on_delete(cls, enrolments):
        pool = Pool()
        Session = pool.get('coop.training.session')
        callbacks = super().on_delete(enrolments)
        session_ids = {e.session.id for e in enrolments
            if e.state in PLACE_STATES}
        if session_ids:
            callbacks.append(
                lambda: Session.promote_waiting(session_ids))
        return callbacks

    @classmethod
    def check_attendance(cls, enrolments):
        "Attendance is recorded once the session has started, until done"
        now = dt.datetime.now()
        for enrolment in enrolments:
            session = enrolment.session
            if session.state == 'done':
                raise AttendanceError(
                    gettext('coop_training.msg_attendance_session_done',
                        participant=enrolment.participant,
                        session=session.rec_name))
            if session.state != 'confirmed' or session.start > now:
                raise AttendanceError(
                    gettext('coop_training.msg_attendance_not_started',
                        participant=enrolment.participant,
                        session=session.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('attended')
    def mark_attended(cls, enrolments):
        cls.check_attendance(enrolments)

    @classmethod
    @ModelView.button
    @Workflow.transition('no_show')
    def mark_no_show(cls, enrolments):
        cls.check_attendance(enrolments)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, enrolments):
        pass

    @classmethod
    def enrol(cls, session, cooperative, participant, email=None):
        """Enrol the participant of the co-op in the session and return the
        enrolment: enrolled while places are left, on the waiting list
        once the session is full."""
        enrolment, = cls.create([{
                    'session': int(session),
                    'cooperative': int(cooperative),
                    'participant': participant,
                    'email': email,
                    }])
        return enrolment

    @classmethod
    def attended_courses(cls, cooperatives):
        """The courses that someone of each co-op attended:
        {co-op id: set of course ids}, with one query per slice"""
        pool = Pool()
        Session = pool.get('coop.training.session')
        enrolment = cls.__table__()
        session = Session.__table__()
        cursor = Transaction().connection.cursor()
        courses = {int(c): set() for c in cooperatives}
        for sub_ids in grouped_slice(
                list(courses), backend.MAX_QUERY_PARAMS):
            cursor.execute(*enrolment
                .join(session, condition=enrolment.session == session.id)
                .select(enrolment.cooperative, session.course,
                    where=fields.SQL_OPERATORS['in'](
                        enrolment.cooperative, list(sub_ids))
                    & (enrolment.state == 'attended'),
                    group_by=[enrolment.cooperative, session.course]))
            for cooperative_id, course_id in cursor:
                courses[cooperative_id].add(course_id)
        return courses


class Certificate(Report):
    "Certificate of attendance of an enrolment"
    __name__ = 'coop.training.certificate'

    @classmethod
    def get_context(cls, records, header, data):
        for enrolment in records:
            if enrolment.state != 'attended':
                raise CertificateError(
                    gettext('coop_training.msg_certificate_not_attended',
                        participant=enrolment.participant,
                        session=enrolment.session.rec_name,
                        state=enrolment.state_string))
        context = super().get_context(records, header, data)
        context['format_hours'] = cls.format_hours
        context['local_date'] = lambda value: local_datetime(value).date()
        return context

    @classmethod
    def format_hours(cls, hours, lang=None):
        "The hours without a decimal when they are whole"
        digits = 0 if hours == hours.to_integral_value() else 1
        return cls.format_number(hours, lang, digits=digits)
