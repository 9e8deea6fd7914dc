"""The name django-axes counts failed logins under (AXES_USERNAME_CALLABLE).

Axes compares usernames as exact strings. Without this, `Coach@x.nl`, ` coach@x.nl` and
`COACH@x.nl` would each get their own five attempts, and a locked account would open
again under another spelling. The normalised address is the account's stored address, so
the lock holds per account (and, for unknown addresses, per address).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .models import normalise_email


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    value: Any = None
    if credentials:
        value = credentials.get(field) or credentials.get("email")
    elif request is not None:
        value = getattr(request, "data", request.POST).get(field)
    if not isinstance(value, str):
        return None
    return normalise_email(value) or None
