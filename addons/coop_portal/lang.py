# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""How a portal page writes numbers and dates in its language.

A catalogue page writes some fifty numbers and two dates. Through the
ir.lang record, each page would read the language (and check the access to
its fields) and run Tryton's general formatting code for every number. So
each process keeps, per language, how it writes numbers, and the dates it
has written, until a language changes."""
import datetime as dt
from ast import literal_eval

from trytond.cache import Cache
from trytond.pool import PoolMeta

_MISSING = object()


def thousands_table(lang):
    """The str.translate table that turns Python's '1,234.5' into the
    numbers of lang, or None when lang does not group digits by three (its
    numbers are then left to Lang.format_number)"""
    grouping = literal_eval(lang.grouping or '[]')
    if len(grouping) < 2 or grouping[-1] != 0 or any(
            g != 3 for g in grouping[:-1]):
        return None
    return str.maketrans({
            ',': lang.thousands_sep or '', '.': lang.decimal_point})


class Lang(metaclass=PoolMeta):
    __name__ = 'ir.lang'
    # Keys: ('numbers', code) and ('date', code, value)
    _portal_cache = Cache('ir.lang.portal', context=False)

    @classmethod
    def portal_number(cls, code, value, digits):
        """The number with that many decimals, as Lang.format_number writes
        it in the language of that code"""
        key = ('numbers', code)
        table = cls._portal_cache.get(key, _MISSING)
        if table is _MISSING:
            table = cls._portal_cache.set(key, thousands_table(cls.get(code)))
        if table is None:
            return cls.get(code).format_number(value, digits)
        # Through a float, as the '%.2f' of format_number
        return f'{float(value):,.{digits}f}'.translate(table)

    @classmethod
    def portal_date(cls, code, value):
        "The date, or date and time, as the language of that code writes it"
        key = ('date', code, value)
        text = cls._portal_cache.get(key)
        if text is None:
            lang = cls.get(code)
            if isinstance(value, dt.datetime):
                text = lang.strftime(value, lang.date + ' %H:%M')
            else:
                text = lang.strftime(value)
            cls._portal_cache.set(key, text)
        return text

    @classmethod
    def on_modification(cls, mode, languages, field_names=None):
        super().on_modification(mode, languages, field_names=field_names)
        cls._portal_cache.clear()
