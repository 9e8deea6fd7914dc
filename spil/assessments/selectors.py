"""Every read of a family's life-domain measurements and safety takes the request's
`FamilyAccess` (the policy's one answer, see `core.access`): measurements need the part
"metingen", safety the part "veiligheid". Every list is loaded in a fixed number of
queries."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spil.core import access
from spil.core.access import FamilyAccess, FamilyPart
from spil.families.models import Family, Member
from spil.trajectories.models import Trajectory

from . import charts
from .models import (
    Domain,
    Escalation,
    Instrument,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
    SafetyMapping,
    SafetyRating,
    report_required,
)


def active_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(is_active=True).order_by("name")


def instrument_with_domains(*, uuid: UUID) -> Instrument | None:
    return (
        Instrument.objects.filter(uuid=uuid, is_active=True)
        .prefetch_related("domains", "scale_labels")
        .first()
    )


def level_descriptions(*, organisation: Any, instrument: Instrument) -> dict[int, dict[int, str]]:
    """The acting organisation's own descriptions per domain id and score (pass
    `FamilyAccess.acting_organisation`); none without an organisation."""
    if organisation is None:
        return {}
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for description in organisation.level_descriptions.filter(domain__instrument=instrument):
        found[description.domain_id][description.value] = description.text
    return dict(found)


def scale_labels(instrument: Instrument) -> dict[int, str]:
    """Score → label; uses prefetched labels when present."""
    return {label.value: label.label for label in instrument.scale_labels.all()}


# --- Change per domain --------------------------------------------------------------------

DIRECTION_LABELS = {
    "beter": gettext_lazy("beter"),
    "gelijk": gettext_lazy("gelijk"),
    "slechter": gettext_lazy("slechter"),
}


@dataclass(frozen=True)
class DomainChange:
    domain: Domain
    start: int | None
    end: int | None
    higher_is_better: bool = True

    @property
    def change(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    @property
    def direction(self) -> str:
        """ "beter", "gelijk", "slechter" or "" (not scored twice), by the instrument's sense."""
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return "gelijk"
        return "beter" if (change > 0) == self.higher_is_better else "slechter"

    @property
    def direction_label(self) -> str:
        return str(DIRECTION_LABELS.get(self.direction, ""))


@dataclass(frozen=True)
class TrajectoryChange:
    trajectory_id: int | None
    instrument: Instrument
    start: Measurement
    end: Measurement
    domains: list[DomainChange]


def start_and_end(measurements: Sequence[Measurement]) -> tuple[Measurement, Measurement] | None:
    """Start: the first measurement marked start, else the first. End: the last marked end
    after it, else the last after it. Measurements come in time order."""
    if not measurements:
        return None
    starts = [i for i, m in enumerate(measurements) if m.moment == Measurement.Moment.START]
    first = starts[0] if starts else 0
    later = list(measurements[first + 1 :])
    if not later:
        return None
    ends = [m for m in later if m.moment == Measurement.Moment.END]
    return measurements[first], (ends[-1] if ends else later[-1])


def _scores_by_domain(measurement: Measurement) -> dict[int, int]:
    return {score.domain_id: score.value for score in measurement.scores.all()}


def changes_between(
    instrument: Instrument, domains: Iterable[Domain], start: Measurement, end: Measurement
) -> list[DomainChange]:
    before, after = _scores_by_domain(start), _scores_by_domain(end)
    return [
        DomainChange(
            domain=domain,
            start=before.get(domain.id),
            end=after.get(domain.id),
            higher_is_better=instrument.higher_is_better,
        )
        for domain in domains
    ]


def trajectory_changes_from(
    measurements: Iterable[Measurement], instrument: Instrument
) -> list[TrajectoryChange]:
    """Start→end change per domain per trajectory, from loaded family-level measurements
    of one instrument (a member's own measurements are another subject)."""
    by_trajectory: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in measurements:
        if (
            measurement.instrument_id == instrument.id
            and measurement.member_id is None
            and measurement.trajectory_id is not None
        ):
            by_trajectory[measurement.trajectory_id].append(measurement)
    domains = list(instrument.domains.all())
    changes = []
    for trajectory_id, found in by_trajectory.items():
        ordered = sorted(found, key=lambda m: (m.measured_on, m.created_at))
        pair = start_and_end(ordered)
        if pair is None:
            continue
        start, end = pair
        changes.append(
            TrajectoryChange(
                trajectory_id=trajectory_id,
                instrument=instrument,
                start=start,
                end=end,
                domains=changes_between(instrument, domains, start, end),
            )
        )
    return changes


