# This file is part of the Central de Compras Cooperativa.
# The COPYRIGHT file at the top level of this repository contains the full
# copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class CourseValidationError(ValidationError):
    pass


class SessionValidationError(ValidationError):
    pass


class SessionStateError(UserError):
    pass


class SessionDeleteError(AccessError):
    pass


class EnrolmentValidationError(ValidationError):
    pass


class EnrolmentClosedError(UserError):
    pass


class AttendanceError(UserError):
    pass


class EnrolmentDeleteError(AccessError):
    pass


class CertificateError(UserError):
    pass
