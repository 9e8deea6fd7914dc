"""Keeping live trajectories in the monitoring's fact table (ADR 0015).

When a trajectory, its closure, an extension, a reopening, a goal, a plan (version) or a
programme is saved or deleted, the `TrajectoryRecord`s of the trajectories concerned are
brought up to date in the same transaction, in a fixed number of queries (`refresh`).

`refresh_all()` rebuilds every live record (the command `refresh_monitoring`, the demo);
it is idempotent: a record that is already right is not written.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save, pre_delete

from spil.directory.models import Programme
from spil.plans.models import Goal, Plan
from spil.trajectories.deadlines import add_months
from spil.trajectories.models import Closure, Extension, Reopening, Trajectory

from .models import TrajectoryRecord

REOPENED_WITHIN_DAYS = 365
_CHUNK = 500
FIELDS = (
    "programme_id",
    "coach_id",
    "trajectory_type",
    "started_on",
    "closed_on",
    "closure_reason",
    "closure_agreement",
    "coach_kind",
    "duration_days",
    "frame_end",
    "extensions",
    "goals_set",
    "goals_reached",
    "reopened_on",
)


def frame_end(programme: Programme | None, started_on: date) -> date | None:
    """The last day a trajectory may run in its programme: the start plus the maximum with
    extensions (or the fixed duration when there is no maximum); None without a fixed
    duration."""
    if programme is None or programme.duration != Programme.Duration.FIXED:
        return None
    months = programme.max_months or programme.duration_months
    return add_months(started_on, months) if months else None


def refresh(trajectory_ids: Iterable[int]) -> int:
    """Bring the records of these trajectories up to date; returns how many were written."""
    ids = sorted(set(trajectory_ids))
    written = 0
    for start in range(0, len(ids), _CHUNK):
        written += _refresh_chunk(ids[start : start + _CHUNK])
    return written


def refresh_all() -> int:
    return refresh(Trajectory.objects.values_list("id", flat=True))


def _refresh_chunk(ids: list[int]) -> int:
    trajectories = list(Trajectory.objects.filter(id__in=ids).select_related("programme"))
    extensions = dict(
        Extension.objects.filter(trajectory_id__in=ids, status=Extension.Status.APPROVED)
        .order_by()
        .values("trajectory_id")
        .annotate(n=Count("id"))
        .values_list("trajectory_id", "n")
    )
    goals = {
        row["version__plan__trajectory_id"]: row
        for row in Goal.objects.filter(
            version__plan__trajectory_id__in=ids, version__is_current=True
        )
        .order_by()
        .values("version__plan__trajectory_id")
        .annotate(n=Count("id"), reached=Count("id", filter=Q(status=Goal.Status.REACHED)))
    }
    closures: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for trajectory_id, closed_on, reason, agreement in Closure.objects.filter(
        trajectory_id__in=ids
    ).values_list("trajectory_id", "closed_on", "reason", "family_agreement"):
        closures[trajectory_id].append((closed_on, reason, agreement))
    reopenings: dict[int, list[date]] = defaultdict(list)
    for trajectory_id, reopened_on in Reopening.objects.filter(trajectory_id__in=ids).values_list(
        "trajectory_id", "reopened_on"
    ):
        reopenings[trajectory_id].append(reopened_on)
    existing = {r.trajectory_id: r for r in TrajectoryRecord.objects.filter(trajectory_id__in=ids)}

    new: list[TrajectoryRecord] = []
    changed: list[TrajectoryRecord] = []
    for trajectory in trajectories:
        facts = _facts(
            trajectory,
            extensions.get(trajectory.id, 0),
            goals.get(trajectory.id),
            sorted(closures[trajectory.id]),
            sorted(reopenings[trajectory.id]),
        )
        record = existing.get(trajectory.id)
        if record is None:
            new.append(
                TrajectoryRecord(
                    source=TrajectoryRecord.Source.LIVE, trajectory_id=trajectory.id, **facts
                )
            )
        elif any(getattr(record, name) != value for name, value in facts.items()):
            for name, value in facts.items():
                setattr(record, name, value)
            record.revision += 1
            changed.append(record)
    TrajectoryRecord.objects.bulk_create(new)
    if changed:
        TrajectoryRecord.objects.bulk_update(changed, [*FIELDS, "revision", "updated_at"])
    return len(new) + len(changed)


def _facts(
    trajectory: Trajectory,
    extensions: int,
    goals: Mapping[str, Any] | None,
    closures: list[tuple[date, str, str]],
    reopenings: list[date],
) -> dict[str, Any]:
    closed_on = trajectory.closed_on
    reason = agreement = ""
    if closed_on is not None:
        before = [(r, a) for on, r, a in closures if on <= closed_on]
        reason = before[-1][0] if before else Closure.Reason.OTHER.value
        agreement = before[-1][1] if before else Closure.FamilyAgreement.NOT_ASKED.value
    reopened_on = None
    for on in reopenings:
        if any(on - timedelta(days=REOPENED_WITHIN_DAYS) <= c <= on for c, _r, _a in closures):
            reopened_on = on
    return {
        "programme_id": trajectory.programme_id,
        "coach_id": trajectory.coach_id,
        "trajectory_type": trajectory.trajectory_type,
        "started_on": trajectory.started_on,
        "closed_on": closed_on,
        "closure_reason": reason,
        "closure_agreement": agreement,
        "coach_kind": trajectory.coach_kind,
        "duration_days": (closed_on - trajectory.started_on).days if closed_on else None,
        "frame_end": frame_end(trajectory.programme, trajectory.started_on),
        "extensions": extensions,
        "goals_set": goals["n"] if goals else 0,
        "goals_reached": goals["reached"] if goals else 0,
        "reopened_on": reopened_on,
    }


# --- Keeping up as Spil changes ----------------------------------------------------------------
#
# In the same transaction as the change (not after commit): a rolled-back change leaves the
# facts as they were, and no one else's after-commit work sees extra callbacks.

_deleting = threading.local()


def _refresh_unless_deleted(trajectory_ids: Iterable[int | None]) -> None:
    skip: set[int] = getattr(_deleting, "ids", set())
    refresh(i for i in trajectory_ids if i is not None and i not in skip)


@contextmanager
def kept_as_they_are(trajectory_ids: Iterable[int]) -> Iterator[None]:
    """Inside the block the facts of these trajectories are not recomputed: a file being
    destroyed after its retention period (spil.rights) keeps its anonymous figures as they
    were, whatever of it is deleted first."""
    ids: set[int] = getattr(_deleting, "ids", set())
    added = set(trajectory_ids) - ids
    ids |= added
    _deleting.ids = ids
    try:
        yield
    finally:
        ids -= added


def _on_trajectory(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted([instance.pk])


def _on_trajectory_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A trajectory on its way out (with its closures, extensions, … and its record): its
    children's deletions must not write a new record for it."""
    ids: set[int] = getattr(_deleting, "ids", set())
    ids.add(instance.pk)
    _deleting.ids = ids