def trajectory_domain_changes(
    *, trajectories: QuerySet[Trajectory], instrument: Instrument
) -> list[TrajectoryChange]:
    """For monitoring: the change per domain of each trajectory, in four queries."""
    instrument = Instrument.objects.prefetch_related("domains").get(pk=instrument.pk)
    measurements = (
        Measurement.objects.filter(
            trajectory__in=trajectories.values("pk"), instrument=instrument, member__isnull=True
        )
        .prefetch_related("scores")
        .order_by("measured_on", "created_at")
    )
    return trajectory_changes_from(measurements, instrument)


def monitoring_domain_changes(*, user: Any, instrument: Instrument) -> list[TrajectoryChange]:
    """Over what the user may count: the region for those who see aggregates (only ever
    shown as a `domain_change_summary`), otherwise the user's own trajectories."""
    if access.can(user, access.Capability.VIEW_AGGREGATES):
        trajectories: QuerySet[Trajectory] = Trajectory.objects.all()
    else:
        trajectories = access.visible_trajectories(user)
    return trajectory_domain_changes(trajectories=trajectories, instrument=instrument)


@dataclass(frozen=True)
class DomainSummary:
    domain: Domain
    trajectories: int
    mean_change: float | None
    better: int
    same: int
    worse: int


def domain_change_summary(changes: Sequence[TrajectoryChange]) -> list[DomainSummary]:
    """Anonymous figures per domain: how many trajectories got better, stayed, got worse."""
    if not changes:
        return []
    per_domain: dict[int, list[DomainChange]] = defaultdict(list)
    domains: dict[int, Domain] = {}
    for change in changes:
        for item in change.domains:
            domains[item.domain.id] = item.domain
            if item.change is not None:
                per_domain[item.domain.id].append(item)
    summaries = []
    for domain_id, domain in domains.items():
        items = per_domain.get(domain_id, [])
        summaries.append(
            DomainSummary(
                domain=domain,
                trajectories=len(items),
                mean_change=round(fmean(i.change or 0 for i in items), 2) if items else None,
                better=sum(1 for i in items if i.direction == "beter"),
                same=sum(1 for i in items if i.direction == "gelijk"),
                worse=sum(1 for i in items if i.direction == "slechter"),
            )
        )
    return sorted(summaries, key=lambda s: (s.domain.order, s.domain.id))


# --- The family's measurements ----------------------------------------------------------


@dataclass
class SeriesRow:
    domain: Domain
    values: list[int | None]
    notes: list[str]

    @property
    def change(self) -> int | None:
        known = [v for v in self.values if v is not None]
        return known[-1] - known[0] if len(known) > 1 else None


@dataclass
class Series:
    """The measurements of one subject (the family or one member) on one instrument."""

    instrument: Instrument
    member: Member | None
    measurements: list[Measurement]
    rows: list[SeriesRow]
    labels: dict[int, str]
    chart: str
    stale: bool

    @property
    def key(self) -> str:
        return f"{self.instrument.code}-{self.member.uuid if self.member else 'gezin'}"

    @property
    def subject(self) -> str:
        return str(self.member) if self.member else _("het hele gezin")

    @property
    def latest(self) -> Measurement:
        return self.measurements[-1]

    @property
    def first(self) -> Measurement:
        return self.measurements[0]


def _column_label(measurement: Measurement) -> str:
    day = date_format(measurement.measured_on, "SHORT_DATE_FORMAT")
    return f"{day} ({measurement.get_moment_display().lower()})"


