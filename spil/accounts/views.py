import base64
from typing import Any
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core.redirects import safe_next_url

from . import selectors, services
from .forms import LoginForm, TokenForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """One login page for staff and family; the account decides where it lands. A
        family account lands in its portal whatever `next` says (a staff page would only
        answer 404); a staff user never follows `next` into the portal (the portal
        answers 404 to staff)."""
        url = super().get_success_url()
        portal = settings.SPIL_PORTAL_PATH
        in_portal = urlsplit(url).path.startswith(portal)
        if getattr(self.request.user, "is_family_account", False):
            return url if in_portal else portal
        return resolve_url(settings.LOGIN_REDIRECT_URL) if in_portal else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.SPIL_OIDC_ENABLED:  # the seam for DigiD-style login (docs/adr/0013)
            context["oidc_login_url"] = reverse("oidc_authentication_init")
            context["oidc_login_label"] = settings.SPIL_OIDC_LOGIN_LABEL
        return context


class LogoutView(auth_views.LogoutView):
    pass


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect("accounts:start")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(safe_next_url(request, "accounts:start"))
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@require_http_methods(["GET"])
def otp_activate(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: opens the set-up for this session, if it is the
    logged-in user's own, unused and unexpired link."""
    if selectors.has_confirmed_device(user=request.user):
        messages.info(request, _("Tweestapsverificatie staat al aan."))
        return redirect("accounts:start")
    activation = selectors.activation_for_token(user=request.user, token=token)
    if activation is None:
        return render(
            request,
            "accounts/otp_activation_needed.html",
            {"invalid_link": True, "link_hours": settings.SPIL_2FA_LINK_VALID_HOURS},
            status=404,
        )
    request.session[selectors.ACTIVATION_SESSION_KEY] = str(activation.uuid)
    return redirect("accounts:otp_setup")


def _activation_needed(request: HttpRequest) -> HttpResponse:
    """Without an opened link: explain, and mail a new link on request."""
    if request.method == "POST" and "send_link" in request.POST:
        services.two_factor_activation_send(user=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            _(
                "De link wordt verstuurd naar het e-mailadres van uw account. Open die link "
                "om tweestapsverificatie in te stellen."
            ),
        )
        return redirect("accounts:otp_setup")
    return render(
        request,
        "accounts/otp_activation_needed.html",
        {"invalid_link": False, "link_hours": settings.SPIL_2FA_LINK_VALID_HOURS},
        status=403 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    if selectors.has_confirmed_device(user=request.user):
        messages.info(request, _("Tweestapsverificatie staat al aan."))
        return redirect("accounts:start")
    activation = None
    if selectors.setup_needs_link():
        # The password alone is not enough: the link mailed to the account's address is.
        activation = selectors.activation_in_session(request=request)
        if activation is None:
            return _activation_needed(request)
    device = selectors.pending_totp_device(user=request.user)  # type: ignore[arg-type]
    if device is None or request.method == "GET":
        device = services.totp_start_setup(user=request.user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(
            request=request, device=device, token=form.cleaned_data["token"], activation=activation
        ):
            request.session.pop(selectors.ACTIVATION_SESSION_KEY, None)
            messages.success(request, _("Tweestapsverificatie staat aan."))
            return redirect("accounts:start")
        form.add_error(
            "token", _("Deze code klopt niet. Scan de code opnieuw en probeer het nog eens.")
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR-code"))
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _b32(device.bin_key)},
    )


def _b32(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")
