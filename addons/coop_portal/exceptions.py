# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class PortalAccessError(UserError):
    """A web user asked for a record that is not its co-op's, or for a page
    of another role: the routes answer 404 and change nothing."""


class PortalValidationError(ValidationError):
    "Bad input of a portal form; field names the input it is about"

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class CAEValidationError(ValidationError):
    pass
