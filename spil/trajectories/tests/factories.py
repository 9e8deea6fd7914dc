"""Test data for trajectories: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import factory

from spil.accounts.tests.factories import MembershipFactory, UserFactory
from spil.core.roles import Role
from spil.core.testing import days_ago
from spil.directory.models import Programme
from spil.families.tests.factories import make_family
from spil.trajectories import services
from spil.trajectories.models import Trajectory


def open_trajectories(world, programme, n):
    for i in range(n):
        family = make_family(world.coach, name=f"Gezin{i}")
        services.trajectory_open(
            actor=world.coach,
            family=family,
            kind="gezinscoach",
            coach=world.coach,
            started_on=days_ago(30 + i),
            programme=programme,
        )


def programme_for(world) -> Programme:
    """The programme the trajectory tests use: 6 months, at most 12, caseload 5 to 8."""
    return ProgrammeFactory(provider=world.coaching)


def trajectory_on(world, programme: Programme) -> Trajectory:
    """The world's running trajectory, under `programme`."""
    trajectory = Trajectory.objects.get(family=world.family)
    trajectory.programme = programme
    trajectory.save()
    return trajectory


# --- factory_boy ------------------------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Gezinscoaching 6+6 ({n})")
    provider = factory.SubFactory("spil.accounts.tests.factories.OrganisationFactory")
    frame = "vrijwillig"
    duration = "vast"
    duration_months = 6
    max_months = 12
    caseload_min = 5
    caseload_max = 8


class CoachFactory(UserFactory):
    """A user with the coach role."""

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            MembershipFactory(user=obj, role=Role.COACH)


class TrajectoryFactory(factory.django.DjangoModelFactory):
    """A running trajectory of a coach; `closed=True` closes it."""

    class Meta:
        model = Trajectory

    family = factory.SubFactory("spil.families.tests.factories.FamilyFactory")
    kind = Trajectory.Kind.FAMILY_COACH
    coach = factory.SubFactory(CoachFactory)
    started_on = factory.LazyFunction(lambda: days_ago(30))

    class Params:
        closed = factory.Trait(closed_on=factory.LazyFunction(lambda: days_ago(1)))
