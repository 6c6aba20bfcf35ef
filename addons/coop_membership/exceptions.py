# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class CooperativeValidationError(ValidationError):
    pass


class DuplicateCUITError(ValidationError):
    pass


class SupplierStatusError(AccessError):
    pass


class MembershipValidationError(ValidationError):
    pass


class MembershipDeleteError(AccessError):
    pass


class WebUserRoleError(ValidationError):
    pass


class NotCoopMemberError(UserError):
    pass
