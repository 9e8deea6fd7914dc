"""Test data for families: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import datetime as dt

import factory

from spil.accounts.models import Organisation
from spil.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)
from spil.core.access import family_access
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.families import services
from spil.families.models import Consent, Family, FamilyRole, Member
from spil.families.services import MemberData
from spil.trajectories.models import Trajectory


def member(role, first, surname="Vos", born=None, **extra):
    return MemberData(role=role, first_name=first, surname=surname, birth_date=born, **extra)


def make_family(actor, name="Vos", members=None):
    return services.family_create(
        actor=actor,
        name=name,
        postcode="7311AB",
        house_number="12",
        members=members
        or [
            member(
                "ouder",
                "Karin",
                born=dt.date(1988, 3, 2),
                gender="vrouw",
                has_parental_authority=True,
            ),
            member("kind", "Daan", born=dt.date(2015, 6, 9), gender="man"),
            member("kind", "Noor", born=dt.date(2011, 1, 20), gender="vrouw"),
        ],
    )


class World:
    """Two coach teams, a meldpunt, a GGZ and a school, and one family per situation."""

    def __init__(self):
        self.coaching = OrganisationFactory(
            name="Gezinscoaching", kind=Organisation.Kind.YOUTH_CARE
        )
        self.team_a = TeamFactory(organisation=self.coaching, name="A")
        self.team_b = TeamFactory(organisation=self.coaching, name="B")
        self.meldpunt = OrganisationFactory(name="Meldpunt", kind=Organisation.Kind.MELDPUNT)
        self.ggz = OrganisationFactory(name="GGZ", kind=Organisation.Kind.MENTAL_HEALTH)
        self.school = OrganisationFactory(name="School", kind=Organisation.Kind.EDUCATION)
        self.gemeente = OrganisationFactory(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
        self.coach = self._user(Role.COACH, self.coaching, self.team_a)
        self.backup = self._user(Role.COACH, self.coaching, self.team_a)
        self.other_coach = self._user(Role.COACH, self.coaching, self.team_b)
        self.team_lead = self._user(Role.TEAM_LEAD, self.coaching, self.team_a)
        self.other_team_lead = self._user(Role.TEAM_LEAD, self.coaching, self.team_b)
        self.coordinator = self._user(Role.COORDINATOR, self.meldpunt)
        self.ggz_worker = self._user(Role.PROFESSIONAL, self.ggz)
        self.teacher = self._user(Role.PROFESSIONAL, self.school)
        self.policy = self._user(Role.POLICY, self.gemeente)
        self.admin = self._user(Role.ADMIN, self.gemeente)
        self.family = make_family(self.coach)
        Trajectory.objects.create(
            family=self.family,
            kind="gezinscoach",
            coach=self.coach,
            backup_coach=self.backup,
            started_on=days_ago(60),
        )
        self.parent = self.family.members.get(first_name="Karin")

    @staticmethod
    def _user(role, organisation, team=None):
        # Straight into the table: granting a role through its service (full_clean's
        # lookups, the audit entry) is tested in accounts, and ten of them made up most of
        # the time of every test that builds a world.
        return MembershipFactory(organisation=organisation, role=role, team=team).user

    def share_with(self, organisation, parts, **extra):
        return services.consent_record(
            access=family_access(self.coach, self.family),
            kind="delen",
            given_by=self.parent,
            given_on=days_ago(10),
            organisation=organisation,
            purpose="Afstemming van de hulp",
            parts=parts,
            **extra,
        )


# --- factory_boy: one object at a time, with traits for the common states ------------------


class FamilyFactory(factory.django.DjangoModelFactory):
    """A family. `FamilyFactory(running_trajectory=True)` adds a running trajectory with a
    coach; `FamilyFactory(shared_with=organisation)` adds a parent and a valid sharing
    consent for the plan and contacts with that organisation."""

    class Meta:
        model = Family
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Gezin {n}")
    postcode = "7311AB"
    house_number = factory.Sequence(lambda n: str(n + 1))

    class Params:
        running_trajectory = factory.Trait(
            trajectory=factory.RelatedFactory(
                "spil.trajectories.tests.factories.TrajectoryFactory", factory_related_name="family"
            )
        )

    @factory.post_generation
    def shared_with(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            ConsentFactory(family=obj, organisation=extracted, **kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    family = factory.SubFactory(FamilyFactory)
    role = FamilyRole.PARENT
    first_name = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    birth_date = dt.date(1985, 5, 1)
    has_parental_authority = True


class ConsentFactory(factory.django.DjangoModelFactory):
    """A valid sharing consent (given yesterday by a parent with authority)."""

    class Meta:
        model = Consent

    family = factory.SubFactory(FamilyFactory)
    kind = Consent.Kind.SHARE
    given_by = factory.SubFactory(MemberFactory, family=factory.SelfAttribute("..family"))
    organisation = factory.SubFactory(OrganisationFactory)
    purpose = "Samen werken aan het gezinsplan"
    parts = factory.LazyFunction(lambda: [Consent.Part.PLAN, Consent.Part.CONTACTS])
    given_on = factory.LazyFunction(lambda: days_ago(1))
    recorded_by = factory.SubFactory(UserFactory)
