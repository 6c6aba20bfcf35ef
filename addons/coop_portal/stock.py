# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.pool import PoolMeta


class ShipmentOut(metaclass=PoolMeta):
    __name__ = 'stock.shipment.out'

    @classmethod
    def portal_deliveries(cls, web_user):
        "The deliveries from the hub to the buyer's co-op"
        web_user.portal_check_role('buyer')
        return cls.search([
                ('customer', '=', web_user.coop.id),
                ('state', '!=', 'cancelled'),
                ], order=[('planned_date', 'DESC NULLS FIRST'),
                ('id', 'DESC')])


class ShipmentDrop(metaclass=PoolMeta):
    __name__ = 'stock.shipment.drop'

    @classmethod
    def portal_deliveries(cls, web_user):
        """The drop shipments of the web user's co-op: to it as a buyer,
        from it as a supplier"""
        field = 'customer' if web_user.coop_role == 'buyer' else 'supplier'
        return cls.search([
                (field, '=', web_user.coop.id),
                ('state', '!=', 'cancelled'),
                ], order=[('planned_date', 'DESC NULLS FIRST'),
                ('id', 'DESC')])
