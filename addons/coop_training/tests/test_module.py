# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
from decimal import Decimal
from unittest.mock import patch

from trytond.model.exceptions import SQLConstraintError
from trytond.modules.coop_membership.party import CUIT_TYPE
from trytond.modules.coop_training.exceptions import (
    AttendanceError, EnrolmentClosedError, SessionStateError,
    SessionValidationError)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction


def create_coop(name, cuit, inaes_number, kind='consumer'):
    pool = Pool()
    Party = pool.get('party.party')
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')
    provinces = Subdivision.search([('code', '=', 'AR-S')])
    if provinces:
        province, = provinces
    else:
        argentina, = Country.create([{'name': "Argentina", 'code': 'AR'}])
        province, = Subdivision.create([{
                    'name': "Santa Fe", 'code': 'AR-S', 'type': 'province',
                    'country': argentina.id,
                    }])
    party, = Party.create([{
                'name': name,
                'coop_kind': kind,
                'inaes_number': inaes_number,
                'iva_condition': 'exento',
                'province': province.id,
                'identifiers': [('create', [{
                                'type': CUIT_TYPE, 'code': cuit}])],
                }])
    return party


def create_session(capacity, course=None, started=False):
    "A session of course, confirmed and already started when started"
    pool = Pool()
    Course = pool.get('coop.training.course')
    Session = pool.get('coop.training.session')
    Party = pool.get('party.party')
    if course is None:
        course, = Course.create([{
                    'name': "Venta a gran escala",
                    'topic': 'selling_at_scale',
                    'hours': Decimal(8),
                    }])
    start = dt.datetime.now() + dt.timedelta(days=-1 if started else 7)
    trainer, = Party.create([{'name': "Lucía Romero"}])
    session, = Session.create([{
                'course': course.id,
                'start': start,
                'end': start + dt.timedelta(hours=4),
                'place': "Rosario",
                'trainer': trainer.id,
                'capacity': capacity,
                }])
    if started:
        Session.confirm([session])
    return session


