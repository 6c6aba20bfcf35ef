# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The countries the demo needs, with Argentina's provinces.

trytond_import_countries imports the whole world and takes minutes; the demo
needs Argentina and the partners' countries only. Records are keyed by their
ISO codes, as that script keys them, so it can still be run later."""
import logging

import pycountry

from trytond.pool import Pool
from trytond.transaction import Transaction

logger = logging.getLogger(__name__)

# ISO code: Spanish name
COUNTRIES = {
    'AR': "Argentina",
    'IT': "Italia",
    }


def load():
    pool = Pool()
    Country = pool.get('country.country')
    Subdivision = pool.get('country.subdivision')

    existing = {c.code for c in Country.search([
                ('code', 'in', list(COUNTRIES)),
                ])}
    to_create = []
    for code, name in COUNTRIES.items():
        if code in existing:
            continue
        iso = pycountry.countries.get(alpha_2=code)
        to_create.append({
                'name': name,
                'code': code,
                'code3': iso.alpha_3,
                'code_numeric': iso.numeric,
                })
    if to_create:
        with Transaction().set_context(language='es_419'):
            Country.create(to_create)
        logger.info("demo: %d countries", len(to_create))

    argentina, = Country.search([('code', '=', 'AR')])
    codes = {s.code for s in Subdivision.search([
                ('country', '=', argentina.id),
                ])}
    provinces = [{
            'name': s.name,
            'code': s.code,
            'type': s.type.lower(),
            'country': argentina.id,
            } for s in pycountry.subdivisions.get(country_code='AR')
        if s.code not in codes]
    if provinces:
        Subdivision.create(provinces)
        logger.info("demo: %d provinces", len(provinces))
