# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta

from .exceptions import PortalAccessError, PortalValidationError


def _date(value, field):
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PortalValidationError(
            gettext('coop_portal.msg_date_invalid', value=value), field)


class Application(metaclass=PoolMeta):
    __name__ = 'coop.onboarding.application'

    @classmethod
    def portal_application(cls, web_user):
        "The supplier's latest application, if any"
        web_user.portal_check_role('supplier')
        applications = cls.search([
                ('cooperative', '=', web_user.coop.id),
                ], limit=1)
        return applications[0] if applications else None

    @classmethod
    def portal_document_types(cls):
        pool = Pool()
        DocumentType = pool.get('coop.onboarding.document.type')
        return DocumentType.search([])

    @classmethod
    def portal_add_document(cls, web_user, type_id, number=None,
            issue_date=None, expiry_date=None, filename=None, data=None):
        pool = Pool()
        Document = pool.get('coop.onboarding.document')
        application = cls.portal_application(web_user)
        if (not application
                or application.state in {'approved', 'rejected'}):
            raise PortalAccessError(gettext('coop_portal.msg_not_found'))
        types = {t.id: t for t in cls.portal_document_types()}
        try:
            type_ = types[int(type_id)]
        except (KeyError, TypeError, ValueError):
            raise PortalValidationError(
                gettext('coop_portal.msg_field_required'), 'type')
        if not data:
            raise PortalValidationError(
                gettext('coop_portal.msg_file_required'), 'file')
        document, = Document.create([{
                    'application': application.id,
                    'type': type_.id,
                    'number': (number or '').strip() or None,
                    'issue_date': _date(issue_date, 'issue_date'),
                    'expiry_date': _date(expiry_date, 'expiry_date'),
                    'filename': filename,
                    'file': data,
                    }])
        return document


class Listing(metaclass=PoolMeta):
    __name__ = 'coop.onboarding.listing'

    @classmethod
    def portal_listings(cls, web_user):
        web_user.portal_check_role('supplier')
        return cls.search([('supplier', '=', web_user.coop.id)],
            order=[('id', 'DESC')])

    @classmethod
    def portal_choices(cls):
        pool = Pool()
        Category = pool.get('product.category')
        Uom = pool.get('product.uom')
        return (Category.search([('accounting', '=', False)]),
            Uom.search([]))

    @classmethod
    def portal_submit(cls, web_user, name, category, unit, unit_price,
            code=None, description=None, case_size=None,
            monthly_capacity=None):
        "The supplier proposes a product: a listing request, submitted"
        pool = Pool()
        Company = pool.get('company.company')
        web_user.portal_check_role('supplier')
        categories, units = cls.portal_choices()
        name = (name or '').strip()
        if not name:
            raise PortalValidationError(
                gettext('coop_portal.msg_field_required'), 'name')
        by_id = {c.id: c for c in categories}
        try:
            category = by_id[int(category)]
        except (KeyError, TypeError, ValueError):
            raise PortalValidationError(
                gettext('coop_portal.msg_field_required'), 'category')
        by_id = {u.id: u for u in units}
        try:
            unit = by_id[int(unit)]
        except (KeyError, TypeError, ValueError):
            raise PortalValidationError(
                gettext('coop_portal.msg_field_required'), 'unit')
        try:
            unit_price = Decimal(str(unit_price).replace(',', '.'))
            if unit_price < 0 or not unit_price.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise PortalValidationError(
                gettext('coop_portal.msg_amount_invalid', value=unit_price),
                'unit_price')
        numbers = {}
        for field, value in [('case_size', case_size),
                ('monthly_capacity', monthly_capacity)]:
            if value in {None, ''}:
                numbers[field] = None
                continue
            try:
                numbers[field] = float(str(value).replace(',', '.'))
                if not numbers[field] > 0:
                    raise ValueError
            except ValueError:
                raise PortalValidationError(
                    gettext('coop_portal.msg_quantity_invalid', value=value),
                    field)
        company, = Company.search([], limit=1)
        listing, = cls.create([{
                    'company': company.id,
                    'supplier': web_user.coop.id,
                    'name': name,
                    'code': (code or '').strip() or None,
                    'description': (description or '').strip() or None,
                    'category': category.id,
                    'unit': unit.id,
                    'unit_price': unit_price,
                    **numbers,
                    }])
        cls.submit([listing])
        return listing
