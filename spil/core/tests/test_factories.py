"""The shared factories build what their traits promise, as the access policy sees it."""

import pytest

from spil.accounts.tests.factories import MembershipFactory, OrganisationFactory
from spil.core import access
from spil.core.access import FamilyPart
from spil.core.roles import Role
from spil.families.models import Consent
from spil.families.tests.factories import FamilyFactory
from spil.plans.models import PlanVersion
from spil.plans.tests.factories import PlanFactory
from spil.trajectories.models import Trajectory
from spil.trajectories.tests.factories import TrajectoryFactory

pytestmark = pytest.mark.django_db


def test_a_family_with_a_running_trajectory_is_open_to_its_coach():
    family = FamilyFactory(running_trajectory=True)
    trajectory = Trajectory.objects.running().get(family=family)
    assert access.family_access(trajectory.coach, family).can_edit


def test_a_closed_trajectory_opens_nothing():
    trajectory = TrajectoryFactory(closed=True)
    assert not Trajectory.objects.running().filter(family=trajectory.family).exists()
    assert access.family_access(trajectory.coach, trajectory.family).parts == frozenset()


def test_a_family_shared_with_an_organisation_opens_the_named_parts_to_its_professional():
    ggz = OrganisationFactory()
    worker = MembershipFactory(organisation=ggz, role=Role.PROFESSIONAL).user
    family = FamilyFactory(shared_with=ggz)
    assert Consent.objects.valid_on(family.consents.get().given_on).count() == 1
    granted = access.family_access(worker, family)
    assert granted.parts == {FamilyPart.BASICS, FamilyPart.PLAN, FamilyPart.CONTACTS}
    assert not granted.can_edit


def test_an_agreed_plan_has_its_version_agreed_and_a_draft_plan_has_none():
    agreed = PlanFactory(agreed=True)
    draft = PlanFactory()
    assert PlanVersion.objects.agreed().filter(plan=agreed).count() == 1
    assert not PlanVersion.objects.agreed().filter(plan=draft).exists()
