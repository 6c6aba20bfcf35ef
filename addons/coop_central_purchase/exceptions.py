# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.model.exceptions import AccessError, ValidationError


class RoundValidationError(ValidationError):
    pass


class OfferValidationError(ValidationError):
    pass


class TierValidationError(ValidationError):
    pass


class OrderValidationError(ValidationError):
    pass


class RoundClosedError(AccessError):
    pass


class OrderAccessError(AccessError):
    pass
