# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from .exceptions import PortalAccessError, PortalValidationError


class Session(metaclass=PoolMeta):
    __name__ = 'coop.training.session'

    @classmethod
    def portal_sessions(cls, web_user):
        "The sessions still to come that a co-op may enrol people in"
        return cls.search([
                ('state', 'in', ['planned', 'confirmed']),
                ('start', '>', dt.datetime.now()),
                ], order=[('start', 'ASC'), ('id', 'ASC')])


class Enrolment(metaclass=PoolMeta):
    __name__ = 'coop.training.enrolment'

    @classmethod
    def portal_enrolments(cls, web_user):
        return cls.search([('cooperative', '=', web_user.coop.id)])

    @classmethod
    def portal_enrol(cls, web_user, session_id, participant, email=None):
        pool = Pool()
        Session = pool.get('coop.training.session')
        try:
            session_id = int(session_id)
        except (TypeError, ValueError):
            session_id = -1
        sessions = [s for s in Session.portal_sessions(web_user)
            if s.id == session_id]
        if not sessions:
            raise PortalAccessError(gettext('coop_portal.msg_not_found'))
        participant = (participant or '').strip()
        if not participant:
            raise PortalValidationError(
                gettext('coop_portal.msg_participant_required'))
        return cls.enrol(sessions[0], web_user.coop, participant,
            email=(email or '').strip() or None)
