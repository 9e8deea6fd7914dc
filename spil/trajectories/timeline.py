"""The trajectory's milestones on the family's timeline: start, phase changes, closing.

They are part of "who is who", so everyone with access to the family sees them. One page
is read with three ordered, limited queries (starts, phase changes, closings), each
strictly before the cursor: never the family's whole history. Registered in
`TrajectoriesConfig.ready()`.
"""

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core.access import FamilyAccess
from spil.core.timeline import TimelineItem, start_of

from .models import PhaseChange, Trajectory


def _before_q(field: str, before: datetime | None) -> Q:
    """Days whose start (00:00 Amsterdam) lies strictly before `before`."""
    if before is None:
        return Q()
    day: date = timezone.localdate(before)
    if start_of(day) < before:
        return Q(**{f"{field}__lte": day})
    return Q(**{f"{field}__lt": day})


def _item(on: date, title: str) -> TimelineItem:
    return TimelineItem(at=start_of(on), kind="traject", label=_("Traject"), title=title)


def milestones(access: FamilyAccess, before: datetime | None, limit: int) -> list[TimelineItem]:
    family = access.family
    trajectories = Trajectory.objects.filter(family=family)
    starts = trajectories.filter(_before_q("started_on", before)).order_by("-started_on", "-id")
    changes = (
        PhaseChange.objects.filter(trajectory__family=family)
        .filter(_before_q("on", before))
        .order_by("-on", "-id")
    )
    closings = (
        trajectories.filter(closed_on__isnull=False)
        .filter(_before_q("closed_on", before))
        .order_by("-closed_on", "-id")
    )
    # Within one day: the start, then the phase changes, then the closing (the order the
    # family lived them); the merge in core.timeline keeps this order for equal moments.
    items = [
        _item(t.started_on, _("Het traject begon (%(kind)s)") % {"kind": t.get_kind_display()})
        for t in list(starts[:limit])[::-1]
    ]
    items += [
        _item(c.on, _("Nieuwe fase: %(phase)s") % {"phase": c.get_to_phase_display()})
        for c in list(changes[:limit])[::-1]
    ]
    items += [
        _item(t.closed_on, _("Het traject is afgesloten"))  # type: ignore[arg-type]
        for t in list(closings[:limit])[::-1]
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]
