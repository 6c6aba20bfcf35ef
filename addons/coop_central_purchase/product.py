# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import fields
from trytond.modules.product import price_digits
from trytond.pool import PoolMeta


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    coop_reference_price = fields.Numeric(
        "Reference Price", digits=price_digits,
        domain=['OR',
            ('coop_reference_price', '=', None),
            ('coop_reference_price', '>=', 0),
            ],
        help="The price a co-op pays for the product outside the Central "
        "de Compras, per default unit; co-ops' savings are measured "
        "against it.")
