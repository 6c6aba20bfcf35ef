# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
import datetime as dt

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .catalogue import CatalogueIndex, ClearCatalogueMixin
from .exceptions import PortalAccessError, PortalValidationError


def _not_found():
    return PortalAccessError(gettext('coop_portal.msg_not_found'))


class Round(metaclass=PoolMeta):
    __name__ = 'coop.round'
    # Per round and language; cleared by ClearCatalogueMixin
    _portal_catalogue_cache = Cache(
        'coop.round.portal_catalogue', context=False)

    @classmethod
    def portal_open_rounds(cls, web_user):
        "The rounds that take orders now, for a buyer"
        web_user.portal_check_role('buyer')
        now = dt.datetime.now()
        return cls.search([
                ('state', '=', 'open'),
                ('opens', '<=', now),
                ('closes', '>', now),
                ], order=[('closes', 'ASC'), ('id', 'ASC')])

    @classmethod
    def portal_get_round(cls, web_user, round_id):
        """A round that a buyer may see: open, or one where its co-op
        ordered; for a supplier: one with its offers."""
        pool = Pool()
        Offer = pool.get('coop.round.offer')
        Order = pool.get('coop.round.order')
        rounds = cls.search([('id', '=', int(round_id))])
        if not rounds:
            raise _not_found()
        round_, = rounds
        party = web_user.coop
        if web_user.coop_role == 'buyer':
            if round_.state == 'open' or Order.search([
                        ('round', '=', round_.id),
                        ('cooperative', '=', party.id),
                        ], limit=1):
                return round_
        elif web_user.coop_role == 'supplier':
            if round_.state != 'draft' and Offer.search([
                        ('round', '=', round_.id),
                        ('supplier', '=', party.id),
                        ], limit=1):
                return round_
        raise _not_found()

    @classmethod
    def portal_supplier_rounds(cls, web_user):
        "The rounds, past draft, where the supplier has offers"
        web_user.portal_check_role('supplier')
        return cls.search([
                ('state', 'not in', ['draft', 'cancelled']),
                ('offers.supplier', '=', web_user.coop.id),
                ])

    def portal_catalogue_index(self):
        "The catalogue index of the round in the language of the page"
        key = (self.id, Transaction().language)
        index = self._portal_catalogue_cache.get(key)
        if index is None:
            index = self._portal_catalogue_cache.set(
                key, CatalogueIndex.build(self.id))
        return index


class Offer(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'coop.round.offer'

    @classmethod
    def portal_catalogue(cls, web_user, round_, search=None, category=None,
            supplier=None, page=1, per_page=20):
        """A page of the round's offers for a buyer, searched and filtered
        in its catalogue index, with the live figures of that page only.

        Returns (CatalogueOffers, total count, {offer id: figures},
        {offer id: the co-op's quantity})."""
        web_user.portal_check_role('buyer')
        index = round_.portal_catalogue_index()
        ids = index.search(search, category=category, supplier=supplier)
        page = max(int(page or 1), 1)
        offset = (page - 1) * per_page
        offers = index.page(ids[offset:offset + per_page])
        return (offers, len(ids)) + cls.portal_figures(web_user,
            {o.id: o.terms for o in offers})

    def portal_catalogue_offer(self):
        "The offer as the shop shows it (catalogue.CatalogueOffer)"
        return self.round.portal_catalogue_index().offers[self.id]

    @classmethod
    def portal_figures(cls, web_user, terms):
        """The live figures of the offers of terms ({offer id:
        OfferTerms}), and the quantities that the buyer's co-op ordered of
        them"""
        if web_user.coop_role == 'buyer':
            demand = cls.get_cooperative_demand(terms, web_user.coop.id)
        else:
            demand = cls.get_demand(terms)
        figures, mine = {}, {}
        for offer_id, offer_terms in terms.items():
            # with the co-op's own quantity for a buyer
            quantity, coops, *own = demand[offer_id]
            figures[offer_id] = offer_terms.live_figures(quantity)
            figures[offer_id]['ordering_coops'] = coops
            if own and own[0] is not None:
                mine[offer_id] = own[0]
        return figures, mine

    @classmethod
    def portal_get_offer(cls, web_user, offer_id):
        """An offer that the web user may see: of a round open to buyers,
        or of the supplier itself"""
        offers = cls.search([('id', '=', int(offer_id))])
        if not offers:
            raise _not_found()
        offer, = offers
        if web_user.coop_role == 'buyer':
            if offer.round.state in {'open', 'closed', 'consolidated',
                    'done'}:
                return offer
        elif web_user.coop_role == 'supplier':
            if offer.supplier == web_user.coop:
                return offer
        raise _not_found()

    @classmethod
    def portal_set_quantity(cls, web_user, offer_id, quantity):
        """Set the buyer's co-op quantity of the offer. Bad input raises a
        PortalValidationError; a round that no longer takes orders raises
        its RoundClosedError."""
        pool = Pool()
        Order = pool.get('coop.round.order')
        web_user.portal_check_role('buyer')
        offer = cls.portal_get_offer(web_user, offer_id)
        try:
            quantity = float(str(quantity).strip().replace(',', '.') or 0)
        except ValueError:
            raise PortalValidationError(
                gettext('coop_portal.msg_quantity_invalid', value=quantity))
        if quantity != quantity or quantity < 0 or quantity > 1e9:
            raise PortalValidationError(
                gettext('coop_portal.msg_quantity_invalid', value=quantity))
        return offer, Order.set_quantity(web_user.coop, offer, quantity)

    @classmethod
    def portal_supplier_demand(cls, web_user, round_):
        """The supplier's offers of the round with their live figures"""
        web_user.portal_check_role('supplier')
        offers = cls.search([
                ('round', '=', round_.id),
                ('supplier', '=', web_user.coop.id),
                ], order=[('product.template.name', 'ASC'), ('id', 'ASC')])
        figures, _ = cls.portal_figures(
            web_user, cls.get_live_terms(offers))
        return offers, figures


class OfferTier(ClearCatalogueMixin, metaclass=PoolMeta):
    __name__ = 'coop.round.offer.tier'


class Order(metaclass=PoolMeta):
    __name__ = 'coop.round.order'

    @classmethod
    def portal_orders(cls, web_user):
        "The orders of the buyer's co-op, newest round first"
        web_user.portal_check_role('buyer')
        return cls.search([('cooperative', '=', web_user.coop.id)])

    @classmethod
    def portal_get_order(cls, web_user, order_id):
        web_user.portal_check_role('buyer')
        orders = cls.search([
                ('id', '=', int(order_id)),
                ('cooperative', '=', web_user.coop.id),
                ])
        if not orders:
            raise _not_found()
        return orders[0]

    @classmethod
    def portal_round_order(cls, web_user, round_):
        "The co-op's order of the round, if any"
        web_user.portal_check_role('buyer')
        orders = cls.search([
                ('round', '=', round_.id),
                ('cooperative', '=', web_user.coop.id),
                ])
        return orders[0] if orders else None

    def portal_amount(self):
        """The amount of the order as the catalogue shows it: while its
        round is open, priced with the terms of the round's catalogue
        index"""
        if self.round.state == 'open':
            return self.compute_open_amount(
                self.round.portal_catalogue_index().terms)
        return self.amount
