# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The catalogue of a round as the shop searches it.

A round offers thousands of products, and every page of the shop searches
them by name, category and supplier. Searching the translated names of
product templates in SQL takes a pass over every template and its
translations, on each page. So each process keeps, per round and language,
the offers sorted by name with their folded name and code, supplier and
categories, and what a page shows of each offer that does not change as
co-ops order (CatalogueOffer: names, unit, cases, reference price, the
terms of its live figures). A page filters that in memory and reads from
the database only the demand of its own offers, the co-op's quantities
and its order. The index is cleared whenever an offer, its tiers, a
product, a unit, a category, a party or a translation changes
(ClearCatalogueMixin), so that no page shows what the database no longer
holds."""
import unicodedata
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from sql.operators import Equal

from trytond import backend
from trytond.modules.coop_central_purchase.offer import (
    OfferTerms, quantity_step)
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction


def fold(text):
    """The text as the shop compares it: without case nor accents, so that
    'azucar' finds 'Azúcar'"""
    decomposed = unicodedata.normalize('NFKD', text or '')
    return ''.join(
        c for c in decomposed if not unicodedata.combining(c)).casefold()


class CatalogueOffer(NamedTuple):
    "What the shop shows of an offer, but for its live figures"
    id: int
    name: str
    code: str
    supplier_name: str
    unit_symbol: str
    case_size: float
    case_required: bool
    quantity_step: float
    reference_price: Decimal
    terms: OfferTerms


class CatalogueIndex:
    "The offers of a round, sorted by the name of their product"
    __slots__ = ('entries', 'by_category', 'by_supplier', 'categories',
        'suppliers', 'offers', 'terms')

    def __init__(self, entries, offers, categories, suppliers):
        # entries: (folded name, offer id, folded code, supplier id,
        # category ids), sorted
        self.entries = tuple(sorted(entries))
        by_category, by_supplier = defaultdict(list), defaultdict(list)
        for entry in self.entries:
            by_supplier[entry[3]].append(entry)
            for category in entry[4]:
                by_category[category].append(entry)
        self.by_category = {k: tuple(v) for k, v in by_category.items()}
        self.by_supplier = {k: tuple(v) for k, v in by_supplier.items()}
        # (id, name) for the filters, sorted by name
        self.categories = tuple(
            sorted(categories, key=lambda c: (fold(c[1]), c[0])))
        self.suppliers = tuple(
            sorted(suppliers, key=lambda s: (fold(s[1]), s[0])))
        # {offer id: CatalogueOffer}, {offer id: OfferTerms}
        self.offers = offers
        self.terms = {i: o.terms for i, o in offers.items()}

    def search(self, text=None, category=None, supplier=None):
        """The ids of the offers whose product name or code contains text
        and that are of the category and of the supplier, in order"""
        entries = self.entries
        if category:
            entries = self.by_category.get(category, ())
        if supplier:
            if category:
                entries = [e for e in entries if e[3] == supplier]
            else:
                entries = self.by_supplier.get(supplier, ())
        if text:
            text = fold(text)
            entries = [e for e in entries if text in e[0] or text in e[2]]
        return [e[1] for e in entries]

    def page(self, ids):
        "The CatalogueOffers of the ids"
        return [self.offers[i] for i in ids]

    @classmethod
    def build(cls, round_id):
        """The index of the round's offers in the language of the
        transaction, from a fixed number of queries and the read of the
        names"""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        TemplateCategory = pool.get('product.template-product.category')
        Category = pool.get('product.category')
        Party = pool.get('party.party')
        Uom = pool.get('product.uom')
        offer = Offer.__table__()
        product = Product.__table__()
        template_category = TemplateCategory.__table__()
        cursor = Transaction().connection.cursor()

        cursor.execute(*offer.join(product,
                condition=offer.product == product.id
                ).select(offer.id, offer.supplier, product.code,
                product.template, offer.unit, offer.case_size,
                offer.case_required,
                where=Equal(offer.round, round_id)))
        rows = cursor.fetchall()
        round_offers = offer.select(
            offer.id, where=Equal(offer.round, round_id))
        terms = Offer.get_live_terms(round_offers)
        prices = Offer.get_prices(round_offers)
        template_ids = list({r[3] for r in rows})
        names, categories = {}, defaultdict(list)
        # read translates the names into the language of the transaction
        for sub_ids in grouped_slice(template_ids, backend.MAX_QUERY_PARAMS):
            names.update((t['id'], t['name'])
                for t in Template.read(list(sub_ids), ['name']))
        cursor.execute(*template_category.select(
                template_category.template, template_category.category,
                where=template_category.template.in_(
                    offer.join(product,
                        condition=offer.product == product.id
                        ).select(product.template,
                        where=Equal(offer.round, round_id)))))
        for template_id, category_id in cursor:
            categories[template_id].append(category_id)
        entries = [
            (fold(names[row[3]]), row[0], fold(row[2]), row[1],
                frozenset(categories[row[3]]))
            for row in rows]
        category_ids = {c for e in entries for c in e[4]}
        suppliers = [(p.id, p.rec_name)
            for p in Party.browse({e[3] for e in entries})]
        supplier_names = dict(suppliers)
        symbols = {u.id: u.symbol for u in Uom.browse({r[4] for r in rows})}
        offers = {}
        for (offer_id, supplier_id, code, template_id, unit, case_size,
                case_required) in rows:
            offer_terms = terms[offer_id]
            offers[offer_id] = CatalogueOffer(offer_id, names[template_id],
                code or '', supplier_names[supplier_id], symbols[unit],
                case_size, bool(case_required),
                quantity_step(case_size, case_required,
                    offer_terms.unit_rounding),
                prices[offer_id][1], offer_terms)
        return cls(entries, offers,
            [(c.id, c.rec_name) for c in Category.browse(category_ids)],
            suppliers)


class ClearCatalogueMixin:
    "Clear the catalogue indexes when records of the model change"
    __slots__ = ()

    @classmethod
    def create(cls, vlist):
        Pool().get('coop.round')._portal_catalogue_cache.clear()
        return super().create(vlist)

    @classmethod
    def write(cls, *args):
        Pool().get('coop.round')._portal_catalogue_cache.clear()
        super().write(*args)

    @classmethod
    def delete(cls, records):
        Pool().get('coop.round')._portal_catalogue_cache.clear()
        super().delete(records)
