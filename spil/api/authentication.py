"""Who is calling: a partner system with a bearer token, or a logged-in staff member
reading with their session (the docs page's "try it out").

A client-credentials token has no user; the request acts as the client's own account
(`ApiClient.user`), so the same access policy as the pages applies. `request.auth` is the
token, and `request.api_client` the client (None for a session)."""

from typing import Any

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from .models import ApiClient


class ClientTokenAuthentication(OAuth2Authentication):
    www_authenticate_realm = "spil"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        _user, token = result
        client = (
            ApiClient.objects.select_related("user", "organisation", "application")
            .filter(application_id=token.application_id, revoked_at__isnull=True)
            .first()
        )
        if client is None or not client.user.is_active:
            return None
        request.api_client = client
        return client.user, token


class StaffSessionAuthentication(SessionAuthentication):
    """A session of a staff member who passed the second step; never a family account or
    a client's own account. Only for reads: `permissions.HasScope` refuses writes."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if getattr(user, "is_family_account", False) or hasattr(user, "api_client"):
            return None
        request.api_client = None
        return result
