# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from sql.aggregate import Count, Min

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool


class ApplicationReport(ModelSQL, ModelView):
    "Supplier applications by province and stage"
    __name__ = 'coop.onboarding.application.report'
    __string__ = "Supplier Applications by Province and Stage"

    province = fields.Many2One('country.subdivision', "Province")
    state = fields.Selection('get_states', "Stage")
    count = fields.Integer("Applications")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('province', 'ASC'),
            ('state', 'ASC'),
            ('id', 'ASC'),
            ]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        Party = pool.get('party.party')
        application = Application.__table__()
        party = Party.__table__()
        # Each application is in one group, so the smallest id is unique
        return application.join(party,
            condition=application.cooperative == party.id
            ).select(
                Min(application.id).as_('id'),
                party.province.as_('province'),
                application.state.as_('state'),
                Count(application.id).as_('count'),
                group_by=[party.province, application.state])

    @classmethod
    def get_states(cls):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        return Application.fields_get(['state'])['state']['selection']

    @classmethod
    def order_state(cls, tables):
        pool = Pool()
        Application = pool.get('coop.onboarding.application')
        return Application.order_state(tables)
