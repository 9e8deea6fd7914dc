from functools import partial

from django import forms
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
)
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from spil.core.forms import (
    BoundedFieldsMixin,
    BoundedFormMetaclass,
    BoundedModelFormMetaclass,
    SpilForm,
)

from . import tasks
from .models import User, normalise_email


class LoginForm(BoundedFieldsMixin, AuthenticationForm, metaclass=BoundedFormMetaclass):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        max_length=4096,  # a long passphrase is welcome; the 200-character default is not
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Deze combinatie van e-mailadres en wachtwoord kennen we niet. "
            "Let op: na 5 mislukte pogingen wordt het account een uur geblokkeerd."
        ),
        "inactive": _("Dit account is uitgezet. Neem contact op met uw beheerder."),
    }

    def clean_username(self) -> str:
        # One spelling per account, so the lockout counts every attempt on it.
        return normalise_email(self.cleaned_data.get("username"))


class TokenForm(SpilForm):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\d{6}$",
        max_length=6,
        help_text=_("De zes cijfers die de app nu laat zien."),
        error_messages={"invalid": _("Vul de zes cijfers in, zonder spaties.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UserCreationAdminForm(
    BoundedFieldsMixin, AdminUserCreationForm, metaclass=BoundedModelFormMetaclass
):
    record_key = None  # Django's admin names records by their id

    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeAdminForm(BoundedFieldsMixin, UserChangeForm, metaclass=BoundedModelFormMetaclass):
    record_key = None  # Django's admin names records by their id

    class Meta:
        model = User
        fields = "__all__"


class QueuedPasswordResetForm(
    BoundedFieldsMixin, PasswordResetForm, metaclass=BoundedFormMetaclass
):
    """ "Wachtwoord vergeten": the link leaves the request (docs/adr/0031). For each
    account of the address, its uuid is queued after the commit; the worker makes the
    token and mails the link (`tasks.send_password_reset`). The page answers the same
    whether the address is known or not."""

    def save(self, *args: object, **kwargs: object) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(partial(tasks.send_password_reset.enqueue, user=str(user.uuid)))
