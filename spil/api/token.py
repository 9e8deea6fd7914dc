"""The token endpoint: the toolkit's own (`oauth2_provider.views.TokenView`), throttled per
caller's address, and its refusals as problem details like every other API answer. The
body keeps RFC 6749's `error` (and `error_description`) beside the problem's members, so
an OAuth2 library reads it as it always does."""

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oauth2_provider import views as oauth2_views
from rest_framework.throttling import SimpleRateThrottle

from .problems import PROBLEM_CONTENT_TYPE

_DETAILS = {
    "invalid_client": gettext_noop("Onbekende koppeling of verkeerd geheim."),
    "invalid_scope": gettext_noop("Deze koppeling heeft (een van) de gevraagde scopes niet."),
    "invalid_grant": gettext_noop("Deze toekenning is niet geldig."),
    "unsupported_grant_type": gettext_noop("Gebruik grant_type=client_credentials."),
    "invalid_request": gettext_noop("Het verzoek om een token is niet compleet of niet geldig."),
    "unauthorized_client": gettext_noop("Deze koppeling mag deze soort toekenning niet gebruiken."),
}


class TokenThrottle(SimpleRateThrottle):
    """Token requests per address, counted in the cache (`SPIL_API_TOKEN_RATE`)."""

    scope = "api_token"

    def get_rate(self) -> str:
        return str(getattr(settings, "SPIL_API_TOKEN_RATE", "30/minute"))

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _problem(status: int, code: str, detail: str, extra: dict[str, Any]) -> HttpResponse:
    titles = {
        400: _("Ongeldige invoer"),
        401: _("Authenticatie vereist"),
        429: _("Te veel verzoeken"),
    }
    body = {
        "type": f"urn:spil:problem:{code}",
        "title": titles.get(status, _("Fout")),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


@method_decorator(login_not_required, name="dispatch")
class TokenView(oauth2_views.TokenView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = TokenThrottle()
        if not throttle.allow_request(request, self):
            wait = int(throttle.wait() or 1)
            response = _problem(
                429,
                "throttled",
                _("Te veel verzoeken; probeer het over %(seconds)s seconden opnieuw.")
                % {"seconds": wait},
                {"error": "slow_down"},
            )
            response["Retry-After"] = str(wait)
            response["Cache-Control"] = "no-store"
            return response
        answer: HttpResponse = super().post(request, *args, **kwargs)
        if answer.status_code < 400:
            return answer
        try:
            body = json.loads(answer.content or b"{}")
        except ValueError:
            body = {}
        error = str(body.get("error") or "invalid_request")
        problem = _problem(
            answer.status_code,
            error,
            _(_DETAILS.get(error, _DETAILS["invalid_request"])),
            {"error": error},
        )
        for header in ("WWW-Authenticate", "Cache-Control", "Pragma"):
            if answer.has_header(header):
                problem[header] = answer[header]
        return problem
