"""A seam for DigiD/eHerkenning-style login through OpenID Connect (docs/adr/0013).

Off by default (`SPIL_OIDC_ENABLED`). When on, a family member may log in at the
identity provider instead of with a password. The provider only proves who someone is;
it never decides who gets in: the identity is mapped, by e-mail address, to an existing,
active family account, made before through a coach's invitation. This backend never makes
an account, and never logs in a staff user (staff keep password + TOTP).

The OIDC protocol itself (state, nonce, PKCE, token and signature checks) is
mozilla-django-oidc's; nothing of it is written here.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.urls import URLPattern, path
from mozilla_django_oidc import urls as oidc_urls
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


def family_accounts_with_email(email: str | None) -> QuerySet[Any]:
    """The active family accounts (never staff) with this address: zero or one."""
    user_model = get_user_model()
    if not email or not isinstance(email, str):
        return user_model.objects.none()
    return user_model.objects.filter(
        email__iexact=email.strip(),
        is_family_account=True,
        is_active=True,
        is_staff=False,
        is_superuser=False,
        family_account__isnull=False,
    )


class FamilyAccountOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, narrowed to existing family accounts."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """An address is needed, and when the provider says it is unverified, refused."""
        if claims.get("email_verified") is False:
            return False
        return bool(super().verify_claims(claims)) and bool(claims.get("email"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        return family_accounts_with_email(claims.get("email"))

    def create_user(self, claims: dict[str, Any]) -> Any:
        """Never: an account is made only through a coach's invitation."""
        raise SuspiciousOperation("OIDC: no family account for this identity")

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        """The provider changes nothing in the account."""
        return user

    def get_user(self, user_id: Any) -> Any:
        """A session made by this backend stays a family account's session only."""
        return (
            get_user_model()
            .objects.filter(pk=user_id, is_family_account=True, is_active=True)
            .first()
        )


def _open(pattern: URLPattern) -> URLPattern:
    # Reaching the provider and coming back happen before anyone is logged in.
    return path(str(pattern.pattern), login_not_required(pattern.callback), name=pattern.name)


# The library's own views (authenticate, callback, logout), reachable without a login.
urlpatterns = [_open(p) for p in oidc_urls.urlpatterns if isinstance(p, URLPattern)]
