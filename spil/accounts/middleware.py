from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import selectors

# Paths a logged-in but not yet verified user may still reach.
_OPEN_PREFIXES = ("/static/", "/healthz", "/taal/")
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
