"""Validators for Dutch identifiers, built on python-stdnum rather than by hand."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn, postcode


def validate_bsn(value: str) -> None:
    """A BSN passes the elfproef; shown errors never repeat the number itself."""
    try:
        bsn.validate(value)
    except StdnumError as error:
        raise ValidationError(
            _("Dit is geen geldig BSN (het moet 9 cijfers hebben en de elfproef halen)."),
            code="invalid_bsn",
        ) from error


def normalise_postcode(value: str) -> str:
    """'1234 ab' → '1234AB'; empty stays empty."""
    if not value.strip():
        return ""
    try:
        return str(postcode.validate(value)).replace(" ", "")
    except StdnumError as error:
        raise ValidationError(
            _("Vul een postcode in als 1234 AB."), code="invalid_postcode"
        ) from error


def not_in_future(value: date, field: str) -> None:
    """Refuse a date after today (Europe/Amsterdam), on the named form field."""
    if value > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})
