"""The coordination survey's part of the monitoring dashboard (issue 15): for the surveys
sent in the period, the response and — per survey with at least 5 answers — the
distribution per statement and the mean grade.

A survey's answers come from professionals, not families, but the rule is the same: with
fewer than 5 answers one person's opinion could be read from the figures, so everything
derived from the answers is hidden (`figures.derived` with the survey's answers as base).
The response counts (sent, answered, declined) say nothing about anyone's opinion and are
always shown. Everything is counted in the database: three queries whatever the data.
"""

from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _

from spil.core.figures import (
    COUNT,
    MEAN,
    PERCENT,
    Figure,
    Row,
    Section,
    Table,
    derived,
    no_data_note,
    percent,
    plain,
)

from .models import SCALE, Answer, Response, Statement, Survey
from .selectors import with_counts

KEY = "coordination_survey"
SCALE_KEYS = {
    Answer.Choice.STRONGLY_DISAGREE: "strongly_disagree",
    Answer.Choice.DISAGREE: "disagree",
    Answer.Choice.AGREE: "agree",
    Answer.Choice.STRONGLY_AGREE: "strongly_agree",
}


def section(*, date_from: date, date_to: date) -> Section:
    surveys = list(
        with_counts(
            Survey.objects.filter(
                sent_at__isnull=False,
                sent_at__date__gte=date_from,
                sent_at__date__lte=date_to,
            )
        ).order_by("sent_at", "id")
    )
    title = _("Samenwerkingsmonitor")
    if not surveys:
        return Section(key=KEY, title=title, notes=(no_data_note(),))
    ids = [s.pk for s in surveys]
    grades: dict[int, dict[str, Any]] = {
        row["survey_id"]: dict(row)
        for row in Response.objects.filter(survey_id__in=ids)
        .values("survey_id")
        .annotate(mean=Avg("grade"), total=Sum("grade"), n=Count("id"))
    }
    counts = {
        f"c{int(c)}": Count("answers", filter=Q(answers__choice=int(c))) for c in Answer.Choice
    }
    statements: list[dict[str, Any]] = [
        dict(row)
        for row in Statement.objects.filter(survey_id__in=ids)
        .values("id", "survey_id", "position", "text")
        .annotate(**counts)
        .order_by("survey_id", "position")
    ]

    invited = sum(s.invited for s in surveys)  # type: ignore[attr-defined]
    answered = sum(s.answered for s in surveys)  # type: ignore[attr-defined]
    declined = sum(s.declined for s in surveys)  # type: ignore[attr-defined]
    graded = sum(g["n"] for g in grades.values())
    grade_sum = sum(g["total"] or 0 for g in grades.values())
    figures = (
        Figure(
            "surveys_sent",
            _("Enquêtes verstuurd"),
            plain(len(surveys)),
            _("Samenwerkingsmonitors waarvan de eerste links in de periode uitgingen."),
        ),
        Figure(
            "invitations_sent",
            _("Links verstuurd"),
            plain(invited),
            _("Betrokken professionals die een link kregen voor een van deze enquêtes."),
        ),
        Figure(
            "answered",
            _("Ingevuld"),
            plain(answered),
            _("Links waarmee de enquête is ingevuld."),
        ),
        Figure(
            "declined",
            _("Doet niet mee"),
            plain(declined),
            _("Links waarmee de ontvanger liet weten niet mee te doen."),
        ),
        Figure(
            "response_percent",
            _("Respons"),
            plain(percent(answered, invited), PERCENT),
            _("Ingevuld ÷ verstuurd × 100, over alle enquêtes van de periode."),
        ),
        Figure(
            "grade_mean",
            _("Gemiddeld rapportcijfer"),
            derived(grade_sum / graded if graded else None, MEAN, graded),
            _(
                "Het gemiddelde van alle rapportcijfers (1–10) van de periode; verborgen bij "
                "minder dan 5 antwoorden."
            ),
        ),
    )

    survey_rows = []
    by_id = {s.pk: s for s in surveys}
    for survey in surveys:
        n = survey.answered  # type: ignore[attr-defined]
        mean = grades.get(survey.pk, {}).get("mean")
        survey_rows.append(
            Row(
                code=str(survey.uuid),
                label=survey.title,
                cells=(
                    plain(survey.invited),  # type: ignore[attr-defined]
                    plain(n),
                    plain(survey.declined),  # type: ignore[attr-defined]
                    plain(percent(n, survey.invited), PERCENT),  # type: ignore[attr-defined]
                    derived(mean, MEAN, n),
                ),
            )
        )
    survey_table = Table(
        key="surveys",
        label=_("Respons per enquête"),
        definition=_(
            "Per enquête: links verstuurd, ingevuld, doet niet mee, respons (ingevuld ÷ "
            "verstuurd) en het gemiddelde rapportcijfer (verborgen bij minder dan 5 antwoorden)."
        ),
        columns=(
            _("Enquête"),
            _("Verstuurd"),
            _("Ingevuld"),
            _("Doet niet mee"),
            _("Respons"),
            _("Gemiddeld cijfer"),
        ),
        column_keys=("sent", "answered", "declined", "response_percent", "grade_mean"),
        rows=tuple(survey_rows),
        chart_column=None,
    )

    statement_rows = []
    for row in statements:
        n = by_id[row["survey_id"]].answered  # type: ignore[attr-defined]
        counted = sum(row[f"c{int(c)}"] for c in SCALE)
        cells = []
        for choice in SCALE:
            cells.append(derived(row[f"c{int(choice)}"], COUNT, n))
            cells.append(derived(percent(row[f"c{int(choice)}"], counted), PERCENT, n))
        cells.append(derived(row[f"c{int(Answer.Choice.DONT_KNOW)}"], COUNT, n))
        survey_title = by_id[row["survey_id"]].title
        statement_rows.append(
            Row(
                code=f"{by_id[row['survey_id']].uuid}:{row['position']}",
                label=f"{survey_title} — {row['position']}. {row['text']}",
                cells=tuple(cells),
            )
        )
    columns: list[str] = [_("Stelling")]
    keys: list[str] = []
    for choice in SCALE:
        columns += [str(choice.label), _("%% %(label)s") % {"label": str(choice.label).lower()}]
        keys += [SCALE_KEYS[choice], f"{SCALE_KEYS[choice]}_percent"]
    columns.append(str(Answer.Choice.DONT_KNOW.label))
    keys.append("dont_know")
    statement_table = Table(
        key="statements",
        label=_("Antwoorden per stelling"),
        definition=_(
            "Per stelling het aantal antwoorden op de schaal van vier en het percentage van de "
            "antwoorden die meetellen; ‘weet ik niet / niet van toepassing’ telt niet mee. "
            "Verborgen voor een enquête met minder dan 5 antwoorden."
        ),
        columns=tuple(columns),
        column_keys=tuple(keys),
        rows=tuple(statement_rows),
        chart_column=None,
    )
    return Section(key=KEY, title=title, figures=figures, tables=(survey_table, statement_table))
