# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""A werkzeug test client of trytond's WSGI application that logs in to
the portal and fills in the CSRF token of its forms."""
import re

from werkzeug.test import Client

from trytond.protocols.wrappers import Response
from trytond.tests.test_tryton import DB_NAME
from trytond.wsgi import app

from portal_fixtures import PASSWORD

TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


class PortalClient(Client):

    def __init__(self, base_url='http://localhost'):
        super().__init__(app, Response)
        self.base_url = base_url
        self.token = None

    def url(self, path):
        return '/%s/%s' % (DB_NAME, path)

    def page(self, path, **kwargs):
        response = self.get(
            self.url(path), base_url=self.base_url, **kwargs)
        match = None
        if response.mimetype == 'text/html':
            match = TOKEN.search(response.get_data(as_text=True))
        if match:
            self.token = match.group(1)
        return response

    def send(self, path, data=None, token=True, **kwargs):
        data = dict(data or {})
        if token:
            if self.token is None:
                self.page('portal/login')
            data.setdefault('_csrf_token', self.token)
        return self.post(
            self.url(path), data=data, base_url=self.base_url, **kwargs)

    def login(self, email, password=PASSWORD):
        self.page('portal/login')
        response = self.send('portal/login', {
                'email': email, 'password': password})
        if response.status_code == 303:
            # The forms of a session carry its own token
            self.page('portal/')
            self.page(response.location.split('/', 2)[-1]
                if response.location.startswith('/') else 'portal/')
        return response


def text(response):
    if response.mimetype != 'text/html':
        return ''
    return response.get_data(as_text=True)


def found(count):
    "The catalogue's count of the offers found, as es_419 writes it"
    return 'data-testid="total">Ofertas encontradas: %d</p>' % count
