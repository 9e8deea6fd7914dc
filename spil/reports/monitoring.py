"""The municipality's figures over a period (issue 15), as `spil.core.figures.Section`s.

    sections = monitoring(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31),
                          programme=None, team=None)

The one source of the monitoring page, its exports and `report_monitoring`. Sections, in
this order and with these keys: `referrals`, `trajectories`, `goals`, `life_domains`,
`trust`, `caseload`, then from the apps that own them `signals`, `work_budget` and
`coordination_survey`. Every figure carries its Dutch definition (the "?" on the page and the
same text in the exports). Small numbers are hidden here, before anything renders
(`spil.core.figures`), secondary suppression included.

Where the figures come from (ADR 0015):
- trajectories, goals set/reached and the caseload read one table of anonymous facts,
  `TrajectoryRecord`, which holds live trajectories (kept up to date by `facts`) and past
  ones imported from a history sheet — so both are counted by the same queries;
- referrals, evaluation scores, life domains and trust read the domain tables directly
  (there is no history of them to import).

Every figure is computed in the database: conditional counts and sums in one aggregate
query per source, the quartiles with `percentile_cont` (PostgreSQL) or a window function
(SQLite), see `sql.quantiles`. The number of queries is fixed: it does not grow with the
data.

Filters: `programme` keeps trajectories of that programme (and the referrals, goals,
measurements, promises and appointments belonging to them); `team` keeps trajectories whose
coach is a member of that team. Imported trajectories have no coach: with a team chosen
they are not counted.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, connections
from django.db.models import Avg, Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from spil.accounts.models import Membership, Organisation
from spil.assessments.models import Escalation, Score
from spil.budgets import reporting as budget_reporting
from spil.contacts.models import Appointment, Contact, Promise
from spil.core import db_router
from spil.core.figures import (
    DAYS,
    MEAN,
    PERCENT,
    TEXT,
    Cell,
    Figure,
    Row,
    Section,
    Table,
    count,
    derived,
    percent,
    plain,
    suppress_table,
)
from spil.core.sql import DaysBetween, PercentileCont, on_or_after_day, quantiles, within_days
from spil.directory.models import Programme
from spil.intake.models import Outcome, Referral, Weighing
from spil.plans.models import GoalEvaluation, ScalingAnswer
from spil.signals import reporting as signal_reporting
from spil.surveys import reporting as survey_reporting
from spil.trajectories.models import Closure, CoachKind, Trajectory

from .models import TrajectoryRecord

SECTION_KEYS = (
    "referrals",
    "trajectories",
    "goals",
    "life_domains",
    "trust",
    "caseload",
    "signals",
    "work_budget",
    "coordination_survey",
)
QUARTILES = (0.25, 0.5, 0.75)
NO_TYPE = "geen"  # the row of trajectories without a trajectory type
OPEN = "open"  # the row of referrals without an outcome yet
NO_CODE = "geen_code"  # the row of records from before a code was asked


@dataclass(frozen=True)
class Scope:
    date_from: date
    date_to: date
    programme: Programme | None
    team: Any

    def records(self) -> QuerySet[TrajectoryRecord]:
        records = TrajectoryRecord.objects.order_by()
        if self.programme is not None:
            records = records.filter(programme=self.programme)
        if self.team is not None:
            records = records.filter(coach_id__in=self._team_users())
        return records

    def trajectories(self) -> QuerySet[Trajectory]:
        trajectories = Trajectory.objects.order_by()
        if self.programme is not None:
            trajectories = trajectories.filter(programme=self.programme)
        if self.team is not None:
            trajectories = trajectories.filter(coach_id__in=self._team_users())
        return trajectories

    def filtered(self) -> bool:
        return self.programme is not None or self.team is not None

    def _team_users(self) -> QuerySet[Any]:
        return Membership.objects.filter(team=self.team).values("user_id")

    @property
    def closed(self) -> Q:
        return Q(closed_on__gte=self.date_from, closed_on__lte=self.date_to)


def monitoring(
    *, date_from: date, date_to: date, programme: Any = None, team: Any = None
) -> list[Section]:
    scope = Scope(date_from, date_to, programme, team)
    # Figures over a period do not mind a replica's small lag: with one configured
    # (DATABASE_REPLICA_URL, docs/deployment.md) every read here goes there.
    with db_router.read_from_replica():
        facts = _trajectory_facts(scope)
        return [
            _referrals(scope),
            _with_escalations(_trajectories(scope, facts), scope),
            _goals(scope, facts),
            _life_domains(scope, facts),
            _trust(scope),
            _caseload(scope, facts),
            *_conversation(scope),
        ]


def _conversation(scope: "Scope") -> list[Section]:
    """The municipality's conversation with its coaches and partners: policy signals and
    breakthroughs, the work budget, the coordination survey. None belongs to a programme,
    and the survey to no team: with such a filter chosen the section says it counts all."""
    for_all_programmes = _("Deze cijfers gelden voor alle programma's samen.")
    for_all_teams = _("Deze cijfers gelden voor alle teams samen.")
    sections = [
        (
            signal_reporting.section(
                date_from=scope.date_from, date_to=scope.date_to, team=scope.team
            ),
            True,
        ),
        (
            budget_reporting.section(
                date_from=scope.date_from, date_to=scope.date_to, team=scope.team
            ),
            True,
        ),
        (survey_reporting.section(date_from=scope.date_from, date_to=scope.date_to), False),
    ]
    shown = []
    for section, by_team in sections:
        notes = list(section.notes)
        if scope.programme is not None:
            notes.insert(0, for_all_programmes)
        if scope.team is not None and not by_team:
            notes.insert(0, for_all_teams)
        shown.append(replace(section, notes=tuple(notes)))
    return shown


# --- Shared builders -------------------------------------------------------------------------


def _share_table(
    *,
    key: str,
    label: str,
    definition: str,
    first_column: str,
    rows: list[tuple[str, str, int]],
    total: int,
) -> Table:
    """A table of counts with their percentage of `total`, small numbers hidden."""
    table = Table(
        key=key,
        label=label,
        definition=definition,
        columns=(first_column, _("Aantal"), _("Percentage")),
        column_keys=("count", "percent"),
        rows=tuple(
            Row(code, row_label, (count(n), derived(percent(n, total), PERCENT, total)))
            for code, row_label, n in rows
        ),
        total=Row(
            "total", _("Totaal"), (count(total), derived(percent(total, total), PERCENT, total))
        ),
    )
    return suppress_table(table)


def _one_decimal(value: Any) -> float | None:
    """Rounded half up to one decimal, as the page prints it (the JSON shows the same)."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _days(value: float | None, base: int) -> Cell:
    return derived(_one_decimal(value), DAYS, base)


