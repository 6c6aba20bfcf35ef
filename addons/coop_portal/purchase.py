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
        # Also once the federation confirmed the round's documents itself
        # (Round.do): the supplier's acceptance is still to be recorded
        return (self.state in {'draft', 'quotation', 'confirmed', 'processing'}
            and not self.coop_supplier_confirmed)

    @property
    def portal_can_ship(self):
        return (self.state in {'confirmed', 'processing'}
            and bool(self.coop_supplier_confirmed)
            and not self.coop_supplier_shipped)

    @property
    def coop_drop_sales(self):
        """The sales to the co-op that this purchase's goods are
        drop-shipped for (direct model), through the purchase requests that
        consolidation ties them with"""
        return sorted({sale_line.sale
                for line in self.lines
                for request in line.requests
                for sale_line in request.sale_lines},
            key=lambda s: s.id)

    @classmethod
    def portal_confirm(cls, web_user, purchase_id):
        """The supplier accepts the order: the purchase goes through
        Tryton's quotation and confirmation, which makes its stock moves
        (to the hub) or its drop shipments (to the co-ops).

        Direct model: the sale to the co-op that the goods are drop-shipped
        for is confirmed with it, and processed before the purchase, so
        that the drop shipment carries the sale's own moves to the co-op
        (Tryton makes a drop shipment for sales confirmed first)."""
        pool = Pool()
        Sale = pool.get('sale.sale')
        ShipmentDrop = pool.get('stock.shipment.drop')
        purchase = cls.portal_get_purchase(web_user, purchase_id)
        if not purchase.portal_can_confirm:
            raise PortalValidationError(
                gettext('coop_portal.msg_purchase_not_confirmable',
                    purchase=purchase.rec_name))
        with Transaction().set_context(company=purchase.company.id):
            sales = []
            if purchase.customer:
                sales = [s for s in purchase.coop_drop_sales
                    if s.state in {'draft', 'quotation', 'confirmed'}]
                drafts = [s for s in sales if s.state == 'draft']
                to_confirm = [s for s in sales if s.state != 'confirmed']
                if drafts:
                    Sale.quote(drafts)
                if to_confirm:
                    Sale.confirm(to_confirm)
                if sales:
                    Sale.process(Sale.browse(sales))
            if purchase.state in {'draft', 'quotation'}:
                if purchase.state == 'draft':
                    cls.quote([purchase])
                cls.confirm([purchase])
                # Now rather than in the queue, once the sales are
                cls.process([cls(purchase.id)])
            elif sales:
                # The purchase was processed before its sale (confirmed
                # alone in the back office): its waiting drop shipments take
                # the sale's moves, as Tryton does when a sale is amended
                drops = [d for d in purchase.drop_shipments
                    if d.state == 'waiting']
                if drops:
                    ShipmentDrop.wait(drops)
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
