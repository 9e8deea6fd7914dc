import factory

from spil.accounts.models import Membership, Organisation, Team, User
from spil.core.roles import Role

PASSWORD = "een-lang-testwachtwoord-2026"

# Names the test families carry (families.tests.factories.make_family and its members):
# tests check that a page does not show them, and a page shows the user's own name.
FAMILY_NAMES = ("Vos", "Karin")


def _staff_name() -> str:
    """A Dutch name (Faker) that holds none of the test families' names: "Noëlle de Vos"
    once made a check that "Vos" is absent fail at random."""
    faker = factory.Faker._get_faker(locale="nl_NL")
    # Nor an apostrophe ("'s Gravensande"): pages escape it, and tests look for the name
    # as written in the HTML.
    while any(taken in (name := faker.name()) for taken in (*FAMILY_NAMES, "'")):
        pass
    return name


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@voorbeeld.test")
    full_name = factory.LazyFunction(_staff_name)
    # Hashed before the insert (`make_password`), so a user is one INSERT, not two writes.
    # Another password: `UserFactory(password=factory.django.Password("…"))` — a plain
    # string given here would be stored as it is, unhashed, and no login would work.
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.YOUTH_CARE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COACH
