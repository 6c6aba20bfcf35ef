# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model import fields
from trytond.modules.product import price_digits
from trytond.pool import PoolMeta
from trytond.pyson import Eval


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


class ProductSupplier(metaclass=PoolMeta):
    """The supplier's terms that the offers of each round start from
    (Round.fill_offers), as its prices give their unit price and tiers"""
    __name__ = 'purchase.product_supplier'

    coop_case_size = fields.Float(
        "Case Size", digits='unit',
        domain=['OR',
            ('coop_case_size', '=', None),
            ('coop_case_size', '>', 0),
            ],
        help="The quantity of a case: the supplier ships whole cases.")
    coop_case_required = fields.Boolean(
        "Whole Cases Only",
        states={
            'invisible': ~Eval('coop_case_size'),
            },
        help="Co-ops may order only multiples of the case size.")
    coop_minimum_quantity = fields.Float(
        "Minimum Quantity", digits='unit',
        domain=['OR',
            ('coop_minimum_quantity', '=', None),
            ('coop_minimum_quantity', '>=', 0),
            ],
        help="The smallest combined quantity that the supplier accepts in "
        "a round.")
    coop_minimum_amount = fields.Numeric(
        "Minimum Amount", digits=(16, 2),
        domain=['OR',
            ('coop_minimum_amount', '=', None),
            ('coop_minimum_amount', '>=', 0),
            ],
        help="The smallest combined amount that the supplier accepts in a "
        "round.")
    coop_capacity = fields.Float(
        "Capacity per Round", digits='unit',
        domain=['OR',
            ('coop_capacity', '=', None),
            ('coop_capacity', '>', 0),
            ],
        help="The most that the supplier can deliver in a round.")

    @classmethod
    def default_coop_case_required(cls):
        return False

    def get_coop_offer_terms(self):
        "The values of an offer's terms (coop.round.offer) from these"
        return {
            'case_size': self.coop_case_size,
            'case_required': bool(
                self.coop_case_size and self.coop_case_required),
            'minimum_quantity': self.coop_minimum_quantity,
            'minimum_amount': self.coop_minimum_amount,
            'capacity': self.coop_capacity,
            }
