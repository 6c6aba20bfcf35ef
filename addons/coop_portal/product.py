# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""What the catalogue index of a round (coop_portal.catalogue) is made of:
its changes clear the index."""
from trytond.pool import PoolMeta

from .catalogue import ClearCatalogueMixin


class Template(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'product.template'


class Product(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'product.product'


class TemplateCategory(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'product.template-product.category'


class Category(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'product.category'


class Party(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'party.party'


class Translation(ClearCatalogueMixin, metaclass=PoolMeta):
    "Translated product and category names"
    __name__ = 'ir.translation'


class Uom(ClearCatalogueMixin, metaclass=PoolMeta):
    "The symbol and rounding of the offers' units"
    __name__ = 'product.uom'
