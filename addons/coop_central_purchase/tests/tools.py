# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Helpers shared by the scenarios: co-ops and products, and the local SMTP
server of coop_membership's tests."""
from proteus import Model

from trytond.modules.coop_membership.tests.tools import (  # noqa: F401
    SMTPServer, get_province, load_spanish, message_text)


def create_coop(
        name, kind, cuit, inaes, province, email=None, lang='es_419'):
    "A co-op in good standing, with an address and maybe an e-mail"
    Lang = Model.get('ir.lang')
    Party = Model.get('party.party')
    party = Party(name=name, coop_kind=kind, inaes_number=inaes)
    party.lang, = Lang.find([('code', '=', lang)])
    party.iva_condition = 'responsable_inscripto'
    party.province = province
    _ = party.identifiers.new(type='ar_vat', code=cuit)
    if email:
        _ = party.contact_mechanisms.new(type='email', value=email)
    party.save()
    return party


def create_product(name, reference_price, category, unit=None):
    Uom = Model.get('product.uom')
    ProductTemplate = Model.get('product.template')
    if unit is None:
        unit, = Uom.find([('name', '=', "Unit")])
    template = ProductTemplate(name=name, default_uom=unit)
    template.type = 'goods'
    template.purchasable = True
    template.salable = True
    template.list_price = reference_price
    template.coop_reference_price = reference_price
    template.account_category = category
    template.save()
    product, = template.products
    return product
