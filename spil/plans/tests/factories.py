"""Test data for plans: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import factory

from spil.assessments.models import Domain
from spil.assessments.tests.factories import ensure_builtin_instruments
from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.directory.models import Programme
from spil.families import services as family_services
from spil.families.tests.factories import World
from spil.plans import services
from spil.plans.models import Plan, PlanVersion
from spil.trajectories.models import Trajectory


def domain(code: str = "financien_schulden") -> Domain:
    ensure_builtin_instruments()
    return Domain.objects.get(instrument__code="leefgebieden", code=code)


class PlanWorld(World):
    """The family world with a programme (goal limit 3, plan within 6 weeks), a GGZ worker
    and a school in the team around the family, and an aunt in the network."""

    def __init__(self):
        super().__init__()
        ensure_builtin_instruments()
        self.programme = Programme.objects.create(
            name="VIG",
            provider=self.coaching,
            frame="drang",
            duration="vast",
            duration_months=6,
            max_months=12,
            plan_due_weeks=6,
            first_plan_goal_limit=3,
        )
        self.trajectory = Trajectory.objects.get(family=self.family)
        self.trajectory.programme = self.programme
        self.trajectory.save()
        self.daan = self.family.members.get(first_name="Daan")
        self.ggz_involvement = family_services.involvement_add(
            access=family_access(self.coach, self.family),
            role="ggz",
            organisation=self.ggz,
            worker=self.ggz_worker,
            since=days_ago(50),
        )
        self.school_involvement = family_services.involvement_add(
            access=family_access(self.coach, self.family),
            role="school",
            organisation=self.school,
            worker=self.teacher,
            since=days_ago(50),
        )
        self.aunt = family_services.network_contact_save(
            access=family_access(self.coach, self.family),
            name="tante Ria",
            relation="zus van Karin",
            sector="familie",
        )

    def start_plan(self, **kwargs):
        return services.plan_start(
            access=family_access(self.coach, self.family), started_on=days_ago(50), **kwargs
        )

    def goal(self, plan, title="Wij hebben rust in huis", code="gezinssituatie_opvoeding", **kw):
        return services.goal_add(
            actor=self.coach, plan=plan, title=title, domain=domain(code), **kw
        )

    def step(self, goal, what="Samen een weekrooster maken", owner=None, due=None):
        return services.step_add(
            actor=self.coach,
            goal=goal,
            what=what,
            owner=owner if owner is not None else self.parent,
            due_on=due,
        )

    def agree(self, plan, on=None, how="in_gesprek"):
        return services.plan_agree(
            actor=self.coach,
            plan=plan,
            agreed_on=on or days_ago(1),
            agreed_how=how,
            agreed_by=[self.parent],
        )


# --- factory_boy ------------------------------------------------------------------------------


class PlanFactory(factory.django.DjangoModelFactory):
    """An active plan of a family with a running trajectory, with its first version as a
    draft; `PlanFactory(agreed=True)` has that version agreed with the family."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    trajectory = factory.SubFactory("spil.trajectories.tests.factories.TrajectoryFactory")
    family = factory.SelfAttribute("trajectory.family")
    started_on = factory.LazyFunction(lambda: days_ago(20))
    created_by = factory.SelfAttribute("trajectory.coach")

    @factory.post_generation
    def agreed(obj, create, extracted, **kwargs):
        if not create:
            return
        version = PlanVersion(plan=obj, number=1, created_by=obj.created_by)
        if extracted:
            version.status = PlanVersion.Status.AGREED
            version.agreed_on = days_ago(10)
            version.agreed_how = PlanVersion.Method.PAPER
            version.agreement_recorded_by = obj.created_by
        version.save()
