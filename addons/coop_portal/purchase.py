# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import PortalAccessError, PortalValidationError


class Purchase(metaclass=PoolMeta):
    __name__ = 'purchase.purchase'

    coop_supplier_confirmed = fields.DateTime(
        "Confirmed by the Supplier", readonly=True,
        help="When the supplier accepted the order in the supplier portal.")
    coop_supplier_shipped = fields.DateTime(
        "Shipped by the Supplier", readonly=True,
        help="When the supplier said in the supplier portal that it shipped "
        "the goods.")

    @classmethod
    def copy(cls, purchases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_supplier_confirmed', None)
        default.setdefault('coop_supplier_shipped', None)
        return super().copy(purchases, default=default)

    @classmethod
    def _portal_domain(cls, web_user):
        web_user.portal_check_role('supplier')
        return [
            ('party', '=', web_user.coop.id),
            ('coop_round', '!=', None),
            ('coop_round.state', 'in', ['consolidated', 'done']),
            ('state', '!=', 'cancelled'),
            ]

    @classmethod
    def portal_purchases(cls, web_user):
        """The purchase orders of a round made to the supplier: to the hub
        (hub model) or drop-shipped to each co-op (direct model)"""
        return cls.search(cls._portal_domain(web_user),
            order=[('id', 'DESC')])

    @classmethod
    def portal_get_purchase(cls, web_user, purchase_id):
        purchases = cls.search(
            cls._portal_domain(web_user) + [('id', '=', int(purchase_id))])
        if not purchases:
            raise PortalAccessError(gettext('coop_portal.msg_not_found'))
        return purchases[0]

    @property
    def portal_can_confirm(self):
        return (self.state in {'draft', 'quotation'}
            and not self.coop_supplier_confirmed)

    @property
    def portal_can_ship(self):
        return (self.state in {'confirmed', 'processing'}
            and bool(self.coop_supplier_confirmed)
            and not self.coop_supplier_shipped)

    @classmethod
    def portal_confirm(cls, web_user, purchase_id):
        """The supplier accepts the order: the purchase goes through
        Tryton's quotation and confirmation, which makes its stock moves
        (to the hub) or its drop shipments (to the co-ops)."""
        purchase = cls.portal_get_purchase(web_user, purchase_id)
        if not purchase.portal_can_confirm:
            raise PortalValidationError(
                gettext('coop_portal.msg_purchase_not_confirmable',
                    purchase=purchase.rec_name))
        with Transaction().set_context(company=purchase.company.id):
            if purchase.state == 'draft':
                cls.quote([purchase])
            cls.confirm([purchase])
            cls.write([purchase], {
                    'coop_supplier_confirmed': dt.datetime.now(),
                    })
        return purchase

    @classmethod
    def portal_ship(cls, web_user, purchase_id):
        """The supplier has shipped the order: direct model, its drop
        shipments become shipped (the supplier moves are done); hub model,
        the date is kept for the hub, which receives the goods with its
        supplier shipment."""
        pool = Pool()
        ShipmentDrop = pool.get('stock.shipment.drop')
        purchase = cls.portal_get_purchase(web_user, purchase_id)
        if not purchase.portal_can_ship:
            raise PortalValidationError(
                gettext('coop_portal.msg_purchase_not_shippable',
                    purchase=purchase.rec_name))
        with Transaction().set_context(company=purchase.company.id):
            drops = [s for s in purchase.drop_shipments
                if s.state in {'draft', 'waiting'}]
            drafts = [s for s in drops if s.state == 'draft']
            if drafts:
                ShipmentDrop.wait(drafts)
            if drops:
                ShipmentDrop.ship(drops)
            cls.write([purchase], {
                    'coop_supplier_shipped': dt.datetime.now(),
                    })
        return purchase
