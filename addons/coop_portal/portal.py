# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""What every portal route shares: the web user of the session cookie, the
language, CSRF tokens, the Jinja2 environment and the route decorator."""
import urllib.parse
from functools import cached_property, wraps
from secrets import token_hex

from jinja2 import Environment, PackageLoader, select_autoescape

from trytond.i18n import gettext
from trytond.protocols.wrappers import (
    HTTPStatus, Response, abort, redirect, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app

from .exceptions import PortalAccessError
from .web import check_csrf_token, csrf_token

SESSION_COOKIE = 'coop_portal_session'
ANONYMOUS_COOKIE = 'coop_portal_anonymous'
LANGUAGE_COOKIE = 'coop_portal_language'
LANGUAGES = ['es_419', 'en']
DEFAULT_LANGUAGE = 'es_419'
HOME = {'buyer': 'shop/', 'supplier': 'supplier/'}

# The templates are read once per process, as trytond reads the modules:
# no check of their files at each page
ENV = Environment(
    loader=PackageLoader('trytond.modules.coop_portal', 'templates'),
    autoescape=select_autoescape(), trim_blocks=True, lstrip_blocks=True,
    auto_reload=False)


class Portal:
    "The request of a web user, as the routes and templates see it"

    def __init__(self, request, pool):
        self.request = request
        self.pool = pool
        self.database = pool.database_name
        self.cookies = []
        self.key = request.cookies.get(SESSION_COOKIE)
        WebUser = pool.get('web.user')
        self.user = WebUser.portal_session_user(self.key)
        self.anonymous_seed = request.cookies.get(ANONYMOUS_COOKIE)
        if not self.anonymous_seed:
            self.anonymous_seed = token_hex(16)
            self.cookies.append((ANONYMOUS_COOKIE, self.anonymous_seed))
        language = request.cookies.get(LANGUAGE_COOKIE)
        self.language = (
            language if language in LANGUAGES else DEFAULT_LANGUAGE)

    @property
    def role(self):
        return self.user.coop_role if self.user else None

    @cached_property
    def coop_name(self):
        """The name of the web user's co-op for the header: its rec_name,
        read with the only fields it needs rather than the whole party"""
        Party = self.pool.get('party.party')
        party, = Party.read(
            [self.user.coop.id], ['name', 'code', 'rec_name'])
        return party['rec_name']

    @property
    def csrf_seed(self):
        return self.key if self.user else self.anonymous_seed

    @property
    def csrf_token(self):
        return csrf_token(self.csrf_seed)

    def check_csrf(self):
        return check_csrf_token(
            self.csrf_seed, self.request.form.get('_csrf_token', ''))

    @property
    def htmx(self):
        return self.request.headers.get('HX-Request') == 'true'

    @property
    def secure(self):
        # The scheme is https behind a proxy that says so when trytond
        # trusts it ([web] num_proxies, werkzeug's ProxyFix)
        return self.request.scheme == 'https'

    def url(self, path='', **query):
        url = '/%s/%s' % (urllib.parse.quote(self.database, safe=':@'), path)
        query = {k: v for k, v in query.items() if v not in {None, ''}}
        if query:
            url += '?' + urllib.parse.urlencode(query)
        return url

    def safe_next(self, value, default=''):
        "A path of this database's portal, never another site"
        prefix = self.url()
        if (value and value.startswith(prefix) and '//' not in value
                and '\\' not in value):
            return value
        return self.url(default)

    def set_cookie(self, name, value):
        self.cookies.append((name, value))

    def finish(self, response):
        for name, value in self.cookies:
            if value is None:
                response.delete_cookie(name, path='/%s' % self.database)
            else:
                response.set_cookie(name, value,
                    max_age=(365 * 24 * 3600 if name == LANGUAGE_COOKIE
                        else None),
                    path='/%s' % self.database, secure=self.secure,
                    httponly=True, samesite='Lax')
        response.headers.setdefault('Cache-Control', 'no-store')
        response.headers.setdefault('X-Content-Type-Options', 'nosniff')
        response.headers.setdefault('X-Frame-Options', 'DENY')
        response.headers.setdefault('Referrer-Policy', 'same-origin')
        return response

    # Formatting in the language of the page
    @cached_property
    def lang(self):
        Lang = self.pool.get('ir.lang')
        return Lang.get(self.language)

    def number(self, value, digits=None):
        if value is None:
            return ''
        if digits is None:
            digits = 0 if float(value) == int(value) else 2
        return self._format_number(value, digits)

    @cached_property
    def _formatted(self):
        return {}

    def _format_number(self, value, digits):
        # A catalogue page shows the same figures many times (quantities of
        # 0, prices, tiers): each is formatted once
        key = (value, digits)
        text = self._formatted.get(key)
        if text is None:
            Lang = self.pool.get('ir.lang')
            text = self._formatted[key] = Lang.portal_number(
                self.language, value, digits)
        return text

    def selection(self, record, field):
        "The text of a selection field, in the language of the page"
        Model = record.__class__
        return dict(Model.fields_get([field])[field]['selection']).get(
            getattr(record, field), '')

    def plain(self, value):
        "A number as an input of type number takes it"
        if value is None:
            return ''
        return ('%.6f' % value).rstrip('0').rstrip('.')

    def money(self, value, currency=None):
        if value is None:
            return ''
        if currency is not None:
            return self.lang.currency(value, currency)
        return self._format_number(value, 2)

    def date(self, value):
        if not value:
            return ''
        return self.pool.get('ir.lang').portal_date(self.language, value)

    def render(self, template, status=HTTPStatus.OK, **context):
        context.update(
            portal=self, user=self.user, role=self.role,
            _=self._translate, csrf_token=self.csrf_token,
            language=self.language, languages=LANGUAGES)
        html = ENV.get_template(template).render(**context)
        return Response(html, status=status, content_type='text/html')

    @cached_property
    def _texts(self):
        return {}

    def _translate(self, name, **variables):
        # The labels of the offers of a page are looked up once, and their
        # variables put in as Tryton's Message.gettext does
        text = self._texts.get(name)
        if text is None:
            text = self._texts[name] = translate(name)
        return text % variables if variables else text

    def redirect(self, path, **query):
        return redirect(self.url(path, **query), code=303)


def translate(name, **variables):
    "The text of the portal message msg_<name> in the page's language"
    return gettext('coop_portal.msg_%s' % name, **variables)


def error_message(exception):
    return getattr(exception, 'message', None) or str(exception)


def portal_route(rule, methods=('GET',), role=None, login=True):
    """A route of the portal under /<database>/: it finds the web user of
    the session, checks the CSRF token of every POST, redirects anonymous
    visitors to the login page and refuses other roles with 403; foreign
    ids raise PortalAccessError, answered with 404. The transaction is
    read-only for GET and writable for POST, as root: the model methods
    filter everything by the web user's co-op."""
    def decorator(func):
        @wraps(func)
        def endpoint(request, pool, **kwargs):
            try:
                WebUser = pool.get('web.user')
            except KeyError:
                abort(HTTPStatus.NOT_FOUND)
            if not hasattr(WebUser, 'portal_login'):
                # coop_portal is not activated in this database
                abort(HTTPStatus.NOT_FOUND)
            transaction = Transaction()
            with transaction.set_context(language=DEFAULT_LANGUAGE):
                portal = Portal(request, pool)
            with transaction.set_context(language=portal.language):
                if request.method == 'POST' and not portal.check_csrf():
                    response = portal.render('error.html',
                        status=HTTPStatus.FORBIDDEN,
                        message=translate('csrf_failed'))
                    return portal.finish(response)
                if login and not portal.user:
                    if request.method == 'GET' and not portal.htmx:
                        return portal.finish(portal.redirect(
                                'portal/login', next=request.full_path))
                    response = portal.render('error.html',
                        status=HTTPStatus.UNAUTHORIZED,
                        message=translate('login_required'))
                    return portal.finish(response)
                if role and portal.role != role:
                    response = portal.render('error.html',
                        status=HTTPStatus.FORBIDDEN,
                        message=translate('forbidden'))
                    return portal.finish(response)
                try:
                    response = func(portal, **kwargs)
                except PortalAccessError:
                    abort(HTTPStatus.NOT_FOUND)
                return portal.finish(response)
        app.route('/<database_name>/' + rule, methods=set(methods))(
            with_pool(with_transaction()(endpoint)))
        return endpoint
    return decorator