def _series(
    instrument: Instrument, member: Member | None, measurements: list[Measurement], today: date
) -> Series:
    domains = list(instrument.domains.all())
    scores = [{s.domain_id: s for s in m.scores.all()} for m in measurements]
    rows = [
        SeriesRow(
            domain=domain,
            values=[s[domain.id].value if domain.id in s else None for s in scores],
            notes=[s[domain.id].note if domain.id in s else "" for s in scores],
        )
        for domain in domains
    ]
    subject = str(member) if member else _("het hele gezin")
    columns = [charts.Column(on=m.measured_on, label=_column_label(m)) for m in measurements]
    svg = charts.small_multiples(
        ident=f"grafiek-{instrument.code}-{member.uuid if member else 'gezin'}",
        title=_("%(instrument)s van %(subject)s door de tijd")
        % {"instrument": instrument.name, "subject": subject},
        desc=_(
            "Per leefgebied een lijn met de scores van %(count)d metingen, van %(first)s tot "
            "%(last)s, op een schaal van %(low)d tot %(high)d. De cijfers staan in de tabel."
        )
        % {
            "count": len(measurements),
            "first": date_format(measurements[0].measured_on, "DATE_FORMAT"),
            "last": date_format(measurements[-1].measured_on, "DATE_FORMAT"),
            "low": instrument.scale_min,
            "high": instrument.scale_max,
        },
        low=instrument.scale_min,
        high=instrument.scale_max,
        columns=columns,
        panels=[
            charts.Panel(key=r.domain.code, label=r.domain.label, values=r.values) for r in rows
        ],
    )
    return Series(
        instrument=instrument,
        member=member,
        measurements=measurements,
        rows=rows,
        labels=scale_labels(instrument),
        chart=svg,
        stale=measurements[-1].is_stale(today),
    )


def _measurements(family: Family) -> QuerySet[Measurement]:
    return (
        Measurement.objects.filter(family=family)
        .select_related("instrument", "member", "measured_by", "trajectory")
        .prefetch_related(
            "scores",
            Prefetch("instrument__domains", queryset=Domain.objects.order_by("order", "id")),
            "instrument__scale_labels",
        )
        .order_by("measured_on", "created_at")
    )


@dataclass
class AssessmentsFile:
    access: FamilyAccess
    series: list[Series]
    trajectory: Trajectory | None
    changes: list[TrajectoryChange]
    today: date

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def shows_safety(self) -> bool:
        return self.access.sees(FamilyPart.SAFETY)

    @property
    def measurements(self) -> list[Measurement]:
        every = [m for s in self.series for m in s.measurements]
        return sorted(every, key=lambda m: (m.measured_on, m.created_at), reverse=True)


def assessments_file(*, access: FamilyAccess, today: date) -> AssessmentsFile:
    """Every measurement of the family as series per subject and instrument, with a chart,
    and the start→end change per domain in the running trajectory; 404 without the part
    "metingen". Six queries."""
    access.require(FamilyPart.ASSESSMENTS)
    family = access.family
    measurements = list(_measurements(family))
    grouped: dict[tuple[int, int | None], list[Measurement]] = defaultdict(list)
    for measurement in measurements:
        grouped[(measurement.instrument_id, measurement.member_id)].append(measurement)
    series = [
        _series(found[0].instrument, found[0].member, found, today) for found in grouped.values()
    ]
    series.sort(key=lambda s: (s.member is not None, s.instrument.name, str(s.member or "")))
    trajectory = Trajectory.objects.running().filter(family=family).first()
    changes: list[TrajectoryChange] = []
    if trajectory is not None:
        in_trajectory = [m for m in measurements if m.trajectory_id == trajectory.id]
        for instrument in {m.instrument_id: m.instrument for m in in_trajectory}.values():
            changes += trajectory_changes_from(in_trajectory, instrument)
        changes.sort(key=lambda c: c.instrument.name)
    return AssessmentsFile(
        access=access,
        series=series,
        trajectory=trajectory,
        changes=changes,
        today=today,
    )


@dataclass
class CompareRow:
    domain: Domain
    first: int | None
    second: int | None
    direction: str
    note: str = ""
    strength: str = ""

    @property
    def direction_label(self) -> str:
        return str(DIRECTION_LABELS.get(self.direction, ""))

    @property
    def change(self) -> int | None:
        if self.first is None or self.second is None:
            return None
        return self.second - self.first


@dataclass
class Comparison:
    first: Measurement
    second: Measurement
    rows: list[CompareRow]
    labels: dict[int, str]
    second_stale: bool


