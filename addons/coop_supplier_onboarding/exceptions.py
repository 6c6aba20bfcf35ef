# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class ApplicationValidationError(ValidationError):
    pass


class ApprovalError(UserError):
    pass


class ListingValidationError(ValidationError):
    pass


class ListingSupplierError(UserError):
    pass


class DeleteError(AccessError):
    pass
