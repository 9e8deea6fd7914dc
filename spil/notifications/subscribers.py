"""What the communication rules hear: each domain event becomes a notice for the right
people. Registered in `NotificationsConfig.ready()`; the domain apps only emit, so they
never import this app. Subscribers run after the write has committed."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from spil.assessments.models import Escalation
from spil.core import events
from spil.families.models import Consent, Involvement
from spil.plans.models import Goal
from spil.trajectories.models import Trajectory

from . import services


def _actor(event: events.Event) -> Any:
    if event.actor_id is None:
        return None
    return get_user_model().objects.filter(pk=event.actor_id).first()


@transaction.atomic
def goal_reached(event: events.GoalReached) -> None:
    goal = Goal.objects.select_related("version__plan__family").get(pk=event.goal_id)
    services.notify(
        event="doel_bereikt",
        family=goal.version.plan.family,
        actor=_actor(event),
        obj=goal,
        key=f"goal:{goal.key}:{event.on.isoformat()}",
    )


@transaction.atomic
def escalation_raised(event: events.EscalationRaised) -> None:
    escalation = Escalation.objects.select_related("family").get(pk=event.escalation_id)
    services.notify(
        event="opschaling", family=escalation.family, actor=_actor(event), obj=escalation
    )


@transaction.atomic
def worker_changed(event: events.WorkerChanged) -> None:
    involvement = Involvement.objects.select_related("family").get(pk=event.involvement_id)
    services.notify(
        event="wisseling_hulpverlener",
        family=involvement.family,
        actor=_actor(event),
        obj=involvement,
    )


@transaction.atomic
def information_shared(event: events.InformationShared) -> None:
    consent = Consent.objects.select_related("family").get(pk=event.consent_id)
    services.notify(
        event="informatie_gedeeld", family=consent.family, actor=_actor(event), obj=consent
    )


@transaction.atomic
def coach_assigned(event: events.CoachAssigned) -> None:
    trajectory = Trajectory.objects.select_related("family").get(pk=event.trajectory_id)
    users = get_user_model().objects.in_bulk(
        [pk for pk in (event.coach_id, event.previous_id) if pk is not None]
    )
    actor = _actor(event)
    today = timezone.localdate().isoformat()
    coach = users.get(event.coach_id) if event.coach_id is not None else None
    previous = users.get(event.previous_id) if event.previous_id is not None else None
    if event.role == "backup" and previous is not None:
        # A change of back-up (seed 004: "wisseling van hulpverlener"); a first one is not.
        new = coach.uuid if coach is not None else "geen"
        services.notify(
            event="wisseling_hulpverlener",
            family=trajectory.family,
            actor=actor,
            obj=trajectory,
            key=f"trajectory:{trajectory.uuid}:backup:{previous.uuid}:{new}:{today}",
            extra={"what": "backup" if coach is not None else "backup_removed"},
        )
    if coach is not None:
        services.notify(
            event="gezin_toegewezen",
            family=trajectory.family,
            actor=actor,
            key=f"trajectory:{trajectory.uuid}:{event.role}:{coach.uuid}:{today}",
            concerned=[coach],
            extra={"role": event.role},
        )


def register() -> None:
    events.subscribe(events.GoalReached, goal_reached)
    events.subscribe(events.EscalationRaised, escalation_raised)
    events.subscribe(events.WorkerChanged, worker_changed)
    events.subscribe(events.InformationShared, information_shared)
    events.subscribe(events.CoachAssigned, coach_assigned)
