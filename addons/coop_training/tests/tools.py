# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"Helpers shared by the training scenarios"
from proteus import Model


def get_province(name, code):
    "The Argentine province of code, created with Argentina when missing"
    Country = Model.get('country.country')
    Subdivision = Model.get('country.subdivision')
    provinces = Subdivision.find([('code', '=', code)])
    if provinces:
        province, = provinces
        return province
    countries = Country.find([('code', '=', 'AR')])
    if countries:
        argentina, = countries
    else:
        argentina = Country(name="Argentina", code='AR')
        argentina.save()
    province = Subdivision(
        name=name, code=code, type='province', country=argentina)
    province.save()
    return province


def load_spanish():
    "Spanish of Latin America, the language of the co-ops and certificates"
    Lang = Model.get('ir.lang')
    spanish, = Lang.find([('code', '=', 'es_419')])
    spanish.click('load_translations')
    return spanish


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
