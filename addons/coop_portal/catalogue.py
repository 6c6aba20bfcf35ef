# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""The catalogue of a round as the shop searches it.

A round offers thousands of products, and every page of the shop searches
them by name, category and supplier. Searching the translated names of
product templates in SQL takes a pass over every template and its
translations, on each page. So each process keeps, per round and language,
the offers sorted by name with their folded name and code, supplier and
categories (Round.portal_catalogue_index); a page filters that in memory
and reads only its own offers from the database. The index is cleared
whenever an offer, a product, a category, a party or a translation changes
(ClearCatalogueMixin), so that no page shows what the database no longer
holds."""
import unicodedata
from collections import defaultdict

from sql.operators import Equal

from trytond import backend
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction


def fold(text):
    """The text as the shop compares it: without case nor accents, so that
    'azucar' finds 'Azúcar'"""
    decomposed = unicodedata.normalize('NFKD', text or '')
    return ''.join(
        c for c in decomposed if not unicodedata.combining(c)).casefold()


class CatalogueIndex:
    "The offers of a round, sorted by the name of their product"
    __slots__ = ('entries', 'by_category', 'by_supplier', 'categories',
        'suppliers', 'labels')

    def __init__(self, entries, names, categories, suppliers):
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
        # What a page shows of each offer: {offer id: (product name, code,
        # supplier name)}, names: {offer id: (product name, code)}
        supplier_names = dict(suppliers)
        self.labels = {e[1]: names[e[1]] + (supplier_names[e[3]],)
            for e in self.entries}

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

    @classmethod
    def build(cls, round_id):
        """The index of the round's offers in the language of the
        transaction, from three queries and the read of the names"""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        TemplateCategory = pool.get('product.template-product.category')
        Category = pool.get('product.category')
        Party = pool.get('party.party')
        offer = Offer.__table__()
        product = Product.__table__()
        template_category = TemplateCategory.__table__()
        cursor = Transaction().connection.cursor()

        cursor.execute(*offer.join(product,
                condition=offer.product == product.id
                ).select(offer.id, offer.supplier, product.code,
                product.template,
                where=Equal(offer.round, round_id)))
        rows = cursor.fetchall()
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
            (fold(names[template_id]), offer_id, fold(code), supplier_id,
                frozenset(categories[template_id]))
            for offer_id, supplier_id, code, template_id in rows]
        category_ids = {c for e in entries for c in e[4]}
        supplier_ids = {e[3] for e in entries}
        return cls(entries,
            {offer_id: (names[template_id], code or '')
                for offer_id, _, code, template_id in rows},
            [(c.id, c.rec_name) for c in Category.browse(category_ids)],
            [(p.id, p.rec_name) for p in Party.browse(supplier_ids)])


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
