"""The password rules speak Dutch (and English) and know the user's name."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from spil.accounts.models import User


def messages(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


ELEVEN = "Kort-wacht1"  # one character short of the twelve the settings ask


def test_a_short_password_is_refused_in_dutch_and_in_english():
    with translation.override("nl"):
        assert "Dit wachtwoord is te kort. Gebruik minstens 12 tekens." in messages(ELEVEN)
        assert "Uw wachtwoord moet minstens 12 tekens hebben." in password_validators_help_texts()
    with translation.override("en"):
        assert "This password is too short. Use at least 12 characters." in messages(ELEVEN)
    assert not any(m for m in messages("Zonnebloem-Veld-2026") if "kort" in m)


def test_a_password_like_the_users_own_name_is_refused():
    user = User(email="s.devries@gemeente.example", full_name="Sanne Margaretha de Vries")
    with translation.override("nl"):
        assert messages("margarethadevries", user) == ["Dit wachtwoord lijkt te veel op uw naam."]
        assert messages("s.devries@gemeente", user) == [
            "Dit wachtwoord lijkt te veel op uw e-mailadres."
        ]
        assert messages("Zonnebloem-Veld-2026", user) == []


@pytest.mark.parametrize("password", ["123456789012345", "password1234"])
def test_the_other_rules_still_hold(password):
    assert messages(password)