class CoopTrainingTestCase(ModuleTestCase):
    "Test Coop Training module"
    module = 'coop_training'

    def enrol(self, session, coop, *names):
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        return [Enrolment.enrol(session, coop, n) for n in names]

    @with_transaction()
    def test_enrol_past_capacity_waits(self):
        "Enrolling in a full session puts the enrolment on the waiting list"
        session = create_session(capacity=2)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')

        ana, beto, carla = self.enrol(session, coop, "Ana", "Beto", "Carla")

        self.assertEqual(
            [e.state for e in [ana, beto, carla]],
            ['enrolled', 'enrolled', 'waiting'])
        self.assertEqual(
            (session.enrolled_count, session.waiting_count,
                session.places_left),
            (2, 1, 0))
        self.assertEqual(carla.waiting_position, 1)
        self.assertIsNone(ana.waiting_position)

    @with_transaction()
    def test_create_many_in_order(self):
        "Enrolments created together get the places in their order"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=2)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')

        enrolments = Enrolment.create([{
                    'session': session.id,
                    'cooperative': coop.id,
                    'participant': name,
                    } for name in ["Ana", "Beto", "Carla", "Dora"]])

        self.assertEqual(
            [e.state for e in enrolments],
            ['enrolled', 'enrolled', 'waiting', 'waiting'])
        self.assertEqual(
            [e.waiting_position for e in enrolments], [None, None, 1, 2])

    @with_transaction()
    def test_cancel_promotes_first_waiting(self):
        "A cancelled place goes to the first one on the waiting list"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=1)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, beto, carla = self.enrol(session, coop, "Ana", "Beto", "Carla")

        Enrolment.cancel([ana])

        self.assertEqual(
            [e.state for e in [ana, beto, carla]],
            ['cancelled', 'enrolled', 'waiting'])
        self.assertEqual(carla.waiting_position, 1)

    @with_transaction()
    def test_delete_promotes(self):
        "Deleting an enrolment frees its place"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=1)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, beto = self.enrol(session, coop, "Ana", "Beto")

        Enrolment.delete([ana])

        self.assertEqual(beto.state, 'enrolled')

    @with_transaction()
    def test_capacity_raised_promotes_with_one_write(self):
        "Raising capacities promotes all the waiting lists with one write"
        pool = Pool()
        Session = pool.get('coop.training.session')
        Enrolment = pool.get('coop.training.enrolment')
        first = create_session(capacity=1)
        second = create_session(capacity=1, course=first.course)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        first_enrolments = self.enrol(first, coop, "Ana", "Beto", "Carla")
        second_enrolments = self.enrol(second, coop, "Dora", "Eva", "Fede")

        writes = []
        write = Enrolment.write

        def counting_write(*args):
            writes.append(args)
            return write(*args)
        with patch.object(Enrolment, 'write', counting_write):
            Session.write([first, second], {'capacity': 2})

        self.assertEqual(len(writes), 1)
        self.assertEqual(
            [e.state for e in first_enrolments + second_enrolments],
            ['enrolled', 'enrolled', 'waiting'] * 2)

    @with_transaction()
    def test_capacity_below_places_taken(self):
        "The capacity cannot drop below the places already taken"
        pool = Pool()
        Session = pool.get('coop.training.session')
        session = create_session(capacity=2)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        self.enrol(session, coop, "Ana", "Beto")

        with self.assertRaises(SessionValidationError):
            Session.write([session], {'capacity': 1})

    @with_transaction()
    def test_no_show_keeps_place(self):
        "A no-show does not give its place to the waiting list"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=1, started=True)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, beto = self.enrol(session, coop, "Ana", "Beto")

        Enrolment.mark_no_show([ana])

        self.assertEqual((ana.state, beto.state), ('no_show', 'waiting'))

    @with_transaction()
    def test_done_needs_attendance_and_closes_waiting_list(self):
        "A session is done once attendance is recorded; nobody waits then"
        pool = Pool()
        Session = pool.get('coop.training.session')
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=1, started=True)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, beto = self.enrol(session, coop, "Ana", "Beto")

        with self.assertRaises(SessionStateError):
            Session.do([session])
        Enrolment.mark_attended([ana])
        Session.do([session])

        self.assertEqual(session.state, 'done')
        self.assertEqual((ana.state, beto.state), ('attended', 'cancelled'))
        with self.assertRaises(AttendanceError):
            Enrolment.mark_no_show([ana])
        with self.assertRaises(EnrolmentClosedError):
            self.enrol(session, coop, "Carla")

    @with_transaction()
    def test_same_person_twice(self):
        "The same person of a co-op enrols once, again after cancelling"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        session = create_session(capacity=5)
        coop = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, = self.enrol(session, coop, "Ana Gómez")
        Enrolment.cancel([ana])

        again, = self.enrol(session, coop, "Ana  Gómez")
        self.assertEqual((again.participant, again.state),
            ("Ana Gómez", 'enrolled'))
        with self.assertRaises(SQLConstraintError):
            self.enrol(session, coop, " ana  gómez ")

    @with_transaction()
    def test_attended_courses(self):
        "The courses attended by the people of each co-op"
        pool = Pool()
        Enrolment = pool.get('coop.training.enrolment')
        Course = pool.get('coop.training.course')
        selling = create_session(capacity=5, started=True)
        safety_course, = Course.create([{
                    'name': "Seguridad alimentaria",
                    'topic': 'food_safety',
                    'hours': Decimal(6),
                    }])
        safety = create_session(
            capacity=5, course=safety_course, started=True)
        worker = create_coop(
            "Cooperativa de Trabajo El Trigal", '30-68851312-6', '201',
            kind='worker')
        other = create_coop("Cooperativa La Unión", '30-52750331-7', '101')
        ana, = self.enrol(selling, worker, "Ana")
        beto, = self.enrol(safety, worker, "Beto")
        self.enrol(safety, other, "Carla")

        Enrolment.mark_attended([ana])
        Enrolment.mark_no_show([beto])

        self.assertEqual(
            Enrolment.attended_courses([worker, other]),
            {worker.id: {selling.course.id}, other.id: set()})


del ModuleTestCase
