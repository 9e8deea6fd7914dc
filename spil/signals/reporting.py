"""The signals' part of the monitoring (issue 15 §3): one `Section` (key `signals`) for the
dashboard, its exports and `report_monitoring` (spil/reports calls `section`).

- signals given in the period per category and per status: counts in the database (one
  conditional aggregate per table); a count of 1–4 shows "<5" like any small count, and
  `suppress_table` hides what would give it away;
- the median number of days from passing a signal on (its bundle's `passed_at`) to the
  first answer on it (on the signal or on its bundle), over the period's answered signals.
  Whole calendar days in Europe/Amsterdam, the median computed in the database like the
  monitoring's other medians (`spil.core.sql.quantiles`);
- the breakthroughs of the period as notes: date, for whom, what. No family is linked to a
  signal or a breakthrough at all, so no family's name can come out here.
"""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from spil.accounts.models import Membership
from spil.core.figures import DAYS, Figure, Row, Section, Table, count, derived, suppress_table
from spil.core.sql import DaysBetween, quantiles

from .models import NO_ANSWER, Breakthrough, Category, Signal, Status

NOTE_LENGTH = 300


def _by_team(queryset: QuerySet[Any], team: Any) -> QuerySet[Any]:
    if team is None:
        return queryset
    return queryset.filter(author_id__in=Membership.objects.filter(team=team).values("user_id"))


def _signals(date_from: date, date_to: date, team: Any) -> QuerySet[Signal]:
    found = Signal.objects.filter(created_at__date__gte=date_from, created_at__date__lte=date_to)
    return _by_team(found, team)


def _table(
    key: str, label: str, definition: str, first: str, rows: list[tuple[str, str, int]], total: int
) -> Table:
    table = Table(
        key=key,
        label=label,
        definition=definition,
        columns=(first, _("Aantal signalen")),
        column_keys=("count",),
        rows=tuple(Row(code, name, (count(n),)) for code, name, n in rows),
        total=Row("total", _("Totaal"), (count(total),)),
    )
    return suppress_table(table)


def _answer_days(signals: QuerySet[Signal]) -> tuple[int, float | None]:
    """How many answered signals, and the median of their whole calendar days (Europe/
    Amsterdam) from passing on to the first answer — computed in the database
    (`spil.core.sql.quantiles`: percentile_cont on PostgreSQL, a window on SQLite)."""
    zone = timezone.get_current_timezone()
    answered = signals.filter(bundle__passed_at__isnull=False, first_answered_at__isnull=False)
    days = DaysBetween(
        TruncDate("first_answered_at", tzinfo=zone), TruncDate("bundle__passed_at", tzinfo=zone)
    )
    n, (median,) = quantiles(answered, days, (0.5,))
    return n, median


def section(*, date_from: date, date_to: date, team: Any = None) -> Section:
    signals = _signals(date_from, date_to, team)
    # Per kind and per state in one pass (the states' keys carry a prefix: a kind and a
    # state may share a code).
    counts = signals.aggregate(
        total=Count("pk"),
        **{c.value: Count("pk", filter=Q(category=c.value)) for c in Category},
        status_geen_antwoord=Count("pk", filter=Q(status=NO_ANSWER)),
        **{f"status_{s.value}": Count("pk", filter=Q(status=s.value)) for s in Status},
    )
    categories = {c.value: counts[c.value] for c in Category}
    statuses = {
        key.removeprefix("status_"): n for key, n in counts.items() if key.startswith("status_")
    }
    total = counts["total"]
    by_category = _table(
        "signals_by_category",
        _("Signalen per soort"),
        _(
            "Signalen die coaches in de periode gaven, naar de soort die de coach koos. "
            "Een aantal van 1 tot 4 staat als <5."
        ),
        _("Soort"),
        [(c.value, str(c.label), categories[c.value]) for c in Category],
        total,
    )
    status_rows = [("geen_antwoord", _("nog geen antwoord"), statuses["geen_antwoord"])]
    status_rows += [(s.value, str(s.label), statuses[s.value]) for s in Status]
    by_status = _table(
        "signals_by_status",
        _("Signalen per stand"),
        _(
            "Signalen die coaches in de periode gaven, naar het laatste antwoord van de "
            "gemeente (op het signaal of op de bundel waarin het is doorgegeven)."
        ),
        _("Stand"),
        status_rows,
        total,
    )
    answered, median = _answer_days(signals)
    figures = (
        Figure(
            key="signals_total",
            label=_("Signalen gegeven"),
            cell=count(total),
            definition=_("Signalen die coaches in de periode gaven (datum van vastleggen)."),
        ),
        Figure(
            key="answer_median_days",
            label=_("Mediaan dagen tot antwoord"),
            cell=derived(median, DAYS, answered),
            definition=_(
                "Van de signalen van de periode die zijn doorgegeven en beantwoord: de mediaan "
                "van het aantal kalenderdagen van doorgeven (van de bundel) tot het eerste "
                "antwoord van de gemeente."
            ),
        ),
    )
    return Section(
        key="signals",
        title=_("Signalen en doorbraken"),
        figures=figures,
        tables=(by_category, by_status),
        notes=tuple(breakthrough_notes(date_from=date_from, date_to=date_to, team=team)),
    )


def breakthrough_notes(*, date_from: date, date_to: date, team: Any = None) -> list[str]:
    """One line per breakthrough of the period, oldest first: date, for whom, what."""
    found = _by_team(
        Breakthrough.objects.filter(occurred_on__gte=date_from, occurred_on__lte=date_to), team
    ).order_by("occurred_on", "id")
    notes = []
    for item in found:
        text = f"{item.title}. {item.description}" if item.description else item.title
        notes.append(
            _("%(date)s, voor %(whom)s: %(text)s")
            % {
                "date": date_format(item.occurred_on, "SHORT_DATE_FORMAT"),
                "whom": item.get_for_whom_display(),
                "text": Truncator(text).chars(NOTE_LENGTH),
            }
        )
    return notes
