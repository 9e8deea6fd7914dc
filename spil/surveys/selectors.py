"""Reads of the coordination survey. Who may do what is decided here, once:

- making, editing, sending and closing a survey is the policy officer's (`Role.POLICY`);
- reading the list and the results is open to everyone who sees aggregates
  (`Capability.VIEW_AGGREGATES`: the policy officer, team leads, meldpunt coordinators) —
  the same people who read the monitoring dashboard, where the survey's figures show too.

All figures are counted in the database (conditional counts, one query per kind).
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404

from spil.core import access
from spil.core.access import Capability
from spil.core.figures import MEAN, Cell, percent
from spil.core.roles import Role

from .models import MIN_ANSWERS_SHOWN, SCALE, Answer, Invitation, Response, Statement, Survey


def can_manage(user: Any) -> bool:
    return Role.POLICY in access.roles(user)


def can_read(user: Any) -> bool:
    return access.can(user, Capability.VIEW_AGGREGATES)


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise Http404


def require_read(user: Any) -> None:
    if not can_read(user):
        raise Http404


def with_counts(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    """Each survey with its invitations counted by status (one query for the whole list)."""
    status = Invitation.Status
    return surveys.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__status=status.ANSWERED), distinct=True),
        declined=Count("invitations", filter=Q(invitations__status=status.DECLINED), distinct=True),
    )


def surveys_for(*, user: Any) -> QuerySet[Survey]:
    require_read(user)
    return with_counts(Survey.objects.all()).order_by("-created_at", "-id")


def survey_for(*, user: Any, uuid: Any, manage: bool = False) -> Survey:
    """The survey named in a URL, or 404 (also for a user who may not see it)."""
    if manage:
        require_manage(user)
    else:
        require_read(user)
    survey = with_counts(Survey.objects.filter(uuid=uuid)).first()
    if survey is None:
        raise Http404
    return survey


def statements_of(survey: Survey) -> list[Statement]:
    return list(survey.statements.order_by("position"))


def professionals() -> QuerySet[Any]:
    """The partner professionals a survey can go to: active users with the role
    betrokken professional, by name."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            is_active=True, memberships__role=Role.PROFESSIONAL, is_family_account=False
        )
        .distinct()
        .order_by("full_name", "email")
    )


def invited_emails(survey: Survey) -> set[str]:
    return set(survey.invitations.values_list("email", flat=True))


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a link's token, whatever its status; None when unknown."""
    from .models import token_hash

    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("survey").filter(token_hash=token_hash(token)).first()


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    choice: int
    label: str
    count: int
    percent: float | None  # of the answers that count (weet ik niet left out)


@dataclass(frozen=True)
class StatementResult:
    position: int
    text: str
    points: tuple[Point, ...]
    counted: int  # answers on the 4-point scale
    dont_know: int


@dataclass(frozen=True)
class Results:
    invited: int
    answered: int
    declined: int
    response_percent: float | None  # answered ÷ invited
    shown: bool  # at least MIN_ANSWERS_SHOWN answers: distribution and grade are shown
    statements: tuple[StatementResult, ...]
    mean_grade: float | None

    @property
    def open(self) -> int:
        return self.invited - self.answered - self.declined

    @property
    def response_text(self) -> str:
        return Cell(self.response_percent, "percent").text

    @property
    def mean_grade_text(self) -> str:
        return Cell(self.mean_grade, MEAN).text


def distributions(survey_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per statement (by id): the count of each choice, in one query."""
    counts = {
        f"c{int(choice)}": Count("answers", filter=Q(answers__choice=int(choice)))
        for choice in Answer.Choice
    }
    rows = Statement.objects.filter(survey_id__in=survey_ids).values("id").annotate(**counts)
    return {row["id"]: dict(row) for row in rows}


def mean_grades(survey_ids: list[int]) -> dict[int, float | None]:
    rows = (
        Response.objects.filter(survey_id__in=survey_ids)
        .values("survey_id")
        .annotate(mean=Avg("grade"))
    )
    return {row["survey_id"]: row["mean"] for row in rows}


def statement_result(statement: Statement, counts: dict[str, Any]) -> StatementResult:
    counted = sum(counts.get(f"c{int(c)}", 0) for c in SCALE)
    points = tuple(
        Point(
            choice=int(choice),
            label=str(choice.label),
            count=counts.get(f"c{int(choice)}", 0),
            percent=percent(counts.get(f"c{int(choice)}", 0), counted),
        )
        for choice in SCALE
    )
    return StatementResult(
        position=statement.position,
        text=statement.text,
        points=points,
        counted=counted,
        dont_know=counts.get(f"c{int(Answer.Choice.DONT_KNOW)}", 0),
    )


def results(*, user: Any, survey: Survey) -> Results:
    """The survey's response and, from MIN_ANSWERS_SHOWN answers on, its distribution
    per statement and its mean grade. Below that only the response counts: with fewer
    answers one professional's opinion could be read from them."""
    require_read(user)
    invited, answered, declined = survey.invited, survey.answered, survey.declined  # type: ignore[attr-defined]
    shown = answered >= MIN_ANSWERS_SHOWN
    statements: tuple[StatementResult, ...] = ()
    mean: float | None = None
    if shown:
        counts = distributions([survey.pk])
        statements = tuple(
            statement_result(statement, counts.get(statement.pk, {}))
            for statement in statements_of(survey)
        )
        mean = mean_grades([survey.pk]).get(survey.pk)
    return Results(
        invited=invited,
        answered=answered,
        declined=declined,
        response_percent=percent(answered, invited),
        shown=shown,
        statements=statements,
        mean_grade=mean,
    )
