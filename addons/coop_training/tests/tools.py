# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"Helpers shared by the training scenarios"
from proteus import Model

from trytond.modules.coop_membership.tests.tools import (  # noqa: F401
    get_province, load_spanish)


def create_coop(name, kind, cuit, inaes, province, lang=None):
    "A co-op with what the membership module requires of one"
    Party = Model.get('party.party')
    party = Party(name=name, coop_kind=kind, inaes_number=inaes)
    party.iva_condition = 'responsable_inscripto'
    party.province = province
    party.lang = lang
    _ = party.identifiers.new(type='ar_vat', code=cuit)
    party.save()
    return party
