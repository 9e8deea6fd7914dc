"""Every write of the coordination survey: keyword-only, atomic, audited with keys only.

The public side (`response_submit`, `invitation_decline`) is reached by a link's token, not
by a login; it stores the answer apart from the invitation (ADR 0018) and records in the
audit trail only that the invitation was used — never the response.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.versioning import check_current, save_if_current

from . import selectors, tasks
from .models import (
    GRADE_MAX,
    GRADE_MIN,
    STATEMENT_MAX_LENGTH,
    STATEMENTS_MAX,
    Answer,
    Invitation,
    Response,
    Statement,
    Survey,
)


def _clean_statements(statements: list[str]) -> list[str]:
    texts = [" ".join(text.split()) for text in statements]
    texts = [text for text in texts if text]
    if not texts:
        raise ValidationError({"statements": _("Zet er minstens één stelling in.")})
    if len(texts) > STATEMENTS_MAX:
        raise ValidationError(
            {"statements": _("Hoogstens %(max)d stellingen.") % {"max": STATEMENTS_MAX}}
        )
    for text in texts:
        if len(text) > STATEMENT_MAX_LENGTH:
            raise ValidationError(
                {
                    "statements": _("Een stelling is hoogstens %(max)d tekens lang.")
                    % {"max": STATEMENT_MAX_LENGTH}
                }
            )
    return texts


def _write_statements(survey: Survey, texts: list[str]) -> None:
    survey.statements.all().delete()
    Statement.objects.bulk_create(
        [Statement(survey=survey, position=i, text=text) for i, text in enumerate(texts, 1)]
    )


@transaction.atomic
def survey_create(*, actor: Any, title: str, intro: str, statements: list[str]) -> Survey:
    selectors.require_manage(actor)
    texts = _clean_statements(statements)
    survey = Survey(title=title.strip(), intro=intro.strip(), created_by=actor)
    survey.full_clean()
    survey.save()
    _write_statements(survey, texts)
    audit.record(
        actor=actor, action="survey.created", obj=survey, detail={"statements": len(texts)}
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    actor: Any,
    title: str,
    intro: str,
    statements: list[str] | None,
    revision: int | None,
) -> Survey:
    """Change the title and intro; the statements only while the survey is a draft (once
    sent, people answered these words). A stale form is refused (`StaleEdit`)."""
    selectors.require_manage(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("Deze enquête is gesloten en kan niet meer worden gewijzigd."))
    current = [s.text for s in selectors.statements_of(survey)]
    texts = None
    if statements is not None:
        texts = _clean_statements(statements)
        if survey.status != Survey.Status.DRAFT and texts != current:
            raise ValidationError(
                {
                    "statements": _(
                        "De enquête is verstuurd: de stellingen kunnen niet meer veranderen."
                    )
                }
            )
    survey.title = title.strip()
    survey.intro = intro.strip()
    check_current(survey, revision, ["title", "intro"])
    survey.full_clean()
    save_if_current(survey, revision, ["title", "intro"])
    if texts is not None and texts != current:
        _write_statements(survey, texts)
    audit.record(
        actor=actor,
        action="survey.updated",
        obj=survey,
        detail={"statements_changed": texts is not None and texts != current},
    )
    return survey


@transaction.atomic
def invitations_send(
    *,
    survey: Survey,
    actor: Any,
    recipients: list[Any],
    emails: list[str],
    revision: int | None,
    mail_connection: Any = None,
) -> int:
    """Invite each recipient not invited yet (users with the role betrokken professional,
    and loose e-mail addresses): after the commit a task makes each single-use link and
    mails it (`tasks.send_survey_invitations`). The first send turns the draft into a sent
    survey. Returns how many links are sent. `mail_connection`: another e-mail connection
    than the default, used at once, without the queue (the demo keeps its mail in
    memory)."""
    selectors.require_manage(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    check_current(survey, revision)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("Deze enquête is gesloten: er kunnen geen links meer uit."))
    if not survey.statements.exists():
        raise ValidationError(_("Zet er eerst minstens één stelling in."))
    allowed = set(selectors.professionals().values_list("pk", flat=True))
    if any(user.pk not in allowed for user in recipients):
        raise ValidationError({"recipients": _("Kies alleen betrokken professionals.")})
    already = selectors.invited_emails(survey)
    wanted: dict[str, Any] = {}
    for user in recipients:
        wanted.setdefault(user.email.strip().lower(), user)
    for email in emails:
        wanted.setdefault(email.strip().lower(), None)
    new = {email: user for email, user in wanted.items() if email and email not in already}
    if not new:
        raise ValidationError(_("Iedereen die u koos heeft al een link gekregen."))
    keys: list[str] = []
    for email, user in sorted(new.items()):
        # No link yet: the task makes each link's token when it mails it.
        invitation = Invitation(
            survey=survey, recipient=user, email=email, token_hash=tasks.unknown_token_hash()
        )
        invitation.save()
        keys.append(str(invitation.uuid))
    if survey.status == Survey.Status.DRAFT:
        survey.status = Survey.Status.SENT
        survey.sent_at = timezone.now()
        survey.save(update_fields=["status", "sent_at", "updated_at"])
    else:
        survey.save(update_fields=["updated_at"])  # raises the revision: the page changed
    audit.record(actor=actor, action="survey.sent", obj=survey, detail={"invitations": len(new)})
    if mail_connection is not None:
        # The demo: its links are made and kept in memory now, never queued.
        for key in keys:
            tasks.mail_invitation(invitation=key, connection=mail_connection)
    else:
        # After the commit, by the worker: the queue holds the invitations' uuids only.
        transaction.on_commit(lambda: tasks.send_survey_invitations.enqueue(invitations=keys))
    return len(new)


@transaction.atomic
def survey_close(*, survey: Survey, actor: Any, revision: int | None) -> Survey:
    """Close the survey: from now on no link works. Draft or sent; once."""
    selectors.require_manage(actor)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    check_current(survey, revision)
    if survey.status == Survey.Status.CLOSED:
        raise ValidationError(_("Deze enquête is al gesloten."))
    survey.status = Survey.Status.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=actor, action="survey.closed", obj=survey)
    return survey


# --- The public side: the link ------------------------------------------------------------------


def open_invitation(token: str) -> Invitation:
    """The invitation behind a link that can still be used, or a refusal whose code says
    why: unknown, closed (the survey no longer takes answers) or used."""
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("Deze link kennen we niet."), code="unknown")
    if invitation.survey.status != Survey.Status.SENT:
        raise ValidationError(_("Deze enquête is gesloten."), code="closed")
    if invitation.status != Invitation.Status.OPEN:
        raise ValidationError(_("Deze link is al gebruikt."), code="used")
    return invitation


def _use(invitation: Invitation, status: str) -> None:
    """Mark the link used — one conditional UPDATE, so of two posts only one wins."""
    now = timezone.now()
    used = Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.OPEN).update(
        status=status, responded_at=now, updated_at=now
    )
    if not used:
        raise ValidationError(_("Deze link is al gebruikt."), code="used")


@transaction.atomic
def response_submit(*, token: str, answers: dict[int, int], grade: int | None) -> None:
    """Store one filled-in questionnaire, anonymously: the response knows its survey and
    nothing else. `answers` maps each statement's position to a choice (0 = weet ik niet).
    Every statement needs an answer; the grade is 1–10."""
    invitation = open_invitation(token)
    statements = selectors.statements_of(invitation.survey)
    errors: dict[str, list[str]] = {}
    for statement in statements:
        if answers.get(statement.position) not in Answer.Choice.values:
            errors[f"stelling_{statement.position}"] = [_("Kies een antwoord bij deze stelling.")]
    if grade is None or not GRADE_MIN <= grade <= GRADE_MAX:
        errors["grade"] = [_("Geef een cijfer van 1 tot en met 10.")]
    if errors or grade is None:
        raise ValidationError(errors)
    _use(invitation, Invitation.Status.ANSWERED)
    response = Response.objects.create(survey=invitation.survey, grade=grade)
    Answer.objects.bulk_create(
        [
            Answer(response=response, statement=statement, choice=answers[statement.position])
            for statement in statements
        ]
    )
    # The invitation, never the response: the trail must not tie the two together.
    audit.record(actor=None, action="survey.answered", obj=invitation)


@transaction.atomic
def invitation_decline(*, token: str) -> None:
    """ "Ik doe niet mee": the link is used, nothing is stored but that."""
    invitation = open_invitation(token)
    _use(invitation, Invitation.Status.DECLINED)
    audit.record(actor=None, action="survey.declined", obj=invitation)