def _mean(value: Any, base: int) -> Cell:
    return derived(_one_decimal(value), MEAN, base)


# --- Referrals ------------------------------------------------------------------------------


def _referrals(scope: Scope) -> Section:
    referrals = Referral.objects.order_by().filter(
        received_on__gte=scope.date_from, received_on__lte=scope.date_to
    )
    if scope.filtered():
        referrals = referrals.filter(trajectory__in=scope.trajectories())
    kinds = Organisation.Kind.choices
    aggregates: dict[str, Any] = {
        "received": Count("id"),
        "weighed": Count("id", filter=Q(weighing__isnull=False)),
        "accepted": Count("id", filter=Q(weighing__decision=Weighing.Decision.ACCEPT)),
        "returned": Count("id", filter=Q(weighing__decision=Weighing.Decision.RETURN)),
    }
    decided = ~Q(outcome="") & Q(decided_on__isnull=False)
    to_decision = DaysBetween(F("decided_on"), F("received_on"))
    # Days to the first contact on or after the day of the referral: one step down the
    # contacts' (family, moment) index per referral. (A join grouped per referral read every
    # later contact of the family: 38 ms against 3 ms at 100x the demo. On a table just
    # bulk-loaded and not yet vacuumed PostgreSQL may walk the time index instead; the
    # autovacuum of a live database, and `make bench`, vacuum it.)
    first_contact = Subquery(
        Contact.objects.filter(family=OuterRef("family"))
        .filter(on_or_after_day("occurred_at", OuterRef("received_on")))
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    to_contact = referrals.filter(family__isnull=False).annotate(
        days=DaysBetween(TruncDate(first_contact), F("received_on"))
    )
    if connection.vendor == "postgresql":
        # The medians in the same query (ordered-set aggregates with a filter).
        aggregates["n_decision"] = Count("id", filter=decided)
        aggregates["decision_median"] = PercentileCont(to_decision, 0.5, filter=decided)
        row = referrals.aggregate(**aggregates)
        row.update(
            to_contact.aggregate(
                n_contact=Count("days"), contact_median=PercentileCont("days", 0.5)
            )
        )
    else:
        row = referrals.aggregate(**aggregates)
        row["n_decision"], (row["decision_median"],) = quantiles(
            referrals.filter(decided), to_decision, (0.5,)
        )
        row["n_contact"], (row["contact_median"],) = quantiles(to_contact, F("days"), (0.5,))
    # Per outcome and per kind of referrer: one grouped count (a few dozen rows at most).
    # With the returns at weighing per reason code (issue 20, point 3) in the same query.
    by_outcome: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    by_return_reason: dict[str, int] = defaultdict(int)
    for outcome, kind, decision, return_reason, n in (
        referrals.values(
            "outcome",
            "referrer_organisation_kind",
            "weighing__decision",
            "weighing__return_reason",
        )
        .annotate(n=Count("id"))
        .values_list(
            "outcome",
            "referrer_organisation_kind",
            "weighing__decision",
            "weighing__return_reason",
            "n",
        )
    ):
        by_outcome[outcome] += n
        by_kind[kind] += n
        if decision == Weighing.Decision.RETURN:
            by_return_reason[return_reason or ""] += n
    return_rows = [
        (code, str(label), by_return_reason[code]) for code, label in Weighing.ReturnReason.choices
    ]
    return_rows.append(
        (NO_CODE, _("Geen reden vastgelegd (van vóór de codes)"), by_return_reason[""])
    )
    received = row["received"]
    n_decision, decision_median = row["n_decision"], row["decision_median"]
    n_contact, contact_median = row["n_contact"], row["contact_median"]

    outcome_rows = [(code, str(label), by_outcome[code]) for code, label in Outcome.choices]
    outcome_rows.append((OPEN, _("Nog geen uitkomst"), by_outcome[""]))
    kind_rows = [(code, str(label), by_kind[code]) for code, label in kinds if by_kind[code]]
    return Section(
        key="referrals",
        title=_("Meldingen"),
        figures=(
            Figure(
                "received",
                _("Meldingen ontvangen"),
                count(received),
                _("Aantal meldingen met een ontvangstdatum in de periode."),
            ),
            Figure(
                "weighed",
                _("Gewogen"),
                count(row["weighed"]),
                _("Meldingen uit de periode die het meldpunt heeft gewogen op de vier criteria."),
            ),
            Figure(
                "accepted",
                _("Geaccepteerd voor beoordeling"),
                count(row["accepted"]),
                _("Gewogen meldingen die het meldpunt accepteerde voor een beoordeling."),
            ),
            Figure(
                "declined",
                _("Teruggelegd bij de weging"),
                count(row["returned"]),
                _("Gewogen meldingen die met advies zijn teruggelegd bij de melder."),
            ),
            Figure(
                "decision_median_days",
                _("Doorlooptijd tot besluit (mediaan, dagen)"),
                _days(decision_median, n_decision),
                _(
                    "De middelste waarde van het aantal dagen van ontvangst van de melding tot "
                    "het besluit, over de besloten meldingen uit de periode."
                ),
            ),
            Figure(
                "first_contact_median_days",
                _("Doorlooptijd tot eerste contact (mediaan, dagen)"),
                _days(contact_median, n_contact),
                _(
                    "De middelste waarde van het aantal dagen van ontvangst van de melding tot "
                    "het eerste vastgelegde contact met het gezin, over de meldingen uit de "
                    "periode waarbij dat contact er is."
                ),
            ),
        ),
        tables=(
            _share_table(
                key="by_outcome",
                label=_("Uitkomst per besluitcode"),
                definition=_(
                    "De meldingen uit de periode naar uitkomst (de code van het besluit), met "
                    "het aandeel van alle meldingen uit de periode."
                ),
                first_column=_("Uitkomst"),
                rows=outcome_rows,
                total=received,
            ),
            _share_table(
                key="returned_by_reason",
                label=_("Teruggelegd bij de weging, per reden"),
                definition=_(
                    "De meldingen uit de periode die het meldpunt bij de weging met advies "
                    "teruglegde, naar de reden die de coördinator koos, met het aandeel van "
                    "alle teruggelegde meldingen."
                ),
                first_column=_("Reden"),
                rows=return_rows,
                total=row["returned"],
            ),
            _share_table(
                key="by_referrer_kind",
                label=_("Meldingen per soort melder"),
                definition=_(
                    "De meldingen uit de periode naar de soort organisatie van de melder."
                ),
                first_column=_("Soort melder"),
                rows=kind_rows,
                total=received,
            ),
        ),
    )


# --- Trajectories (one aggregate over the fact table) ---------------------------------------


def _trajectory_facts(scope: Scope) -> dict[str, Any]:
    """Every trajectory figure in one pass over the rows of the period.

    Written as SQL (our own table and columns, every value a parameter): the query has some
    thirty conditional counts, and building it through the ORM cost more time than running
    it (ADR 0015). The rows of the period are found by one index range (`record_period`):
    started by its end and not closed before its start — a decade of history is not read.
    """
    table = TrajectoryRecord._meta.db_table
    params: list[Any] = []
    columns: list[str] = []

    def column(name: str, sql: str, *values: Any) -> None:
        columns.append(f"{sql} AS {name}")
        params.extend(values)

    f, t = scope.date_from, scope.date_to
    # The three tests of a row against the period, computed once per row in the inner
    # select (`OFFSET 0` keeps PostgreSQL from folding them back into each of the forty
    # filters below, which then tested every row forty times: 24 → 20 ms at 100,000
    # records, `manage.py bench_monitoring`).
    period = [
        "closed_on >= %s AND closed_on <= %s AS is_closed",
        "started_on >= %s AS is_started",
        "(closed_on IS NULL OR closed_on > %s) AS is_running",
    ]
    period_params: list[Any] = [f, t, f, t]
    closed = "is_closed"
    column("started", "COUNT(*) FILTER (WHERE is_started)")
    column("running", "COUNT(*) FILTER (WHERE is_running)")
    column("closed", f"COUNT(*) FILTER (WHERE {closed})")
    column("framed", f"COUNT(*) FILTER (WHERE {closed} AND frame_end IS NOT NULL)")
    column("within_frame", f"COUNT(*) FILTER (WHERE {closed} AND closed_on <= frame_end)")
    column("extended", f"COUNT(*) FILTER (WHERE {closed} AND extensions >= 1)")
    column("reopened", "COUNT(*) FILTER (WHERE reopened_on >= %s AND reopened_on <= %s)", f, t)
    column("with_goals", f"COUNT(*) FILTER (WHERE {closed} AND goals_set > 0)")
    # Scores and life domains exist for live trajectories only: without one closed in the
    # period, their queries are not run (they could find nothing).
    column("live_closed", f"COUNT(*) FILTER (WHERE {closed} AND source = %s)", "spil")
    column("goals_set", f"COALESCE(SUM(goals_set) FILTER (WHERE {closed}), 0)")
    column("goals_reached", f"COALESCE(SUM(goals_reached) FILTER (WHERE {closed}), 0)")
    types = [*Trajectory.Type.values, ""]
    for index, code in enumerate(types):
        column(f"type_{index}", "COUNT(*) FILTER (WHERE is_started AND trajectory_type = %s)", code)
    reasons = Closure.Reason.values
    for index, code in enumerate(reasons):
        column(f"reason_{index}", f"COUNT(*) FILTER (WHERE {closed} AND closure_reason = %s)", code)
    # Issue 20: closures per the family's word, running trajectories per kind of coach.
    agreements = Closure.FamilyAgreement.values
    for index, code in enumerate(agreements):
        column(
            f"agreement_{index}",
            f"COUNT(*) FILTER (WHERE {closed} AND closure_agreement = %s)",
            code,
        )
    coach_kinds = CoachKind.values
    for index, code in enumerate(coach_kinds):
        column(
            f"coach_kind_{index}", "COUNT(*) FILTER (WHERE is_running AND coach_kind = %s)", code
        )
    postgres = connection.vendor == "postgresql"
    if postgres:
        # The quartiles in the same pass: one ordered-set aggregate with its own filter.
        column(
            "quartiles",
            "percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY duration_days) "
            f"FILTER (WHERE {closed})",
        )
        column("durations", f"COUNT(duration_days) FILTER (WHERE {closed})")
    where = ["ends_on >= %s", "started_on <= %s"]
    where_params: list[Any] = [f, t]
    if scope.programme is not None:
        where.append("programme_id = %s")
        where_params.append(scope.programme.pk)
    if scope.team is not None:
        where.append(
            "coach_id IN (SELECT user_id FROM "  # noqa: S608 (our table name, a parameter)
            + Membership._meta.db_table
            + " WHERE team_id = %s)"
        )
        where_params.append(scope.team.pk)
    rows = " ".join(
        (
            "SELECT *,",
            ", ".join(period),
            "FROM",
            table,
            "WHERE",
            " AND ".join(where),
            # SQLite knows no OFFSET without a LIMIT, and has nothing to keep from folding.
            "OFFSET 0" if postgres else "",
        )
    )
    sql = " ".join(("SELECT", ", ".join(columns), "FROM (", rows, ") AS period_rows"))
    params += period_params + where_params
    with connections[
        db_router.alias_for_reads(TrajectoryRecord._meta.app_label)
    ].cursor() as cursor:
        cursor.execute(sql, params)
        names = [d[0] for d in cursor.description]
        facts = dict(zip(names, cursor.fetchone(), strict=True))
    for index, code in enumerate(types):
        facts[f"type_{code or NO_TYPE}"] = facts.pop(f"type_{index}")
    for index, code in enumerate(reasons):
        facts[f"reason_{code}"] = facts.pop(f"reason_{index}")
    for index, code in enumerate(agreements):
        facts[f"agreement_{code}"] = facts.pop(f"agreement_{index}")
    for index, code in enumerate(coach_kinds):
        facts[f"coach_kind_{code}"] = facts.pop(f"coach_kind_{index}")
    if postgres:
        facts["q1"], facts["median"], facts["q3"] = facts.pop("quartiles") or (None,) * 3
    else:
        n, (q1, median, q3) = quantiles(
            scope.records().filter(scope.closed), F("duration_days"), QUARTILES
        )
        facts.update(durations=n, q1=q1, median=median, q3=q3)
    return facts


def _trajectories(scope: Scope, facts: dict[str, Any]) -> Section:
    closed = facts["closed"]
    type_rows = [
        (code, str(label), facts[f"type_{code}"]) for code, label in Trajectory.Type.choices
    ]
    type_rows.append((NO_TYPE, _("Geen soort vastgelegd"), facts[f"type_{NO_TYPE}"]))
    reason_rows = [
        (code, str(label), facts[f"reason_{code}"]) for code, label in Closure.Reason.choices
    ]
    n = facts["durations"]
    agreement_rows = [
        (code, str(label), facts[f"agreement_{code}"])
        for code, label in Closure.FamilyAgreement.choices
    ]
    return Section(
        key="trajectories",
        title=_("Trajecten"),
        figures=(
            Figure(
                "started",
                _("Gestart"),
                count(facts["started"]),
                _("Trajecten met een startdatum in de periode, in Spil en uit de historie."),
            ),
            Figure(
                "running_at_end",
                _("Lopend aan het eind van de periode"),
                count(facts["running"]),
                _(
                    "Trajecten die op de laatste dag van de periode gestart en nog niet "
                    "gesloten waren."
                ),
            ),
            Figure(
                "closed",
                _("Afgesloten"),
                count(closed),
                _("Trajecten met een afsluitdatum in de periode."),
            ),
            Figure(
                "duration_median_days",
                _("Duur van de afgesloten trajecten (mediaan, dagen)"),
                _days(facts["median"], n),
                _(
                    "De middelste waarde van het aantal dagen van start tot afsluiten, over de "
                    "trajecten die in de periode zijn afgesloten."
                ),
            ),
            Figure(
                "duration_q1_days",
                _("Duur, eerste kwartiel (dagen)"),
                _days(facts["q1"], n),
                _(
                    "Een kwart van de in de periode afgesloten trajecten duurde korter dan dit "
                    "aantal dagen, driekwart langer."
                ),
            ),
            Figure(
                "duration_q3_days",
                _("Duur, derde kwartiel (dagen)"),
                _days(facts["q3"], n),
                _(
                    "Driekwart van de in de periode afgesloten trajecten duurde korter dan dit "
                    "aantal dagen, een kwart langer."
                ),
            ),
            Figure(
                "within_frame_percent",
                _("Afgesloten binnen het kader van het programma"),
                derived(percent(facts["within_frame"], facts["framed"]), PERCENT, facts["framed"]),
                _(
                    "Van de in de periode afgesloten trajecten in een programma met een vaste "
                    "duur: het deel dat afsloot vóór het maximum van het programma (de duur "
                    "met de verlengingen) voorbij was."
                ),
            ),
            Figure(
                "extension_percent",
                _("Met minstens één verlenging"),
                derived(percent(facts["extended"], closed), PERCENT, closed),
                _(
                    "Van de in de periode afgesloten trajecten: het deel met minstens één "
                    "toegekende verlenging."
                ),
            ),
            Figure(
                "reopened_within_year",
                _("Heropend binnen een jaar"),
                count(facts["reopened"]),
                _("Trajecten die in de periode zijn heropend, binnen een jaar na hun afsluiting."),
            ),
        ),
        tables=(
            _share_table(
                key="started_by_type",
                label=_("Gestart per soort traject"),
                definition=_(
                    "De in de periode gestarte trajecten naar soort (basis op orde, vinger aan "
                    "de pols, stut en steun, nazorg, opschaling)."
                ),
                first_column=_("Soort traject"),
                rows=type_rows,
                total=facts["started"],
            ),
            _share_table(
                key="closed_by_reason",
                label=_("Afgesloten per reden"),
                definition=_(
                    "De in de periode afgesloten trajecten naar de reden van afsluiten, met "
                    "het aandeel van alle afgesloten trajecten."
                ),
                first_column=_("Reden"),
                rows=reason_rows,
                total=closed,
            ),
            _share_table(
                key="closed_by_family_agreement",
                label=_("Afgesloten: eens met het gezin?"),
                definition=_(
                    "De afsluitingen in de periode van trajecten in Spil naar het antwoord van "
                    "het gezin: eens, niet eens, of niet gevraagd (ook alle afsluitingen van "
                    "vóór deze vraag). De historie kent dit antwoord niet."
                ),
                first_column=_("Antwoord van het gezin"),
                rows=agreement_rows,
                total=sum(n for _code, _label, n in agreement_rows),
            ),
        ),
    )


def _coach_kinds(facts: dict[str, Any]) -> Table:
    """The trajectories in Spil running on the last day of the period per kind of coach
    (issue 20, point 1), from the fact table's one pass."""
    rows = [(code, str(label), facts[f"coach_kind_{code}"]) for code, label in CoachKind.choices]
    return _share_table(
        key="running_by_coach_kind",
        label=_("Lopende trajecten per soort coach"),
        definition=_(
            "De trajecten in Spil die op de laatste dag van de periode liepen, naar wie de "
            "coach is: een medewerker van de coachende organisatie, een professional van een "
            "andere organisatie, iemand uit het netwerk van het gezin of een vrijwilliger "
            "(die twee zonder account; de coördinator houdt het dossier bij)."
        ),
        first_column=_("Soort coach"),
        rows=rows,
        total=sum(n for _code, _label, n in rows),
    )


# --- Goals --------------------------------------------------------------------------------------


def _live_closed(scope: Scope) -> QuerySet[Any]:
    """The live trajectories closed in the period, as a subquery of ids."""
    return (
        scope.records()
        .filter(scope.closed, source=TrajectoryRecord.Source.LIVE)
        .values("trajectory_id")
    )


NO_SCORES: dict[str, Any] = {"first": None, "last": None, "trajectories": 0}


def _evaluation_scores(scope: Scope) -> dict[str, Any]:
    """The family's scaling answers at each goal's first and last evaluation (goals with at
    least two), in live trajectories closed in the period."""
    evaluations = GoalEvaluation.objects.filter(goal_key=OuterRef("goal_evaluation__goal_key"))
    held = "evaluation__held_on"
    scores: dict[str, Any] = (
        ScalingAnswer.objects.order_by()
        .filter(
            member__isnull=False,
            goal_evaluation__evaluation__plan__trajectory_id__in=_live_closed(scope),
        )
        .annotate(
            first_on=Subquery(evaluations.order_by(held).values(held)[:1]),
            last_on=Subquery(evaluations.order_by(f"-{held}").values(held)[:1]),
            held=F("goal_evaluation__evaluation__held_on"),
        )
        .filter(first_on__lt=F("last_on"))
        .aggregate(
            first=Avg("value", filter=Q(held=F("first_on"))),
            last=Avg("value", filter=Q(held=F("last_on"))),
            trajectories=Count("goal_evaluation__evaluation__plan__trajectory", distinct=True),
        )
    )
    return scores


def _goals(scope: Scope, facts: dict[str, Any]) -> Section:
    goals_set, reached, with_goals = facts["goals_set"], facts["goals_reached"], facts["with_goals"]
    scores = _evaluation_scores(scope) if facts["live_closed"] else NO_SCORES
    base = scores["trajectories"]
    return Section(
        key="goals",
        title=_("Doelen"),
        figures=(
            Figure(
                "goals_set",
                _("Doelen gesteld"),
                count(goals_set),
                _("Alle doelen in de plannen van de trajecten die in de periode zijn afgesloten."),
            ),
            Figure(
                "goals_reached",
                _("Doelen bereikt"),
                count(reached),
                _("Van die doelen: het aantal met de status 'bereikt'."),
            ),
            Figure(
                "goals_reached_percent",
                _("Doelen bereikt (percentage)"),
                derived(percent(reached, goals_set), PERCENT, with_goals),
                _(
                    "Bereikte doelen gedeeld door gestelde doelen, over alle trajecten die in "
                    "de periode zijn afgesloten samen (niet het gemiddelde per traject)."
                ),
            ),
            Figure(
                "evaluation_first_mean",
                _("Schaalvraag bij de eerste evaluatie (gemiddeld, 0–10)"),
                _mean(scores["first"], base),
                _(
                    "Het gemiddelde antwoord van de gezinsleden op de schaalvraag (0 = het doel "
                    "is nog ver weg, 10 = bereikt) bij de eerste evaluatie van elk doel, over de "
                    "doelen met minstens twee evaluaties in trajecten die in de periode zijn "
                    "afgesloten."
                ),
            ),
            Figure(
                "evaluation_last_mean",
                _("Schaalvraag bij de laatste evaluatie (gemiddeld, 0–10)"),
                _mean(scores["last"], base),
                _(
                    "Hetzelfde gemiddelde bij de laatste evaluatie van dezelfde doelen; het "
                    "verschil met de eerste evaluatie is de voortgang zoals het gezin die ziet."
                ),
            ),
        ),
    )


# --- Life domains -------------------------------------------------------------------------------


def _domain_changes(scope: Scope) -> list[dict[str, Any]]:
    """Per domain: the mean first and last score and the number of trajectories, over the
    live trajectories closed in the period measured at least twice on it."""
    measured_on = "measurement__measured_on"
    who = Coalesce("measurement__member_id", 0)
    same = (
        Score.objects.annotate(who=who)
        .filter(
            domain=OuterRef("domain"),
            measurement__trajectory=OuterRef("measurement__trajectory"),
            who=OuterRef("who"),
        )
        .order_by()
    )
    rows = (
        Score.objects.order_by()
        .filter(measurement__trajectory_id__in=_live_closed(scope))
        .annotate(
            who=who,
            on=F(measured_on),
            first_on=Subquery(same.order_by(measured_on).values(measured_on)[:1]),
            last_on=Subquery(same.order_by(f"-{measured_on}").values(measured_on)[:1]),
        )
        .filter(first_on__lt=F("last_on"))
        .values("domain")
        .annotate(
            first=Avg("value", filter=Q(on=F("first_on"))),
            last=Avg("value", filter=Q(on=F("last_on"))),
            trajectories=Count("measurement__trajectory", distinct=True),
            label=Max("domain__label"),
            instrument=Max("domain__instrument__name"),
            order=Max("domain__order"),
        )
        .order_by("instrument", "order")
    )
    return [dict(row) for row in rows]


def _life_domains(scope: Scope, facts: dict[str, Any]) -> Section:
    rows = _domain_changes(scope) if facts["live_closed"] else []
    table_rows = []
    for row in rows:
        change = None
        if row["first"] is not None and row["last"] is not None:
            change = float(row["last"]) - float(row["first"])
        n = row["trajectories"]
        table_rows.append(
            Row(
                str(row["domain"]),
                f"{row['label']} ({row['instrument']})",
                (count(n), _mean(row["first"], n), _mean(row["last"], n), _mean(change, n)),
            )
        )
    return Section(
        key="life_domains",
        title=_("Leefgebieden"),
        tables=(
            Table(
                key="change_by_domain",
                label=_("Verandering per leefgebied"),
                definition=_(
                    "Per leefgebied: het gemiddelde van de eerste en van de laatste meting, en "
                    "de gemiddelde verandering daartussen (laatste min eerste), over de "
                    "trajecten die in de periode zijn afgesloten en op dat leefgebied minstens "
                    "twee keer gemeten zijn. Bij instrumenten waar een lagere score beter is, "
                    "betekent een negatieve verandering vooruitgang."
                ),
                columns=(
                    _("Leefgebied"),
                    _("Trajecten"),
                    _("Eerste meting"),
                    _("Laatste meting"),
                    _("Verandering"),
                ),
                column_keys=("trajectories", "first_mean", "last_mean", "change_mean"),
                rows=tuple(table_rows),
                chart_column=3,
            ),
        ),
    )


# --- Trust ----------------------------------------------------------------------------------


def _trust(scope: Scope) -> Section:
    promises = Promise.objects.order_by().exclude(direction=Promise.Direction.FAMILY_TO_COACH)
    appointments = Appointment.objects.order_by()
    if scope.filtered():
        families = scope.trajectories().values("family_id")
        promises = promises.filter(family_id__in=families)
        appointments = appointments.filter(family_id__in=families)
    in_period = Q(status_on__gte=scope.date_from, status_on__lte=scope.date_to)
    made_in_period = within_days("created_at", scope.date_from, scope.date_to)
    # Only the promises made or closed in the period are read (an index on each of the two
    # days answers): a region's older history is not counted row by row.
    p = promises.filter(made_in_period | in_period).aggregate(
        made=Count("id", filter=made_in_period),
        closed=Count("id", filter=in_period & ~Q(status=Promise.Status.OPEN)),
        kept=Count("id", filter=in_period & Q(status=Promise.Status.KEPT)),
    )
    s = Appointment.Status
    a = appointments.filter(within_days("starts_at", scope.date_from, scope.date_to)).aggregate(
        kept=Count("id", filter=Q(status=s.KEPT)),
        cancelled_by_family=Count("id", filter=Q(status=s.CANCELLED_BY_FAMILY)),
        cancelled_by_worker=Count("id", filter=Q(status=s.CANCELLED_BY_WORKER)),
        no_show=Count("id", filter=Q(status=s.NO_SHOW)),
    )
    missed = a["cancelled_by_family"] + a["cancelled_by_worker"] + a["no_show"]
    counted = a["kept"] + missed
    appointment_table = _share_table(
        key="appointments",
        label=_("Afspraken met het gezin"),
        definition=_(
            "Afspraken die in de periode begonnen en waarvan de afloop is vastgelegd: "
            "nagekomen, of gemist (afgezegd door het gezin, afgezegd door de hulpverlener, "
            "niet verschenen). Afspraken die nog op 'gepland' staan tellen niet mee."
        ),
        first_column=_("Afloop"),
        rows=[
            (s.KEPT.value, str(s.KEPT.label), a["kept"]),
            (
                s.CANCELLED_BY_FAMILY.value,
                str(s.CANCELLED_BY_FAMILY.label),
                a["cancelled_by_family"],
            ),
            (
                s.CANCELLED_BY_WORKER.value,
                str(s.CANCELLED_BY_WORKER.label),
                a["cancelled_by_worker"],
            ),
            (s.NO_SHOW.value, str(s.NO_SHOW.label), a["no_show"]),
        ],
        total=counted,
    )
    return Section(
        key="trust",
        title=_("Vertrouwen"),
        figures=(
            Figure(
                "promises_made",
                _("Toezeggingen gedaan"),
                count(p["made"]),
                _(
                    "Toezeggingen van coaches en hulpverleners aan gezinnen, vastgelegd in de "
                    "periode (toezeggingen van het gezin aan de coach tellen niet mee)."
                ),
            ),
            Figure(
                "promises_closed",
                _("Toezeggingen afgerond"),
                count(p["closed"]),
                _(
                    "Toezeggingen die in de periode zijn afgerond: nagekomen, niet nagekomen "
                    "of opnieuw afgesproken."
                ),
            ),
            Figure(
                "promises_kept_percent",
                _("Toezeggingen nagekomen"),
                derived(percent(p["kept"], p["closed"]), PERCENT, p["closed"]),
                _(
                    "Van de in de periode afgeronde toezeggingen: het deel dat is nagekomen. "
                    "Opnieuw afgesproken telt als niet nagekomen zoals eerst afgesproken."
                ),
            ),
            Figure(
                "appointments_kept",
                _("Afspraken nagekomen"),
                count(a["kept"]),
                _("Afspraken in de periode die zijn doorgegaan zoals gepland."),
            ),
            Figure(
                "appointments_missed",
                _("Afspraken gemist"),
                count(missed),
                _(
                    "Afspraken in de periode die niet doorgingen: afgezegd door het gezin of de "
                    "hulpverlener, of niet verschenen."
                ),
            ),
            Figure(
                "appointments_kept_percent",
                _("Afspraken nagekomen (percentage)"),
                derived(percent(a["kept"], counted), PERCENT, counted),
                _("Nagekomen afspraken gedeeld door nagekomen plus gemiste afspraken."),
            ),
        ),
        tables=(appointment_table,),
    )


# --- Escalations by reason (issue 20 point 2) ---------------------------------------------------


def _with_escalations(section: Section, scope: Scope) -> Section:
    """The trajectories section with one more table: escalations raised in the period by
    reason — where the work around the family gets stuck (seed 004)."""
    return replace(section, tables=(*section.tables, _escalations(scope)))


def _escalations(scope: Scope) -> Table:
    escalations = Escalation.objects.order_by().filter(
        raised_on__gte=scope.date_from, raised_on__lte=scope.date_to
    )
    if scope.filtered():
        escalations = escalations.filter(family_id__in=scope.trajectories().values("family_id"))
    reasons = Escalation.Reason
    counts = escalations.aggregate(
        **{r.value: Count("id", filter=Q(reason=r.value)) for r in reasons}
    )
    return _share_table(
        key="escalations_by_reason",
        label=_("Opschalingen per reden"),
        definition=_(
            "Opschalingen die in de periode zijn gedaan, per reden: stagnatie, onveiligheid "
            "of waar de samenwerking rond het gezin vastloopt (wie beslist, tegengestelde "
            "belangen, een organisatie die haar deel niet doet, een team dat niet samen "
            "optrekt, financiële regels)."
        ),
        first_column=_("Reden"),
        rows=[(r.value, str(r.label), counts[r.value]) for r in reasons],
        total=sum(counts.values()),
    )


# --- Caseload -----------------------------------------------------------------------------------


def _caseload(scope: Scope, facts: dict[str, Any]) -> Section:
    per_coach = (
        scope.records()
        # running on the last day: one range of the index record_period
        .filter(ends_on__gt=scope.date_to, started_on__lte=scope.date_to, coach__isnull=False)
        .values("programme_id", "coach_id")
        .annotate(n=Count("id"))
        .values_list("programme_id", "n")
    )
    # One row per (programme, coach) — already counted by the database; grouped here per
    # programme (a handful of rows, never one per family).
    loads: dict[int | None, list[int]] = defaultdict(list)
    for programme_id, coach_families in per_coach:
        loads[programme_id].append(coach_families)
    programmes = {
        p.id: p for p in Programme.objects.filter(id__in=[i for i in loads if i is not None])
    }
    rows = []
    for programme_key, families in sorted(
        loads.items(), key=lambda item: (item[0] is None, str(programmes.get(item[0] or 0, "")))
    ):
        programme = programmes.get(programme_key or 0)
        total = sum(families)
        coaches = len(families)
        above = (
            sum(1 for n in families if n > programme.caseload_max)
            if programme is not None and programme.caseload_max
            else None
        )
        rows.append(
            Row(
                str(programme.uuid) if programme else "geen",
                programme.name if programme else _("Zonder programma"),
                (
                    count(total),
                    plain(coaches),
                    _mean(total / coaches, total),
                    plain(programme.caseload_norm if programme else "—", TEXT),
                    plain(above),
                ),
            )
        )
    return Section(
        key="caseload",
        title=_("Caseload"),
        tables=(
            Table(
                key="families_per_coach",
                label=_("Gezinnen per coach tegen de norm"),
                definition=_(
                    "Per programma: de lopende trajecten op de laatste dag van de periode, het "
                    "aantal coaches dat ze begeleidt, het gemiddelde aantal gezinnen per coach "
                    "en de norm van het programma (gezinnen per voltijd coach). 'Boven de norm' "
                    "telt de coaches met meer gezinnen dan het maximum van de norm. Alleen "
                    "trajecten in Spil: de historie kent geen coaches."
                ),
                columns=(
                    _("Programma"),
                    _("Gezinnen"),
                    _("Coaches"),
                    _("Gemiddeld per coach"),
                    _("Norm"),
                    _("Coaches boven de norm"),
                ),
                column_keys=("families", "coaches", "mean_per_coach", "norm", "coaches_above_norm"),
                rows=tuple(rows),
                chart_column=2,
            ),
            _coach_kinds(facts),
        ),
    )
