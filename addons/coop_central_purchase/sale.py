# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta

from .bulk import ValidByConstructionMixin
from .words import amount_in_words


class Sale(ValidByConstructionMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'

    coop_round = fields.Many2One(
        'coop.round', "Purchase Round", readonly=True, ondelete='RESTRICT')
    total_amount_words = fields.Function(
        fields.Char("Total in Words"), 'get_total_amount_words')

    @classmethod
    def get_total_amount_words(cls, sales, name):
        return {s.id: amount_in_words(s.total_amount) for s in sales}

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_round', None)
        return super().copy(sales, default=default)


class Line(ValidByConstructionMixin, metaclass=PoolMeta):
    __name__ = 'sale.line'

    coop_order_line = fields.Many2One(
        'coop.round.order.line', "Co-op Order Line", readonly=True,
        ondelete='RESTRICT')

    @property
    def supply_on_sale(self):
        # The lines of a direct round come with their purchase request,
        # made at consolidation: they are supplied on sale and drop-shipped
        # whatever the product's own supply setting.
        return bool(super().supply_on_sale
            or (self.coop_order_line and self.purchase_request
                and self.type == 'line' and self.quantity > 0))

    @property
    @fields.depends('quantity', 'sale', '_parent_sale.coop_round',
        '_parent_sale.shipping_date')
    def planned_shipping_date(self):
        date = super().planned_shipping_date
        # Tryton plans from the product's lead time and, with none, ships
        # on the day the sale is processed: the goods of a round go out on
        # its delivery date, the sale's shipping date
        if (date is None and self.quantity and self.quantity > 0
                and self.sale and self.sale.coop_round):
            date = self.sale.shipping_date
        return date

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_order_line', None)
        return super().copy(lines, default=default)
