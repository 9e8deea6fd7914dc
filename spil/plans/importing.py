"""Goal history from a CSV export, such as `fixtures/vig_pilot.csv` (the VIG pilot of
seed 000 in the shape of Spil's plans), for tests and for trying the goal report.

    plans = load_goal_history(path=path, actor=coach, programme=vig)

One row per goal: family key, the trajectory's start, the goal in the family's words, the
life domain's code (Leefgebieden), target date, status and status date. Lines starting
with "#" are comments. Each family gets a trajectory in `programme`, a plan agreed five
weeks after the start, its goals, and their status — all through the services, so the
history is validated and audited like live work. A bad row refuses the whole file.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from os import PathLike
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.assessments.models import Domain
from spil.core.access import family_access
from spil.directory.models import Programme
from spil.families import services as family_services
from spil.families.services import MemberData
from spil.trajectories.services import trajectory_open

from . import services
from .models import Goal, Plan

COLUMNS = ("family", "started_on", "goal", "domain", "target_on", "status", "status_on")
AGREED_AFTER = timedelta(weeks=5)


@dataclass(frozen=True)
class GoalRow:
    line: int
    family: str
    started_on: date
    title: str
    domain: Domain
    target_on: date | None
    status: str
    status_on: date | None


def _date(value: str, line: int, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(
            _("Regel %(line)d: %(column)s is geen datum (JJJJ-MM-DD).")
            % {"line": line, "column": column}
        ) from error


def read_rows(path: str | PathLike[str]) -> list[GoalRow]:
    text = Path(path).read_text(encoding="utf-8")
    lines = [(n, row) for n, row in enumerate(text.splitlines(), start=1) if row.strip()]
    content = [(n, row) for n, row in lines if not row.lstrip().startswith("#")]
    reader = csv.DictReader([row for _n, row in content], delimiter=";")
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValidationError(
            _("De kolommen moeten zijn: %(columns)s.") % {"columns": ";".join(COLUMNS)}
        )
    domains = {d.code: d for d in Domain.objects.filter(instrument__code="leefgebieden")}
    rows = []
    for (line, _raw), record in zip(content[1:], reader, strict=True):
        started_on = _date(record["started_on"], line, "started_on")
        if started_on is None:
            raise ValidationError(_("Regel %(line)d: started_on ontbreekt.") % {"line": line})
        domain = domains.get(record["domain"].strip())
        if domain is None:
            raise ValidationError(_("Regel %(line)d: onbekend leefgebied.") % {"line": line})
        status = record["status"].strip() or Goal.Status.OPEN
        if status not in Goal.Status.values:
            raise ValidationError(_("Regel %(line)d: onbekende status.") % {"line": line})
        rows.append(
            GoalRow(
                line=line,
                family=record["family"].strip(),
                started_on=started_on,
                title=record["goal"].strip(),
                domain=domain,
                target_on=_date(record["target_on"], line, "target_on"),
                status=status,
                status_on=_date(record["status_on"], line, "status_on"),
            )
        )
    return rows


@transaction.atomic
def load_goal_history(
    *, path: str | PathLike[str], actor: Any, programme: Programme | None
) -> list[Plan]:
    per_family: dict[str, list[GoalRow]] = defaultdict(list)
    for row in read_rows(path):
        per_family[row.family].append(row)
    plans = []
    for key, rows in per_family.items():
        started_on = rows[0].started_on
        name = f"Pilot {key}"
        family = family_services.family_create(
            actor=actor,
            name=name,
            members=[
                MemberData(
                    role="ouder", first_name="Ouder", surname=name, has_parental_authority=True
                )
            ],
        )
        trajectory_open(
            actor=actor,
            family=family,
            kind="gezinscoach",
            coach=actor,
            started_on=started_on,
            programme=programme,
        )
        # The actor now coaches the family: the policy opens its file to them.
        plan = services.plan_start(access=family_access(actor, family), started_on=started_on)
        goals = [
            services.goal_add(
                actor=actor, plan=plan, title=row.title, domain=row.domain, target_on=row.target_on
            )
            for row in rows
        ]
        services.plan_agree(
            actor=actor,
            plan=plan,
            agreed_on=started_on + AGREED_AFTER,
            agreed_how="op_papier",
            agreed_by=list(family.members.all()),
        )
        for goal, row in zip(goals, rows, strict=True):
            if row.status != Goal.Status.OPEN:
                services.goal_set_status(
                    actor=actor, goal=goal, status=row.status, on=row.status_on
                )
        plans.append(plan)
    return plans
