"""Errors as problem details (RFC 9457, `application/problem+json`): a Dutch `title` and
`detail`, a `code`, and for bad input the field errors. Never a stack trace, never the
value that was sent (it may be a BSN or a name)."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from spil.core.versioning import StaleEdit

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Error codes whose DRF message repeats the input ("x" is geen geldige keuze).
_ECHOING_CODES = {"invalid_choice", "does_not_exist", "invalid_pk_value", "incorrect_type"}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy(
        "Stuur de ETag van de laatste GET mee in de header If-Match; zo gaat geen wijziging "
        "van een ander verloren."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = gettext_lazy(
        "Iemand anders heeft dit intussen gewijzigd. Haal het opnieuw op (GET) en probeer het "
        "met de nieuwe ETag."
    )
    default_code = "precondition_failed"


def _titles() -> dict[int, str]:
    return {
        400: _("Ongeldige invoer"),
        401: _("Authenticatie vereist"),
        403: _("Geen toegang"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Niet acceptabel"),
        412: _("Voorwaarde niet vervuld"),
        413: _("Verzoek te groot"),
        415: _("Mediatype niet ondersteund"),
        428: _("Voorwaarde vereist"),
        429: _("Te veel verzoeken"),
        500: _("Interne fout"),
    }


def _field_message(code: str, message: str) -> str:
    if code in _ECHOING_CODES:
        return _("Deze waarde is niet toegestaan.")
    return message


def _flatten(errors: Any, prefix: str = "") -> list[dict[str, str]]:
    """Nested serializer errors as a flat list: {"field": "members.0.bsn", ...}."""
    out: list[dict[str, str]] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(errors, list):
        if errors and all(isinstance(e, exceptions.ErrorDetail | str) for e in errors):
            for error in errors:
                code = getattr(error, "code", "invalid") or "invalid"
                out.append(
                    {"field": prefix, "code": str(code), "detail": _field_message(code, error)}
                )
        else:
            for index, value in enumerate(errors):
                if value:
                    out += _flatten(value, f"{prefix}.{index}" if prefix else str(index))
    else:
        code = getattr(errors, "code", "invalid") or "invalid"
        out.append({"field": prefix, "code": str(code), "detail": _field_message(code, errors)})
    return out


def problem(
    status_code: int,
    *,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    data: dict[str, Any] = {
        "type": f"urn:spil:problem:{code}",
        "title": _titles().get(status_code, _("Fout")),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if errors is not None:
        data["errors"] = errors
    return Response(data, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, StaleEdit):
        exc = PreconditionFailed()
    elif isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        exc = exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        logger.exception("API: onverwachte fout", exc_info=exc)
        return problem(500, code="server_error", detail=_("Er ging iets mis aan onze kant."))

    headers = {
        name: response[name]
        for name in ("WWW-Authenticate", "Retry-After", "Allow")
        if response.has_header(name)
    }
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST,
            code="invalid",
            detail=_("Een of meer velden zijn niet in orde."),
            errors=_flatten(exc.detail),
            headers=headers,
        )
    if isinstance(exc, exceptions.NotFound):
        detail = _("Dit bestaat niet, of deze koppeling mag het niet zien.")
    elif isinstance(exc, exceptions.Throttled):
        detail = _("Te veel verzoeken; probeer het over %(seconds)s seconden opnieuw.") % {
            "seconds": int(exc.wait or 1)
        }
    elif isinstance(exc, exceptions.ParseError):
        detail = _("De inhoud is geen geldige JSON.")
    elif isinstance(exc, exceptions.MethodNotAllowed | exceptions.UnsupportedMediaType):
        detail = _titles().get(exc.status_code, str(exc.detail))
    else:
        detail = str(exc.detail)
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    return problem(exc.status_code, code=str(code), detail=detail, headers=headers)
