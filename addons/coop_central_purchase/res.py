# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.cache import Cache
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    coop_party = fields.Many2One(
        'party.party', "Co-op", ondelete='RESTRICT',
        domain=[('coop_kind', 'in', ['consumer', 'worker'])],
        context={
            'company': Eval('company', -1),
            },
        depends={'company'},
        help="The co-op this user acts for: with the co-op buyer or "
        "supplier group, the user sees only that co-op's orders, offers "
        "and documents.")
    _get_coop_parties_cache = Cache(
        'res_user.get_coop_parties', context=False)

    @classmethod
    def get_coop_parties(cls):
        "The ids of the co-ops that the current user acts for"
        user_id = Transaction().user
        parties = cls._get_coop_parties_cache.get(user_id)
        if parties is None:
            user = cls(user_id)
            parties = [user.coop_party.id] if user.coop_party else []
            cls._get_coop_parties_cache.set(user_id, parties)
        return parties

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        cls._get_coop_parties_cache.clear()
