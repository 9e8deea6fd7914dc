"""What every API view shares: no login page (DRF answers 401), never cached, a scope per
view; the family a request is about, resolved once by the pages' own policy; the audit of
every read; ETag and If-Match (docs/adr/0022-api.md)."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.views import APIView

from spil.core import access
from spil.core.access import FamilyAccess

from . import serializers, services
from .models import ApiClient
from .problems import PROBLEM_CONTENT_TYPE, PreconditionFailed, PreconditionRequired
from .scopes import Scope


class ApiMixin:
    required_scope: Scope | None = None

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))  # type: ignore[misc]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # A token's request has no logged-in user, so the middleware that keeps pages out of
        # caches does not see it: an API answer may hold family data, never stored either.
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        add_never_cache_headers(response)
        return response


class ApiView(ApiMixin, APIView):
    """Base of every API view that is not a list."""


class ApiListView(ApiMixin, generics.ListAPIView):
    """Base of every list: cursor pages (`pagination.Cursor`), filters where named."""


def client_of(request: Request) -> ApiClient | None:
    return getattr(request, "api_client", None)


def family_access(request: Request, uuid: UUID) -> FamilyAccess:
    """The request's access to the family in its URL: the pages' own policy for the
    client's account (`access.family_access_for`, as `@access.family_view` does). A family
    that does not exist or that the client may not see is a 404 (and a refusal in the
    trail)."""
    return access.family_access_for(request, uuid)


def record_read(
    request: Request,
    action: str,
    *,
    family: Any = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> None:
    services.record_read(
        client_of(request), request.user, action, family=family, obj=obj, detail=detail
    )


# --- ETag / If-Match -------------------------------------------------------------------


def etag_of(obj: Any) -> str:
    """A strong ETag from the record's revision (`BaseModel.revision`): it changes with
    every change of the record."""
    return f'"{obj.uuid}-{obj.revision}"'


def require_if_match(request: Request, obj: Any) -> int:
    """The revision the client saw: If-Match must name the record's current ETag (428
    without the header, 412 when it names another). Returns the revision, for the
    service's own conditional save (two requests at once: one wins, the other is 412)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if "*" in tags or etag_of(obj) in tags:
        return int(obj.revision)
    raise PreconditionFailed


def problems(*codes: int) -> dict[Any, OpenApiResponse]:
    descriptions = {
        400: _("Ongeldige invoer; de fouten per veld staan in errors."),
        401: _("Geen of geen geldig token."),
        403: _("Het token heeft de scope niet, of deze koppeling mag dit niet wijzigen."),
        404: _("Bestaat niet, of deze koppeling mag het niet zien."),
        412: _("De ETag in If-Match is niet meer de actuele: iemand anders wijzigde dit."),
        413: _("Het verzoek is te groot."),
        428: _("If-Match ontbreekt."),
        429: _("Te veel verzoeken; zie Retry-After."),
    }
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            response=serializers.ProblemSerializer, description=descriptions[code]
        )
        for code in codes
    }
