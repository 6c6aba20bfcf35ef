# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt

from sql import Null
from sql.aggregate import Count, Sum
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.tools import sql_pairing
from trytond.transaction import Transaction

from .training import TOPICS


class AttendanceContext(ModelView):
    "Training attendance context"
    __name__ = 'coop.training.attendance.context'
    __string__ = "Training Attendance Context"

    from_date = fields.Date(
        "From Date",
        domain=[
            If(Eval('to_date') & Eval('from_date'),
                ('from_date', '<=', Eval('to_date')),
                ()),
            ])
    to_date = fields.Date(
        "To Date",
        domain=[
            If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')),
                ()),
            ])

    @classmethod
    def default_from_date(cls):
        return Transaction().context.get('from_date')

    @classmethod
    def default_to_date(cls):
        return Transaction().context.get('to_date')


class Attendance(ModelSQL, ModelView):
    "Training attendance per course and province"
    __name__ = 'coop.training.attendance'
    __string__ = "Training Attendance"

    course = fields.Many2One('coop.training.course', "Course")
    topic = fields.Selection(TOPICS, "Topic")
    province = fields.Many2One(
        'country.subdivision', "Province",
        help="The province of the participants' co-ops.")
    attended = fields.Integer(
        "Attended", help="The number of people who attended.")
    no_show = fields.Integer(
        "No-Shows", help="The number of people who had a place and did "
        "not come.")
    cooperatives = fields.Integer(
        "Co-ops", help="The number of co-ops with someone who attended.")
    hours = fields.Numeric(
        "Training Hours", digits=(16, 1),
        help="The hours of the courses times the people who attended.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('attended', 'DESC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        Session = pool.get('coop.training.session')
        Course = pool.get('coop.training.course')
        Party = pool.get('party.party')
        enrolment = Enrolment.__table__()
        session = Session.__table__()
        course = Course.__table__()
        party = Party.__table__()
        context = Transaction().context

        where = enrolment.state.in_(['attended', 'no_show'])
        if context.get('from_date'):
            where &= session.start >= dt.datetime.combine(
                context['from_date'], dt.time())
        if context.get('to_date'):
            where &= session.start < dt.datetime.combine(
                context['to_date'] + dt.timedelta(days=1), dt.time())
        attended = enrolment.state == 'attended'
        return (enrolment
            .join(session, condition=enrolment.session == session.id)
            .join(course, condition=session.course == course.id)
            .join(party, condition=enrolment.cooperative == party.id)
            .select(
                sql_pairing(course.id, Coalesce(party.province, 0)).as_('id'),
                course.id.as_('course'),
                course.topic.as_('topic'),
                party.province.as_('province'),
                Sum(Case((attended, 1), else_=0)).as_('attended'),
                Sum(Case((~attended, 1), else_=0)).as_('no_show'),
                Count(Case((attended, enrolment.cooperative), else_=Null),
                    distinct=True).as_('cooperatives'),
                cls.hours.sql_cast(
                    Sum(Case((attended, course.hours), else_=0))).as_('hours'),
                where=where,
                group_by=[course.id, course.topic, party.province]))

    def get_rec_name(self, name):
        names = [self.course.rec_name]
        if self.province:
            names.append(self.province.rec_name)
        return ' - '.join(names)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, operand, *extra = clause
        if operator.startswith('!') or operator.startswith('not '):
            bool_op = 'AND'
        else:
            bool_op = 'OR'
        return [bool_op,
            ('course.rec_name', operator, operand, *extra),
            ('province.rec_name', operator, operand, *extra),
            ]
