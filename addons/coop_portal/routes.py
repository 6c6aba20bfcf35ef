# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The routes of the shop (buyers of consumer co-ops) and of the supplier
portal (worker co-ops). Each parses its input, calls one model method and
renders a template; the model methods check who owns what."""
import mimetypes
import os

import trytond.config as config
from trytond.exceptions import RateLimitException, UserError
from trytond.protocols.wrappers import HTTPStatus, Response, abort
from trytond.transaction import Transaction
from trytond.wsgi import app

from .exceptions import PortalAccessError, PortalValidationError
from .portal import (
    HOME, LANGUAGE_COOKIE, LANGUAGES, SESSION_COOKIE, error_message,
    portal_route, translate)

STATIC = os.path.join(os.path.dirname(__file__), 'static')
PER_PAGE = 20


def _fail(portal, exception):
    """Undo what the failed call wrote and return the message for the
    form"""
    if isinstance(exception, PortalAccessError):
        raise exception
    Transaction().rollback()
    return error_message(exception)


def _error_field(exception):
    return getattr(exception, 'field', None)


# Static files: our own CSS, and the front-end packages installed from npm
# at set-up time (bin/lib.sh) into the folder of [coop_portal] assets.
@app.route('/<database_name>/portal/static/<path:name>')
def static(request, database_name, name):
    if name.startswith('vendor/'):
        root = config.get('coop_portal', 'assets')
        name = name[len('vendor/'):]
    else:
        root = STATIC
    if not root:
        abort(HTTPStatus.NOT_FOUND)
    path = os.path.realpath(os.path.join(root, name))
    if (not path.startswith(os.path.realpath(root) + os.sep)
            or not os.path.isfile(path)):
        abort(HTTPStatus.NOT_FOUND)
    mimetype = mimetypes.guess_type(path)[0] or 'application/octet-stream'
    with open(path, 'rb') as fp:
        response = Response(fp.read(), content_type=mimetype)
    response.headers['Cache-Control'] = 'public, max-age=3600'
    response.headers['X-Content-Type-Options'] = 'nosniff'
    return response


# Accounts
@portal_route('portal/', login=False)
def home(portal):
    if portal.user:
        return portal.redirect(HOME[portal.role])
    return portal.redirect('portal/login')


@portal_route('portal/login', methods=['GET', 'POST'], login=False)
def login(portal):
    pool = portal.pool
    WebUser = pool.get('web.user')
    request = portal.request
    next_ = request.values.get('next', '')
    if request.method == 'GET':
        if portal.user:
            return portal.redirect(HOME[portal.role])
        return portal.render('account/login.html', next=next_, email='')
    email = request.form.get('email', '').strip()
    password = request.form.get('password', '')
    error, status = None, HTTPStatus.OK
    try:
        user = WebUser.portal_login(email, password)
    except RateLimitException:
        user = None
        error = translate('login_throttled')
        status = HTTPStatus.TOO_MANY_REQUESTS
    else:
        if not user:
            error = translate('login_invalid')
            status = HTTPStatus.UNAUTHORIZED
    if error:
        return portal.render('account/login.html', status=status,
            error=error, next=next_, email=email)
    portal.set_cookie(SESSION_COOKIE, user.new_session())
    response = portal.redirect('')
    response.location = portal.safe_next(next_, HOME[user.coop_role])
    return response


@portal_route('portal/logout', methods=['POST'])
def logout(portal):
    WebUser = portal.pool.get('web.user')
    WebUser.portal_logout(portal.key)
    portal.set_cookie(SESSION_COOKIE, None)
    return portal.redirect('portal/login')


@portal_route('portal/language', methods=['POST'], login=False)
def language(portal):
    code = portal.request.form.get('language')
    if code in LANGUAGES:
        portal.set_cookie(LANGUAGE_COOKIE, code)
    response = portal.redirect('')
    response.location = portal.safe_next(
        portal.request.form.get('next'), 'portal/')
    return response


@portal_route('portal/reset', methods=['GET', 'POST'], login=False)
def reset(portal):
    WebUser = portal.pool.get('web.user')
    request = portal.request
    if request.method == 'GET':
        return portal.render('account/reset.html', sent=False)
    url = request.host_url.rstrip('/') + portal.url('portal/password')
    with Transaction().set_context(coop_portal_reset_url=url):
        WebUser.portal_reset_password(request.form.get('email'))
    return portal.render('account/reset.html', sent=True)


@portal_route('portal/password', methods=['GET', 'POST'], login=False)
def password(portal):
    WebUser = portal.pool.get('web.user')
    request = portal.request
    email = request.values.get('email', '')
    token = request.values.get('token', '')
    if request.method == 'GET':
        return portal.render('account/password.html',
            email=email, token=token)
    try:
        done = WebUser.portal_set_password(email, token,
            request.form.get('password'), request.form.get('confirm'))
    except UserError as e:
        return portal.render('account/password.html',
            status=HTTPStatus.BAD_REQUEST, email=email, token=token,
            error=_fail(portal, e))
    if not done:
        return portal.render('account/password.html',
            status=HTTPStatus.BAD_REQUEST, email=email, token=token,
            error=translate('reset_link_invalid'))
    return portal.redirect('portal/login', done='1')


@portal_route('portal/training', methods=['GET', 'POST'])
def training(portal):
    pool = portal.pool
    Session = pool.get('coop.training.session')
    Enrolment = pool.get('coop.training.enrolment')
    request = portal.request
    error = values = None
    status = HTTPStatus.OK
    if request.method == 'POST':
        values = request.form
        try:
            Enrolment.portal_enrol(portal.user, values.get('session'),
                values.get('participant'), values.get('email'))
        except PortalValidationError as e:
            error, status = _fail(portal, e), HTTPStatus.BAD_REQUEST
        except UserError as e:
            error, status = _fail(portal, e), HTTPStatus.CONFLICT
        else:
            return portal.redirect('portal/training', enrolled='1')
    return portal.render('portal/training.html', status=status,
        sessions=Session.portal_sessions(portal.user),
        enrolments=Enrolment.portal_enrolments(portal.user),
        error=error, values=values or {},
        enrolled=request.args.get('enrolled'))


# Shop
@portal_route('shop/', role='buyer')
def shop(portal):
    Round = portal.pool.get('coop.round')
    return portal.render('shop/index.html',
        rounds=Round.portal_open_rounds(portal.user))


def _catalogue(portal, round_id, status=HTTPStatus.OK, errors=None,
        submitted=None):
    pool = portal.pool
    Round = pool.get('coop.round')
    Offer = pool.get('coop.round.offer')
    args = portal.request.args
    round_ = Round.portal_get_round(portal.user, round_id)
    search = args.get('q', '').strip()[:100]
    category = args.get('category', type=int)
    supplier = args.get('supplier', type=int)
    page = max(args.get('page', 1, type=int), 1)
    offers, total, figures, mine = Offer.portal_catalogue(
        portal.user, round_, search=search, category=category,
        supplier=supplier, page=page, per_page=PER_PAGE)
    index = round_.portal_catalogue_index()
    order = pool.get('coop.round.order').portal_round_order(
        portal.user, round_)
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    return portal.render('shop/catalogue.html', status=status,
        round=round_, offers=offers, total=total, figures=figures,
        mine=mine, round_open=round_.state == 'open',
        categories=index.categories,
        suppliers=index.suppliers,
        search=search, category=category, supplier=supplier, page=page,
        pages=pages, order=order, errors=errors or {},
        submitted=submitted or {}, here=portal.request.full_path)


@portal_route('shop/round/<int:round_id>', role='buyer')
def catalogue(portal, round_id):
    return _catalogue(portal, round_id)


@portal_route('shop/offer/<int:offer_id>', methods=['GET', 'POST'],
    role='buyer')
def offer(portal, offer_id):
    """The offer fragment (htmx); POST sets the co-op's quantity and
    answers the fragment (htmx) or goes back to the catalogue"""
    pool = portal.pool
    Offer = pool.get('coop.round.offer')
    request = portal.request
    error = offer = None
    submitted = None
    if request.method == 'POST':
        submitted = request.form.get('quantity', '')
        try:
            offer, _ = Offer.portal_set_quantity(
                portal.user, offer_id, submitted)
        except UserError as e:
            error = _fail(portal, e)
        else:
            submitted = None
    if offer is None:
        offer = Offer.portal_get_offer(portal.user, offer_id)
    back = portal.safe_next(request.values.get('next'),
        'shop/round/%s' % offer.round.id)
    if not portal.htmx and request.method == 'POST':
        if error is None:
            response = portal.redirect('')
            response.location = back + '#offer-%s' % offer.id
            return response
        # Without JavaScript: the catalogue again, with what was typed and
        # the error next to it
        portal.request.args = _args_of(back)
        return _catalogue(portal, offer.round.id,
            status=HTTPStatus.BAD_REQUEST,
            errors={offer.id: error}, submitted={offer.id: submitted})
    shown = offer.portal_catalogue_offer()
    figures, mine = Offer.portal_figures(
        portal.user, {shown.id: shown.terms})
    return portal.render('shop/_offer.html', offer=shown,
        round_open=offer.round.state == 'open',
        figures=figures, mine=mine, errors={offer.id: error} if error else {},
        submitted={offer.id: submitted} if error else {}, here=back)


def _args_of(url):
    from urllib.parse import parse_qsl, urlsplit

    from werkzeug.datastructures import ImmutableMultiDict
    return ImmutableMultiDict(parse_qsl(urlsplit(url).query))


@portal_route('shop/orders', role='buyer')
def orders(portal):
    Order = portal.pool.get('coop.round.order')
    return portal.render('shop/orders.html',
        orders=Order.portal_orders(portal.user))


@portal_route('shop/order/<int:order_id>', role='buyer')
def order(portal, order_id):
    Order = portal.pool.get('coop.round.order')
    return portal.render('shop/order.html',
        order=Order.portal_get_order(portal.user, order_id))


@portal_route('shop/deliveries', role='buyer')
def deliveries(portal):
    pool = portal.pool
    ShipmentOut = pool.get('stock.shipment.out')
    ShipmentDrop = pool.get('stock.shipment.drop')
    return portal.render('shop/deliveries.html',
        shipments=ShipmentOut.portal_deliveries(portal.user),
        drops=ShipmentDrop.portal_deliveries(portal.user))


@portal_route('shop/invoices', role='buyer')
def invoices(portal):
    Invoice = portal.pool.get('account.invoice')
    return portal.render('shop/invoices.html',
        invoices=Invoice.portal_invoices(portal.user))


@portal_route('shop/invoice/<int:invoice_id>', role='buyer')
def invoice_download(portal, invoice_id):
    Invoice = portal.pool.get('account.invoice')
    invoice, ext, content = Invoice.portal_invoice_report(
        portal.user, invoice_id)
    if isinstance(content, str):
        content = content.encode('utf-8')
    mimetype = mimetypes.guess_type('x.' + ext)[0] or (
        'application/octet-stream')
    response = Response(content, content_type=mimetype)
    filename = '%s.%s' % (invoice.number or invoice.id, ext)
    response.headers['Content-Disposition'] = (
        'attachment; filename="%s"' % filename.replace('"', ''))
    return response


# Supplier portal
@portal_route('supplier/', role='supplier')
def supplier(portal):
    pool = portal.pool
    Round = pool.get('coop.round')
    try:
        Application = pool.get('coop.onboarding.application')
    except KeyError:
        application = None
    else:
        application = Application.portal_application(portal.user)
    return portal.render('supplier/index.html',
        rounds=Round.portal_supplier_rounds(portal.user),
        application=application)


@portal_route('supplier/round/<int:round_id>', role='supplier')
def demand(portal, round_id):
    pool = portal.pool
    Round = pool.get('coop.round')
    Offer = pool.get('coop.round.offer')
    round_ = Round.portal_get_round(portal.user, round_id)
    offers, figures = Offer.portal_supplier_demand(portal.user, round_)
    return portal.render('supplier/demand.html',
        round=round_, offers=offers, figures=figures)


@portal_route('supplier/purchases', role='supplier')
def purchases(portal):
    Purchase = portal.pool.get('purchase.purchase')
    return portal.render('supplier/purchases.html',
        purchases=Purchase.portal_purchases(portal.user))


@portal_route('supplier/purchase/<int:purchase_id>', role='supplier')
def purchase(portal, purchase_id, error=None, status=HTTPStatus.OK):
    Purchase = portal.pool.get('purchase.purchase')
    return portal.render('supplier/purchase.html', status=status,
        purchase=Purchase.portal_get_purchase(portal.user, purchase_id),
        error=error)


def _purchase_action(portal, purchase_id, method):
    Purchase = portal.pool.get('purchase.purchase')
    try:
        getattr(Purchase, method)(portal.user, purchase_id)
    except PortalValidationError as e:
        error = _fail(portal, e)
        return portal.render('supplier/purchase.html',
            status=HTTPStatus.CONFLICT, error=error,
            purchase=Purchase.portal_get_purchase(portal.user, purchase_id))
    return portal.redirect('supplier/purchase/%s' % purchase_id)


@portal_route('supplier/purchase/<int:purchase_id>/confirm',
    methods=['POST'], role='supplier')
def purchase_confirm(portal, purchase_id):
    return _purchase_action(portal, purchase_id, 'portal_confirm')


@portal_route('supplier/purchase/<int:purchase_id>/ship',
    methods=['POST'], role='supplier')
def purchase_ship(portal, purchase_id):
    return _purchase_action(portal, purchase_id, 'portal_ship')


@portal_route('supplier/invoices', role='supplier')
def supplier_invoices(portal, errors=None, submitted=None,
        status=HTTPStatus.OK):
    Invoice = portal.pool.get('account.invoice')
    return portal.render('supplier/invoices.html', status=status,
        invoices=Invoice.portal_invoices(portal.user),
        errors=errors or {}, submitted=submitted or {})


@portal_route('supplier/invoice/<int:invoice_id>', methods=['POST'],
    role='supplier')
def supplier_invoice(portal, invoice_id):
    Invoice = portal.pool.get('account.invoice')
    form = portal.request.form
    try:
        Invoice.portal_set_afip(portal.user, invoice_id,
            form.get('reference'), form.get('cae'))
    except UserError as e:
        error = _fail(portal, e)
        Invoice.portal_get_invoice(portal.user, invoice_id)
        return supplier_invoices.__wrapped__(portal,
            errors={invoice_id: error}, status=HTTPStatus.BAD_REQUEST,
            submitted={invoice_id: {
                    'reference': form.get('reference', ''),
                    'cae': form.get('cae', '')}})
    return portal.redirect('supplier/invoices', saved=invoice_id)


@portal_route('supplier/application', methods=['GET', 'POST'],
    role='supplier')
def application(portal):
    pool = portal.pool
    try:
        Application = pool.get('coop.onboarding.application')
    except KeyError:
        abort(HTTPStatus.NOT_FOUND)
    request = portal.request
    error = field = None
    status = HTTPStatus.OK
    if request.method == 'POST':
        upload = request.files.get('file')
        try:
            Application.portal_add_document(portal.user,
                request.form.get('type'), request.form.get('number'),
                request.form.get('issue_date'),
                request.form.get('expiry_date'),
                filename=upload.filename if upload else None,
                data=upload.read() if upload else None)
        except UserError as e:
            error, field = _fail(portal, e), _error_field(e)
            status = HTTPStatus.BAD_REQUEST
        else:
            return portal.redirect('supplier/application', added='1')
    return portal.render('supplier/application.html', status=status,
        application=Application.portal_application(portal.user),
        types=Application.portal_document_types(), error=error,
        error_field=field, values=request.form)


@portal_route('supplier/listings', methods=['GET', 'POST'],
    role='supplier')
def listings(portal):
    pool = portal.pool
    try:
        Listing = pool.get('coop.onboarding.listing')
    except KeyError:
        abort(HTTPStatus.NOT_FOUND)
    request = portal.request
    error = field = None
    status = HTTPStatus.OK
    if request.method == 'POST':
        form = request.form
        try:
            Listing.portal_submit(portal.user, form.get('name'),
                form.get('category'), form.get('unit'),
                form.get('unit_price'), code=form.get('code'),
                description=form.get('description'),
                case_size=form.get('case_size'),
                monthly_capacity=form.get('monthly_capacity'))
        except UserError as e:
            error, field = _fail(portal, e), _error_field(e)
            status = HTTPStatus.BAD_REQUEST
        else:
            return portal.redirect('supplier/listings', added='1')
    categories, units = Listing.portal_choices()
    return portal.render('supplier/listings.html', status=status,
        listings=Listing.portal_listings(portal.user),
        categories=categories, units=units, error=error,
        error_field=field, values=request.form)
