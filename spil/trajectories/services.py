from datetime import date
from typing import Any

from django.db import transaction

from spil.core import audit
from spil.directory.models import Programme
from spil.families.models import Family

from .models import Trajectory


@transaction.atomic
def trajectory_open(
    *,
    actor: Any,
    family: Family,
    kind: str,
    coach: Any,
    started_on: date,
    programme: Programme | None = None,
) -> Trajectory:
    trajectory = Trajectory(
        family=family, kind=kind, coach=coach, started_on=started_on, programme=programme
    )
    trajectory.full_clean()
    trajectory.save()
    audit.record(
        actor=actor,
        action="trajectory.opened",
        obj=trajectory,
        family=family,
        detail={"kind": kind},
    )
    return trajectory