def family_measurements(*, access: FamilyAccess) -> QuerySet[Measurement]:
    """The family's measurements, newest first; 404 without the part "metingen"."""
    access.require(FamilyPart.ASSESSMENTS)
    return (
        Measurement.objects.filter(family=access.family)
        .select_related("instrument", "member")
        .order_by("-measured_on", "-created_at")
    )


def compare(*, first: Measurement, second: Measurement, today: date) -> Comparison:
    """Two measurements of the same family on the same instrument, older one first."""
    if first.family_id != second.family_id:
        raise ValidationError(_("Kies twee metingen van dit gezin."))
    if first.pk == second.pk:
        raise ValidationError(_("Kies twee verschillende metingen."))
    if first.instrument_id != second.instrument_id:
        raise ValidationError(
            _("Kies twee metingen met hetzelfde instrument; anders zijn ze niet te vergelijken.")
        )
    if (second.measured_on, second.created_at) < (first.measured_on, first.created_at):
        first, second = second, first
    instrument = Instrument.objects.prefetch_related("domains", "scale_labels").get(
        pk=first.instrument_id
    )
    pair = Measurement.objects.prefetch_related("scores").in_bulk([first.pk, second.pk])
    later = {s.domain_id: s for s in pair[second.pk].scores.all()}
    rows = []
    for change in changes_between(
        instrument, instrument.domains.all(), pair[first.pk], pair[second.pk]
    ):
        score = later.get(change.domain.id)
        rows.append(
            CompareRow(
                domain=change.domain,
                first=change.start,
                second=change.end,
                direction=change.direction,
                note=score.note if score else "",
                strength=score.get_strength_display() if score and score.strength else "",
            )
        )
    return Comparison(
        first=first,
        second=second,
        rows=rows,
        labels=scale_labels(instrument),
        second_stale=second.is_stale(today),
    )


# --- Safety -----------------------------------------------------------------------------


@dataclass
class ConcernFile:
    concern: SafetyConcern
    steps: list[MeldcodeStep]

    @property
    def by_step(self) -> list[tuple[int, str, list[MeldcodeStep]]]:
        """The five steps in order, each with what was logged for it."""
        return [
            (value, str(label), [s for s in self.steps if s.step == value])
            for value, label in MeldcodeStep.Step.choices
        ]

    @property
    def latest_weighing(self) -> MeldcodeStep | None:
        weighings = [s for s in self.steps if s.step == MeldcodeStep.Step.WEIGH]
        return weighings[-1] if weighings else None

    @property
    def report_outstanding(self) -> bool:
        """The latest weighing requires a report and no decision on it made one yet."""
        weighing = self.latest_weighing
        if weighing is None or not self.report_required:
            return False
        return not any(
            s.step == MeldcodeStep.Step.DECIDE
            and s.weighing_id == weighing.id
            and s.report_to_veilig_thuis
            for s in self.steps
        )

    @property
    def report_required(self) -> bool:
        weighing = self.latest_weighing
        if weighing is None:
            return False
        return report_required(
            unsafe=bool(weighing.unsafe),
            can_organise_help=bool(weighing.can_organise_help),
            help_accepted=bool(weighing.help_accepted),
            safe_in_time=bool(weighing.safe_in_time),
        )


@dataclass
class RatingsOverTime:
    dates: list[date]
    people: list[tuple[str, list[int | None]]]
    chart: str


@dataclass
class SafetyFile:
    access: FamilyAccess
    concerns: list[ConcernFile]
    mappings: list[SafetyMapping]
    ratings: RatingsOverTime | None
    escalations: list[Escalation]
    members: list[Member] = field(default_factory=list)

    @property
    def family(self) -> Family:
        return self.access.family

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit

    @property
    def shows_assessments(self) -> bool:
        return self.access.sees(FamilyPart.ASSESSMENTS)

    @property
    def open_concerns(self) -> list[ConcernFile]:
        return [c for c in self.concerns if c.concern.is_open]

    @property
    def latest_mapping(self) -> SafetyMapping | None:
        return self.mappings[0] if self.mappings else None


