"""How a portal request gets its `FamilyAccess`: the logged-in family account's member,
through the one policy (`core.access.member_access`). Staff get 404 here, as a family
account gets 404 on every staff page (accounts.middleware)."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse

from spil.core import access as policy
from spil.core.access import FamilyAccess

from . import selectors

V = TypeVar("V", bound=Callable[..., HttpResponse])


def member_access_for(request: HttpRequest) -> FamilyAccess:
    cached: FamilyAccess | None = getattr(request, "family_access", None)
    if cached is not None and cached.subject.is_family_member:
        return cached
    account = selectors.account_of(request.user)
    if account is None:
        raise Http404
    granted = policy.member_access(request.user, account.member)
    if not granted.parts:
        raise Http404
    request.family_access = granted  # type: ignore[attr-defined]
    return granted


def portal_view(view: V) -> V:
    """View decorator for `/mijn-gezin/…`: passes the member's `access`; 404 for staff."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, access=member_access_for(request), **kwargs)

    return wrapped  # type: ignore[return-value]
