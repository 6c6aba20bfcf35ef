# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .exceptions import WebUserRoleError

# The kind of co-op that each web role acts for
ROLE_COOP_KIND = {
    'buyer': 'consumer',
    'supplier': 'worker',
    }


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    coop_role = fields.Selection([
            (None, ""),
            ('buyer', "Buyer"),
            ('supplier', "Supplier"),
            ], "Co-op Role",
        help="Buyers order for a consumer co-op in the shop; "
        "suppliers act for a worker co-op in the supplier portal.")
    coop_role_string = coop_role.translated('coop_role')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.party.states = cls.party.states.copy()
        cls.party.states['required'] = Eval('coop_role', '').in_(
            list(ROLE_COOP_KIND))

    @classmethod
    def validate_fields(cls, users, field_names):
        super().validate_fields(users, field_names)
        cls.check_coop_role(users, field_names)

    @classmethod
    def check_coop_role(cls, users, field_names=None):
        if field_names and not (field_names & {'coop_role', 'party'}):
            return
        for user in users:
            if not user.coop_role:
                continue
            kind = ROLE_COOP_KIND[user.coop_role]
            if not user.party or user.party.coop_kind != kind:
                raise WebUserRoleError(
                    gettext('coop_membership.msg_web_user_role_kind',
                        user=user.rec_name,
                        role=user.coop_role_string,
                        party=user.party.rec_name if user.party else ''))

    @property
    def coop(self):
        "The co-op this web user acts for, if any"
        if self.coop_role:
            return self.party