def _ratings_over_time(ratings: list[SafetyRating]) -> RatingsOverTime | None:
    if not ratings:
        return None
    dates = sorted({r.rated_on for r in ratings})
    index = {d: i for i, d in enumerate(dates)}
    people: dict[str, tuple[str, list[int | None]]] = {}
    for rating in ratings:  # in time order: the last of a day wins
        key = f"lid-{rating.member.uuid}" if rating.member else f"ander-{rating.rater.lower()}"
        _label, values = people.setdefault(key, (rating.rater_label, [None] * len(dates)))
        values[index[rating.rated_on]] = rating.value
    columns = [charts.Column(on=d, label=date_format(d, "SHORT_DATE_FORMAT")) for d in dates]
    chart = charts.small_multiples(
        ident="grafiek-veiligheidsschaal",
        title=_("Veiligheidscijfers per persoon door de tijd"),
        desc=_(
            "Per persoon een lijn met het veiligheidscijfer (0 tot 10) van %(first)s tot "
            "%(last)s. De cijfers staan in de tabel."
        )
        % {
            "first": date_format(dates[0], "DATE_FORMAT"),
            "last": date_format(dates[-1], "DATE_FORMAT"),
        },
        low=0,
        high=10,
        columns=columns,
        panels=[
            charts.Panel(key=key, label=label, values=values)
            for key, (label, values) in people.items()
        ],
    )
    return RatingsOverTime(dates=dates, people=list(people.values()), chart=chart)


def safety_file(*, access: FamilyAccess) -> SafetyFile:
    """Concerns with their meldcode steps, Signs of Safety, the scale and escalations;
    404 without the part "veiligheid". Seven queries, whatever the number of rows."""
    access.require(FamilyPart.SAFETY)
    family = access.family
    concerns = list(
        family.safety_concerns.select_related("about", "recorded_by").prefetch_related(
            Prefetch(
                "steps",
                queryset=MeldcodeStep.objects.select_related("done_by").order_by(
                    "done_on", "step", "created_at"
                ),
            )
        )
    )
    concerns.sort(key=lambda c: (not c.is_open, -c.noticed_on.toordinal()))
    ratings = list(
        family.safety_ratings.select_related("member").order_by("rated_on", "created_at")
    )
    return SafetyFile(
        access=access,
        concerns=[ConcernFile(concern=c, steps=list(c.steps.all())) for c in concerns],
        mappings=list(family.safety_mappings.select_related("mapped_by")),
        ratings=_ratings_over_time(ratings),
        escalations=list(family.escalations.select_related("raised_by", "concern", "organisation")),
    )


# --- What the family overview shows -----------------------------------------------------


@dataclass(frozen=True)
class FamilySummary:
    shows_assessments: bool
    shows_safety: bool
    latest: Measurement | None
    latest_stale: bool
    open_concerns: int
    open_escalations: int

    @property
    def safety_flag(self) -> bool:
        return self.shows_safety and self.open_concerns > 0


def family_summary(*, access: FamilyAccess, today: date) -> FamilySummary | None:
    """The section on the family overview; None when the user sees neither part. What the
    user may not see is not even counted."""
    family = access.family
    shows_assessments = access.sees(FamilyPart.ASSESSMENTS)
    shows_safety = access.sees(FamilyPart.SAFETY)
    if not (shows_assessments or shows_safety):
        return None
    latest = None
    if shows_assessments:
        latest = (
            Measurement.objects.filter(family=family)
            .select_related("instrument")
            .order_by("-measured_on", "-created_at")
            .first()
        )
    return FamilySummary(
        shows_assessments=shows_assessments,
        shows_safety=shows_safety,
        latest=latest,
        latest_stale=bool(latest and latest.is_stale(today)),
        open_concerns=family.safety_concerns.filter(closed_on__isnull=True).count()
        if shows_safety
        else 0,
        open_escalations=family.escalations.exclude(status=Escalation.Status.RESOLVED).count()
        if shows_safety
        else 0,
    )


# --- Facts about many families at once (the caseload and the team screen) ---


def open_safety(family_ids: list[int]) -> tuple[set[int], set[int]]:
    """Families with an open safety concern, and those
    with an escalation not yet resolved."""
    concerns = set(
        SafetyConcern.objects.filter(family_id__in=family_ids, closed_on__isnull=True)
        .values_list("family_id", flat=True)
        .distinct()
    )
    escalations = set(
        Escalation.objects.filter(family_id__in=family_ids)
        .exclude(status=Escalation.Status.RESOLVED)
        .values_list("family_id", flat=True)
        .distinct()
    )
    return concerns, escalations
