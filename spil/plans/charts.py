"""The scaling answers of one goal over time as server-side SVG.

Built on the small multiples of `spil.assessments.charts` (pure, hand-written SVG, every
text escaped, `role="img"` with title and description): one panel per participant on
the 0–10 scale, family members first, then the workers, so the family's own view and the
professionals' view are never mixed in one line. The page shows the same numbers in a
table beside the chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from spil.assessments import charts

from .models import SCALE_MAX, SCALE_MIN


@dataclass(frozen=True)
class ScalingRow:
    key: str
    label: str
    values: Sequence[int | None]


def scaling_chart(
    *,
    ident: str,
    goal_title: str,
    dates: Sequence[date],
    column_labels: Sequence[str],
    family: Sequence[ScalingRow],
    workers: Sequence[ScalingRow],
) -> str:
    columns = [
        charts.Column(on=on, label=label) for on, label in zip(dates, column_labels, strict=True)
    ]
    panels = [
        charts.Panel(
            key=row.key, label=_("%(name)s (gezin)") % {"name": row.label}, values=row.values
        )
        for row in family
    ] + [
        charts.Panel(
            key=row.key, label=_("%(name)s (hulpverlener)") % {"name": row.label}, values=row.values
        )
        for row in workers
    ]
    return charts.small_multiples(
        ident=ident,
        title=_("Schaalvraag bij “%(goal)s” door de tijd") % {"goal": goal_title},
        desc=_(
            "Per persoon een lijn met het cijfer van 0 tot 10 bij %(count)d evaluaties, van "
            "%(first)s tot %(last)s; eerst het gezin, dan de hulpverleners. De cijfers staan "
            "in de tabel."
        )
        % {
            "count": len(dates),
            "first": date_format(dates[0], "DATE_FORMAT"),
            "last": date_format(dates[-1], "DATE_FORMAT"),
        },
        low=SCALE_MIN,
        high=SCALE_MAX,
        columns=columns,
        panels=panels,
        per_row=3,
    )
