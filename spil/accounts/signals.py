"""Login, logout and failed logins go into the audit trail."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from spil.core import audit

from .models import User, normalise_email


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit.record(actor=user, action="auth.login")


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action="auth.logout")


def _user_for(credentials: dict[str, Any]) -> User | None:
    email = normalise_email(credentials.get("username") or credentials.get("email") or "")
    return User.objects.filter(email=email).first() if email else None


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The account is named by its key when it exists; the typed e-mail is never stored.
    user = _user_for(credentials)
    audit.record(
        actor=None,
        action="auth.login_failed",
        obj=user,
        detail={"known_account": user is not None},
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    user = _user_for({"username": username})
    audit.record(actor=None, action="auth.locked_out", obj=user)
