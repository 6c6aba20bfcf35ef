# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Set-based writing for consolidation, which touches every offer and order
line of a round at once.

Tryton's write validates each record against the domains of its fields,
which costs about a millisecond a record; the results of consolidation are
read-only figures that only consolidation computes, so they are written in
SQL, a few hundred records per UPDATE, and the caches are invalidated as
Tryton's own write does."""
from sql import Column
from sql.conditionals import Case
from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.model import fields
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

# Set by consolidation around the creation of its documents, which are
# valid by construction (see ValidByConstructionMixin). Keys starting with
# "_" never come from a client.
CONSOLIDATION_CONTEXT = '_coop_consolidation'
CASE_SIZE = 500


def write_by_id(Model, values_by_id):
    """Write {id: {field name: value}} on the records of Model, each with
    the same field names, with one UPDATE per slice of records."""
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    table = Model.__table__()
    if not values_by_id:
        return
    names = sorted(next(iter(values_by_id.values())))
    columns = [Column(table, name) for name in names]
    columns += [table.write_uid, table.write_date]
    # Two parameters per record and field in the CASEs and one in the
    # WHERE; a CASE is searched in order, so it is kept short.
    size = min(max(backend.MAX_QUERY_PARAMS // (2 * len(names) + 1), 1),
        CASE_SIZE)
    for sub_ids in grouped_slice(sorted(values_by_id), size):
        sub_ids = list(sub_ids)
        sql_values = []
        for name in names:
            field = Model._fields[name]
            column = Column(table, name)
            # The column as ELSE gives the CASE its type on PostgreSQL
            sql_values.append(Case(*(
                        (table.id == id_, field.sql_format(
                                values_by_id[id_][name]))
                        for id_ in sub_ids), else_=column))
        sql_values += [transaction.user, CurrentTimestamp()]
        cursor.execute(*table.update(columns, sql_values,
                where=fields.SQL_OPERATORS['in'](table.id, sub_ids)))

    # As ModelStorage.write: the records read before are stale
    transaction.counter += 1
    for cache in transaction.cache.values():
        if Model.__name__ in cache:
            model_cache = cache[Model.__name__]
            for id_ in values_by_id:
                model_cache.pop(id_, None)


class ValidByConstructionMixin:
    """Skip the validation of the records that consolidation creates.

    The purchases and sales of a round and their lines take their party,
    addresses, product, unit, quantity (whole steps of the unit), price and
    taxes from the round, offers and order lines, which were validated
    themselves; validating each again against the domains of all its
    fields would cost more than creating them. Tryton's other checks
    (access, check_modification) still run."""
    __slots__ = ()

    @classmethod
    def _validate(cls, records, field_names=None):
        if Transaction().context.get(CONSOLIDATION_CONTEXT):
            return
        super()._validate(records, field_names=field_names)
