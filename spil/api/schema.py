"""How drf-spectacular describes our two ways in: OAuth2 client credentials with the
view's scope, and a staff member's session cookie (reads only)."""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.settings import spectacular_settings
from oauth2_provider.settings import oauth2_settings


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "spil.api.authentication.ClientTokenAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        scope = getattr(auto_schema.view, "required_scope", None)
        return {self.name: [str(scope)] if scope else []}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "description": "OAuth2 client credentials; elke koppeling heeft eigen scopes.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": spectacular_settings.OAUTH2_TOKEN_URL,
                    "scopes": oauth2_settings.SCOPES,
                }
            },
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "spil.api.authentication.StaffSessionAuthentication"
    name = "sessie"
    priority = -1

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "De sessie van een ingelogde medewerker; alleen om te lezen.",
        }
