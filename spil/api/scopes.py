"""The scopes a client may hold, and the toolkit's scopes backend: a client gets a token
for no more than the scopes it was given (`ApiClient.scopes`)."""

from enum import StrEnum
from typing import Any

from oauth2_provider.scopes import BaseScopes
from oauth2_provider.settings import oauth2_settings


class Scope(StrEnum):
    REFERRALS_WRITE = "referrals:write"
    FAMILIES_READ = "families:read"
    PLANS_WRITE = "plans:write"
    OFFERS_READ = "offers:read"
    MONITORING_READ = "monitoring:read"


def client_scopes(application: Any) -> list[str]:
    """The scopes of the client behind a toolkit application; none once revoked."""
    client = getattr(application, "api_client", None) if application is not None else None
    if client is None or client.revoked_at is not None:
        return []
    return client.scope_list


class ClientScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return dict(oauth2_settings.SCOPES)

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return client_scopes(application)

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        # A token request without `scope` gets every scope the client holds.
        return client_scopes(application)
