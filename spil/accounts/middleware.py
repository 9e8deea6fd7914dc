from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import selectors

# Paths a logged-in but not yet verified user may still reach.
_OPEN_PREFIXES = ("/static/", "/healthz", "/readyz", "/taal/")
_OPEN_NAMES = ("accounts:otp_verify", "accounts:otp_setup", "accounts:logout")
# The set-up page and the e-mailed activation links beneath it.
_OPEN_UNDER = "accounts:otp_setup"


class TwoFactorRequiredMiddleware:
    """After the password, a user with 2FA (or any user when 2FA is required) must
    pass the second step before reaching anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and not request.path.startswith(_OPEN_PREFIXES)
            and request.path not in {reverse(name) for name in _OPEN_NAMES}
            and not request.path.startswith(reverse(_OPEN_UNDER))
        ):
            step = selectors.second_step_for(user=user)
            if step is not None:
                if request.path.startswith("/api/"):
                    return HttpResponse(status=401)
                return redirect(step)
        return self.get_response(request)


# The family portal's own path; a family account reaches nothing else but login, logout,
# the second step, the language switch and static files (settings.SPIL_PORTAL_PATH).
_FAMILY_OPEN_NAMES = ("accounts:login", "accounts:logout", "accounts:otp_verify")


class FamilyAccountsStayInPortalMiddleware:
    """A family account is never a staff user: every staff page answers 404 to it, as if
    it did not exist, and the start page `/` sends it to its portal. The portal itself
    answers 404 to staff (its views check the account kind)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "is_family_account", False):
            portal = settings.SPIL_PORTAL_PATH
            if request.path == "/":
                return redirect(portal)
            allowed = (
                request.path.startswith((portal, *_OPEN_PREFIXES))
                or request.path in {reverse(name) for name in _FAMILY_OPEN_NAMES}
                or request.path.startswith(reverse(_OPEN_UNDER))
            )
            if not allowed:
                raise Http404
        return self.get_response(request)
