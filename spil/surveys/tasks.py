"""Background tasks of the coordination survey (django-tasks; `manage.py db_worker`).

`send_survey_invitations` mails the links after the policy officer's save: the queue holds
the invitations' uuids only; each link's token is made here and only its hash is stored
(docs/adr/0031)."""

import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from spil.core.mail import MAIL_ERRORS, retry_later, send_rendered

from .models import Invitation, Survey, token_hash

TOKEN_BYTES = 32  # 43 URL-safe characters


def unknown_token_hash() -> str:
    """The hash of a random token nobody keeps: an invitation that opens nothing until its
    link is made and mailed (`mail_invitation`)."""
    return token_hash(secrets.token_urlsafe(TOKEN_BYTES))


def mail_invitation(*, invitation: str, connection: Any = None) -> bool:
    """Make this invitation's link (a new random token; only its hash is stored) and mail
    it. An invitation already used, or of a survey no longer sent, is not mailed (False).
    A second run makes a new token: a link mailed earlier stops working. `connection`:
    another e-mail connection than the default (the demo keeps its mail in memory)."""
    with transaction.atomic():
        found = (
            Invitation.objects.select_for_update()
            .select_related("survey")
            .filter(uuid=invitation)
            .first()
        )
        if (
            found is None
            or found.status != Invitation.Status.OPEN
            or found.survey.status != Survey.Status.SENT
        ):
            return False
        token = secrets.token_urlsafe(TOKEN_BYTES)
        found.token_hash = token_hash(token)
        found.save(update_fields=["token_hash", "updated_at"])
    link = settings.SPIL_BASE_URL.rstrip("/") + reverse("surveys:answer", args=[token])
    context = {"survey": found.survey, "link": link}
    send_rendered(
        subject_template="surveys/invitation_email_subject.txt",
        body_template="surveys/invitation_email.txt",
        context=context,
        to=found.email,
        connection=connection,
    )
    return True


@task()
def send_survey_invitations(invitations: list[str], attempt: int = 1) -> int:
    """Mail the links of these invitations (uuids); returns how many went out. Those the
    mail server refused are tried again in a next attempt (spil.core.mail), and this
    attempt fails visibly."""
    sent = 0
    failed: list[str] = []
    for key in invitations:
        try:
            sent += mail_invitation(invitation=key)
        except MAIL_ERRORS:
            failed.append(key)
    if failed:
        retry_later(
            send_survey_invitations,
            attempt=attempt,
            failed=len(failed),
            sent=sent,
            invitations=failed,
        )
    return sent
