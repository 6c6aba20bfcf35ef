# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import hashlib
import hmac

from sql import Literal, Null

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import PortalAccessError, PortalValidationError


def csrf_token(seed):
    "The CSRF token of the forms of a session: an HMAC of its key"
    return hmac.new(
        seed.encode(), b'coop_portal.csrf', hashlib.sha256).hexdigest()


def check_csrf_token(seed, token):
    return bool(seed and token) and hmac.compare_digest(
        csrf_token(seed), token)


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    @classmethod
    def portal_login(cls, email, password):
        """The web user of a co-op with that e-mail and password, or None.
        Raises RateLimitException when the e-mail failed too often."""
        user = cls.authenticate(email or '', password or '')
        if user and user.coop_role and user.coop:
            return user

    @classmethod
    def portal_session_user(cls, key):
        """The web user of a session key, if the session has not expired
        and the user still acts for a co-op.

        Every page asks, so it is one query for the session and the user
        together, where web_user's get_user reads the session, its
        timestamps and the user in three."""
        pool = Pool()
        Session = pool.get('web.user.session')
        if not key:
            return None
        session = Session.__table__()
        user = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*session.join(user,
                condition=session.user == user.id
                ).select(session.id, session.create_date,
                session.write_date, user.id, user.coop_role, user.party,
                where=(session.key == key) & (user.active == Literal(True))
                & (user.coop_role != Null) & (user.party != Null)))
        row = cursor.fetchone()
        if not row:
            return None
        session_id, created, written, user_id, role, party = row
        # Tryton's own rule, on the last change that the query read
        if Session(session_id, last_modified_at=written or created).expired:
            # web_user's own path, which deletes the session when it can
            cls.get_user(key)
            return None
        return cls(user_id, coop_role=role, party=party)

    @classmethod
    def portal_logout(cls, key):
        pool = Pool()
        Session = pool.get('web.user.session')
        if key:
            Session.remove(key)

    @classmethod
    def portal_reset_password(cls, email):
        """E-mail a reset link to the web user of that e-mail, if any; say
        nothing either way, so that the page tells no one who has an
        account."""
        users = cls.search([
                ('email', '=', (email or '').strip().lower()),
                ('coop_role', '!=', None),
                ])
        if users:
            cls.reset_password(users)

    def portal_check_role(self, role):
        if self.coop_role != role:
            raise PortalAccessError(gettext('coop_portal.msg_not_found'))

    @classmethod
    def portal_set_password(cls, email, token, password, confirm):
        """Set the password of a reset link; False when the link is not
        valid (wrong or expired token)."""
        pool = Pool()
        ResUser = pool.get('res.user')
        if not password or password != confirm:
            raise PortalValidationError(
                gettext('coop_portal.msg_password_mismatch'), 'password')
        users = cls.search([('email', '=', (email or '').lower())])
        # As root the password rules are not applied: apply them here
        ResUser.validate_password(password, users)
        return cls.set_password_token(email or '', token or '', password)

    def get_email_reset_password_url(self, url=None):
        url = url or Transaction().context.get('coop_portal_reset_url')
        return super().get_email_reset_password_url(url=url)
