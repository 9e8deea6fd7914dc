"""The time-based rules, evaluated for one day (Europe/Amsterdam) by
`python manage.py send_due_notifications`.

- plan due within 7 days: the agreed plan is due (the caseload's "plan klaar" deadline,
  when no plan was agreed yet in this trajectory), or the plan's next evaluation
  (halfway, end, or the date agreed at the last evaluation — as on the plan page);
- trajectory end within 30 days: the trajectory's end date (programme, extensions), as
  the caseload's "einde in zicht";
- appointment tomorrow: a planned appointment that starts tomorrow (seed 003: the
  reminder the day before), to the appointment's worker;
- promise overdue: an open promise past its date.

A window rather than one exact day, so a day without a run is caught up; each notice's
key names the date it is about, so it is stored and sent once however often this runs.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import IntegerField, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import time_format

from spil.contacts.models import Appointment, Promise
from spil.core.mail import retry_later
from spil.core.sql import day_bounds
from spil.plans.models import Evaluation, Plan, PlanVersion
from spil.plans.selectors import evaluation_moments
from spil.trajectories.models import Extension, Trajectory
from spil.trajectories.selectors import ACTIVE, deadlines_for

from . import rules
from .rules import Event
from .services import deliver_batch, notify, send_notification_emails


@dataclass
class Summary:
    """Counts only: what a log or a terminal may show."""

    notices: Counter[str] = field(default_factory=Counter)
    emails: int = 0

    @property
    def total(self) -> int:
        return sum(self.notices.values())


class _Run:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.settings = rules.settings_now()
        self.summary = Summary()

    def tell(
        self,
        event: Event,
        family: Any,
        *,
        obj: Any,
        key: str,
        extra: dict[str, Any] | None = None,
        concerned: list[Any] | None = None,
    ) -> None:
        setting = self.settings[event]
        if not setting.is_active:
            return
        with transaction.atomic():
            stored = notify(
                event=event,
                family=family,
                actor=None,
                obj=obj,
                key=key,
                extra=extra,
                concerned=concerned or [],
                setting=setting,
                defer_email=True,
            )
        self.summary.notices[event.value] += len(stored)

    # --- Plan due and trajectory end -----------------------------------------------------

    def trajectories(self) -> None:
        window_plan = self.today + dt.timedelta(days=rules.PLAN_DUE_DAYS)
        window_end = self.today + dt.timedelta(days=rules.TRAJECTORY_END_DAYS)
        running = list(
            Trajectory.objects.running()
            .filter(phase__in=ACTIVE, programme__isnull=False)
            .select_related("family", "programme")
            .prefetch_related("family__members")
            .annotate(
                approved_months=Coalesce(
                    Sum(
                        "extensions__months",
                        filter=Q(extensions__status=Extension.Status.APPROVED),
                    ),
                    Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("id")
        )
        plans = {
            plan.family_id: plan
            for plan in Plan.objects.filter(
                status=Plan.Status.ACTIVE, family_id__in=[t.family_id for t in running]
            ).prefetch_related(
                Prefetch(
                    "evaluations", queryset=Evaluation.objects.order_by("held_on", "created_at")
                ),
                Prefetch(
                    "versions",
                    queryset=PlanVersion.objects.agreed(),
                    to_attr="agreed_versions",
                ),
            )
        }
        for trajectory in running:
            due = deadlines_for(trajectory)
            if due is None:
                continue
            family = trajectory.family
            plan = plans.get(family.pk)
            agreed_versions: list[PlanVersion] = getattr(plan, "agreed_versions", [])
            agreed = any(
                v.agreed_on is not None and v.agreed_on >= trajectory.started_on
                for v in agreed_versions
            )
            if not agreed and self.today <= due.plan_due <= window_plan:
                self.tell(
                    Event.PLAN_DUE,
                    family,
                    obj=trajectory,
                    key=f"trajectory:{trajectory.uuid}:plan:{due.plan_due.isoformat()}",
                    extra={"what": "plan", "on": due.plan_due},
                )
            if plan is not None:
                upcoming, _missed = evaluation_moments(
                    due, list(plan.evaluations.all()), self.today
                )
                if upcoming is not None and upcoming.on <= window_plan:
                    self.tell(
                        Event.PLAN_DUE,
                        family,
                        obj=plan,
                        key=f"plan:{plan.uuid}:{upcoming.kind}:{upcoming.on.isoformat()}",
                        extra={"what": "evaluation", "on": upcoming.on, "label": upcoming.label},
                    )
            if due.end is not None and self.today <= due.end <= window_end:
                self.tell(
                    Event.TRAJECTORY_ENDING,
                    family,
                    obj=trajectory,
                    key=f"trajectory:{trajectory.uuid}:end:{due.end.isoformat()}",
                    extra={"on": due.end},
                )

    # --- Appointments and promises -------------------------------------------------------

    def appointments(self) -> None:
        tomorrow = self.today + dt.timedelta(days=1)
        start, end = day_bounds(tomorrow, tomorrow)
        planned = (
            Appointment.objects.filter(
                status=Appointment.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
            )
            .select_related("family", "worker")
            .order_by("starts_at", "id")
        )
        for appointment in planned:
            starts = timezone.localtime(appointment.starts_at)
            self.tell(
                Event.APPOINTMENT_TOMORROW,
                appointment.family,
                obj=appointment,
                key=f"appointment:{appointment.uuid}:{starts:%Y-%m-%dT%H:%M}",
                extra={"time": time_format(starts, "TIME_FORMAT")},
                concerned=[appointment.worker],
            )

    def promises(self) -> None:
        overdue = (
            Promise.objects.filter(status=Promise.Status.OPEN, due_on__lt=self.today)
            .select_related("family", "by_user", "by_involvement__worker")
            .order_by("due_on", "id")
        )
        for promise in overdue:
            by_worker = promise.by_involvement.worker if promise.by_involvement else None
            self.tell(
                Event.PROMISE_OVERDUE,
                promise.family,
                obj=promise,
                key=f"promise:{promise.uuid}:{promise.due_on.isoformat()}",
                concerned=[promise.by_user, by_worker],
            )


def run(*, today: dt.date | None = None) -> Summary:
    """Evaluate every time-based rule for `today` (default: today in Europe/Amsterdam),
    store the notices, then send the e-mails — one per person — after they are committed.
    When some e-mails could not be sent, the others are sent, a retry of those is queued and
    `EmailNotSent` is raised (the daily task shows FAILED in beheer's list of tasks)."""
    current = _Run(today or timezone.localdate())
    current.trajectories()
    current.appointments()
    current.promises()
    # Every notice is committed by now (each item had its own transaction); this also
    # retries e-mails an earlier run could not send.
    delivery = deliver_batch()
    current.summary.emails = delivery.sent
    if delivery.not_sent:
        # Sent what could go; the rest is retried as every notice's e-mail is (after 1, 5,
        # 30 and 120 minutes), and this run fails visibly (counts only: EmailNotSent).
        retry_later(
            send_notification_emails,
            attempt=1,
            failed=delivery.not_sent,
            sent=delivery.sent,
            ids=delivery.waiting,
        )
    return current.summary
