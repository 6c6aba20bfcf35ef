# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Category(metaclass=PoolMeta):
    __name__ = 'product.category'

    coop_food = fields.Boolean(
        "Food",
        help="Products of this category and of its subcategories are food: "
        "their suppliers need the food-safety registrations.")

    @classmethod
    def default_coop_food(cls):
        return False
