"""What the communication rules hear: each domain event becomes a notice for the right
people. Registered in `NotificationsConfig.ready()`; the domain apps only emit, so they
never import this app. Subscribers run after the write has committed."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from spil.assessments.models import Escalation
from spil.contacts.models import Appointment
from spil.core import access as policy
from spil.core import events
from spil.core.roles import Role
from spil.families.models import Consent, EmergencyAccess, Involvement, Member
from spil.plans.models import Goal, PlanVersion
from spil.portal.models import CorrectionRequest, Message
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


# --- What the family does in its portal (issue 14): the coach is told ------------------


def _member_key(event: Any) -> str:
    member = Member.objects.filter(pk=event.member_id).values_list("uuid", flat=True).first()
    return str(member)


def _yes_no(agrees: bool) -> str:
    return "ja" if agrees else "nee"


@transaction.atomic
def family_responded_to_plan(event: events.FamilyRespondedToPlan) -> None:
    version = PlanVersion.objects.select_related("plan__family").get(pk=event.version_id)
    today = timezone.localdate().isoformat()
    services.notify(
        event="gezin_reageerde_op_plan",
        family=version.plan.family,
        actor=_actor(event),
        obj=version,
        key=f"planversion:{version.uuid}:{_member_key(event)}:{_yes_no(event.agrees)}:{today}",
        extra={"agrees": event.agrees},
    )


@transaction.atomic
def appointment_answered(event: events.AppointmentAnswered) -> None:
    """Only a cancellation is told; a confirmation shows on the family's appointments."""
    if not event.cancelled:
        return
    appointment = Appointment.objects.select_related("family", "worker").get(
        pk=event.appointment_id
    )
    starts = timezone.localtime(appointment.starts_at)
    when = f"{date_format(starts, 'DATE_FORMAT')} {time_format(starts, 'TIME_FORMAT')}"
    services.notify(
        event="afspraak_afgezegd_door_gezin",
        family=appointment.family,
        actor=_actor(event),
        obj=appointment,
        concerned=[appointment.worker],
        extra={"when": when},
    )


@transaction.atomic
def consent_changed_by_family(event: events.ConsentChangedByFamily) -> None:
    """The coach is told either way; a new consent also tells the team within consent
    (as a consent recorded by the coach does), once per person."""
    consent = Consent.objects.select_related("family", "organisation").get(pk=event.consent_id)
    actor = _actor(event)
    told = services.notify(
        event="toestemming_gewijzigd_door_gezin",
        family=consent.family,
        actor=actor,
        obj=consent,
        key=f"consent:{consent.uuid}:{'ingetrokken' if event.withdrawn else 'gegeven'}",
        extra={"withdrawn": event.withdrawn},
    )
    if not event.withdrawn:
        services.notify(
            event="informatie_gedeeld",
            family=consent.family,
            actor=actor,
            obj=consent,
            exclude=[notice.recipient for notice in told],
        )


@transaction.atomic
def family_message_sent(event: events.FamilyMessageSent) -> None:
    message = Message.objects.select_related("family").get(pk=event.message_id)
    services.notify(
        event="bericht_van_gezin", family=message.family, actor=_actor(event), obj=message
    )


@transaction.atomic
def correction_requested(event: events.CorrectionRequested) -> None:
    request = CorrectionRequest.objects.select_related("family").get(pk=event.request_id)
    services.notify(
        event="correctieverzoek", family=request.family, actor=_actor(event), obj=request
    )


@transaction.atomic
def family_answered_closing(event: events.FamilyAnsweredClosing) -> None:
    trajectory = Trajectory.objects.select_related("family").get(pk=event.trajectory_id)
    today = timezone.localdate().isoformat()
    services.notify(
        event="gezin_over_afsluiten",
        family=trajectory.family,
        actor=_actor(event),
        obj=trajectory,
        key=(
            f"trajectory:{trajectory.uuid}:afsluiten:{_member_key(event)}:"
            f"{_yes_no(event.agrees)}:{today}"
        ),
        extra={"agrees": event.agrees},
    )


@transaction.atomic
def emergency_access_opened(event: events.EmergencyAccessOpened) -> None:
    """The coach (and back-up) hears that someone opened the family by noodtoegang."""
    opening = EmergencyAccess.objects.select_related("family").get(pk=event.emergency_access_id)
    roles = policy.roles(opening.user)
    role = _("teamleider") if Role.TEAM_LEAD in roles else _("medewerker van het meldpunt")
    services.notify(
        event="noodtoegang",
        family=opening.family,
        actor=_actor(event),
        obj=opening,
        extra={"role": role},
    )


def register() -> None:
    events.subscribe(events.GoalReached, goal_reached)
    events.subscribe(events.EscalationRaised, escalation_raised)
    events.subscribe(events.WorkerChanged, worker_changed)
    events.subscribe(events.InformationShared, information_shared)
    events.subscribe(events.CoachAssigned, coach_assigned)
    events.subscribe(events.FamilyRespondedToPlan, family_responded_to_plan)
    events.subscribe(events.AppointmentAnswered, appointment_answered)
    events.subscribe(events.ConsentChangedByFamily, consent_changed_by_family)
    events.subscribe(events.FamilyMessageSent, family_message_sent)
    events.subscribe(events.CorrectionRequested, correction_requested)
    events.subscribe(events.FamilyAnsweredClosing, family_answered_closing)
    events.subscribe(events.EmergencyAccessOpened, emergency_access_opened)
