# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
"""Amounts in words, as Argentine documents print them: "Son pesos ..." """
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

from trytond.i18n import gettext


def amount_in_words(amount, currency_name=None):
    """Return "Son pesos mil doscientos treinta con 45/100." for 1230.45

    The words are Spanish, as the law asks of Argentine documents, whatever
    the language of the user."""
    if amount is None:
        return ''
    amount = Decimal(amount).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
    sign = ''
    if amount < 0:
        sign, amount = 'menos ', -amount
    units = int(amount)
    cents = int((amount - units) * 100)
    words = num2words(units, lang='es')
    if currency_name is None:
        currency_name = gettext('coop_central_purchase.msg_pesos')
    return gettext('coop_central_purchase.msg_amount_in_words',
        currency=currency_name, sign=sign, words=words, cents=cents)
