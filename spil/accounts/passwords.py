"""Password rules in Spil's own words.

Django 5.2's "too short" message lost its Dutch translation (the message's placeholder
changed and the catalogue did not follow), and its similarity check looks for a
`first_name` and a `last_name` that Spil's user does not have (it has `full_name`).
"""

from typing import Any

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# What a password may not resemble: the address one logs in with and one's name.
USER_ATTRIBUTES = ("email", "full_name")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken hebben.",
            "Uw wachtwoord moet minstens %(min_length)d tekens hebben.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def __init__(self, user_attributes: Any = USER_ATTRIBUTES, max_similarity: float = 0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return _("Dit wachtwoord lijkt te veel op uw %(verbose_name)s.")

    def get_help_text(self) -> str:
        return _("Uw wachtwoord mag niet te veel op uw naam of e-mailadres lijken.")
