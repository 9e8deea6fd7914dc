import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from . import context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when sane) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        ctx = context.RequestContext(
            request_id=request_id, ip_address=request.META.get("REMOTE_ADDR", "")
        )
        token = context.activate(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


# The idle timer (SESSION_COOKIE_AGE) starts again whenever the session is saved. Saving it
# on every request wrote and committed the session row on every page; once a minute is
# enough (settings.SPIL_SESSION_RENEWAL_SECONDS): a session now ends 29 to 30 idle minutes
# after the last request.
SESSION_RENEWED_KEY = "_spil_renewed"


class SessionIdleTimerMiddleware:
    """Restarts a logged-in session's idle timer at most once a minute. Sits right below
    SessionMiddleware, so the session it marks is saved on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a logged-in session: a stale cookie of a visitor must not become a new row.
        if session is not None and not session.is_empty() and AUTH_SESSION_KEY in session:
            now = int(time.time())
            every = settings.SPIL_SESSION_RENEWAL_SECONDS
            if now - int(session.get(SESSION_RENEWED_KEY, 0)) >= every:
                session[SESSION_RENEWED_KEY] = now  # modified: saved with a new expiry
        return response


class LoginRequiredEverywhereMiddleware(LoginRequiredMiddleware):
    """Deny by default: every view needs a login unless marked @login_not_required.

    Pages redirect to the login page; API paths answer 401 instead.
    """

    def get_login_url(self, view_func: Callable[..., Any]) -> str:
        # One login for everything, the admin included: it carries the lockout and 2FA.
        return str(resolve_url(settings.LOGIN_URL))

    def handle_no_permission(  # type: ignore[override]
        self, request: HttpRequest, view_func: Callable[..., Any]
    ) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Authenticatie vereist."}, status=401)
        return super().handle_no_permission(request, view_func)


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a coach with an
    English browser would get English by surprise; Spil is Dutch first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        known = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PrivatePagesNotStoredMiddleware:
    """What a logged-in user sees may hold family data: no browser, proxy or shared computer
    may keep a copy (`Cache-Control: no-store`). Static files never reach this far
    (whitenoise answers them first) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