def _on_trajectory_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    getattr(_deleting, "ids", set()).discard(instance.pk)


def _on_child(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted([instance.trajectory_id])


def _on_goal(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted(
        Plan.objects.filter(versions__id=instance.version_id).values_list(
            "trajectory_id", flat=True
        )
    )


def _on_version(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted(
        Plan.objects.filter(id=instance.plan_id).values_list("trajectory_id", flat=True)
    )


def _on_plan(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted([instance.trajectory_id])


def _on_programme(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_unless_deleted(
        Trajectory.objects.filter(programme_id=instance.pk).values_list("id", flat=True)
    )


def connect() -> None:
    """Called once from `ReportsConfig.ready()`."""
    for model in (Closure, Extension, Reopening):
        post_save.connect(_on_child, sender=model, dispatch_uid=f"reports-{model.__name__}")
        post_delete.connect(_on_child, sender=model, dispatch_uid=f"reports-del-{model.__name__}")
    post_save.connect(_on_trajectory, sender=Trajectory, dispatch_uid="reports-trajectory")
    pre_delete.connect(
        _on_trajectory_deleting, sender=Trajectory, dispatch_uid="reports-deleting-trajectory"
    )
    post_delete.connect(
        _on_trajectory_deleted, sender=Trajectory, dispatch_uid="reports-deleted-trajectory"
    )
    post_save.connect(_on_goal, sender=Goal, dispatch_uid="reports-goal")
    post_delete.connect(_on_goal, sender=Goal, dispatch_uid="reports-del-goal")
    post_save.connect(_on_version, sender="plans.PlanVersion", dispatch_uid="reports-version")
    post_save.connect(_on_plan, sender=Plan, dispatch_uid="reports-plan")
    post_save.connect(_on_programme, sender=Programme, dispatch_uid="reports-programme")
