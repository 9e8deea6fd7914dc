"""Forms for who logs in to the portal: the coach's invitation, the member's password on
the invitation link, and the member's own settings."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import normalise_email
from spil.core.forms import SpilForm
from spil.families.models import Member

from .models import Invitation


class InvitationForm(SpilForm):
    """The coach chooses a member who may have an account and the address to mail."""

    member = forms.ModelChoiceField(
        label=_("Gezinslid"),
        queryset=Member.objects.none(),
        to_field_name="uuid",
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Ouders en verzorgers, en jongeren vanaf 12 jaar, zonder account."),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen gaat de uitnodiging. Hiermee logt het gezinslid straks in."),
    )

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Member.objects.filter(pk__in=[m.pk for m in members]).order_by(
            "birth_date", "id"
        )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data.get("email"))


class WelcomeForm(SpilForm):
    """The member chooses a password, twice; Django's password rules apply."""

    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text=_("Minstens 12 tekens. Een zin van een paar woorden is goed te onthouden."),
    )
    password2 = forms.CharField(
        label=_("Typ het wachtwoord nog een keer"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            # The rules compare the password with the account-to-be (its address, name).
            member = self.invitation.member
            future = get_user_model()(email=self.invitation.email, full_name=str(member))
            try:
                password_validation.validate_password(first, user=future)
            except ValidationError as error:
                self.add_error("password1", [_plain(e) for e in error.error_list])
        return cleaned


# Django's own Dutch for its password rules is missing or stiff in places (5.2 changed the
# English of "too short"); the family reads these in plain words.
PASSWORD_MESSAGES = {
    "password_too_short": _("Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens."),
    "password_too_similar": _("Dit wachtwoord lijkt te veel op het e-mailadres of de naam."),
    "password_too_common": _("Dit wachtwoord gebruiken veel mensen. Kies iets anders."),
    "password_entirely_numeric": _("Dit wachtwoord heeft alleen cijfers. Gebruik ook letters."),
}


def _plain(error: ValidationError) -> ValidationError:
    message = PASSWORD_MESSAGES.get(error.code or "")
    if message is None:
        return error
    return ValidationError(message, code=error.code, params=error.params)


class PortalSettingsForm(SpilForm):
    """What the member chooses: a reminder by e-mail the day before an appointment."""

    reminders_by_email = forms.BooleanField(
        label=_("Stuur mij een e-mail een dag voor een afspraak"),
        required=False,
    )
