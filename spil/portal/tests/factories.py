"""Portal test data: a family account for a member of a families-World family."""

from spil.portal import services

PASSWORD = "een-lang-wachtwoord-2026"


def family_account(member, email=None):
    email = email or f"{member.first_name.lower()}.{member.pk}@gezin.test"
    return services.account_create(member=member, email=email, password=PASSWORD)
