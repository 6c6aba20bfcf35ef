# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta

from .bulk import ValidByConstructionMixin
from .words import amount_in_words


class Purchase(ValidByConstructionMixin, metaclass=PoolMeta):
    __name__ = 'purchase.purchase'

    coop_round = fields.Many2One(
        'coop.round', "Purchase Round", readonly=True, ondelete='RESTRICT')
    total_amount_words = fields.Function(
        fields.Char("Total in Words"), 'get_total_amount_words')

    @classmethod
    def get_total_amount_words(cls, purchases, name):
        return {p.id: amount_in_words(p.total_amount) for p in purchases}

    @classmethod
    def copy(cls, purchases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_round', None)
        return super().copy(purchases, default=default)


class Line(ValidByConstructionMixin, metaclass=PoolMeta):
    __name__ = 'purchase.line'

    coop_offer = fields.Many2One(
        'coop.round.offer', "Round Offer", readonly=True,
        ondelete='RESTRICT')

    @classmethod
    def copy(cls, lines, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('coop_offer', None)
        return super().copy(lines, default=default)
