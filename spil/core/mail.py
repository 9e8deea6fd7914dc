"""E-mail leaves the request: the one retry of every mail task (docs/adr/0031).

A request stores what is to be sent and, after its commit, enqueues a task with ids only
(never an address, a name or a link with a token: the queue table is not a place for
them). The task builds and sends the message. When the mail server refuses or does not
answer, `retry_later` queues a next attempt (after 1, 5, 30 and 120 minutes; five attempts
in all) and raises `EmailNotSent`, so the attempt is recorded as FAILED and shows in
beheer's list of failed tasks. A task that sends many e-mails sends them in a `MailBatch`:
one connection, one refused address stops no other e-mail, the rest retried.
"""

import contextlib
import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta
from types import TracebackType
from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# How often an e-mail is tried, and how long to wait before each next try.
EMAIL_ATTEMPTS = 5
EMAIL_RETRY_MINUTES = (1, 5, 30, 120)
# What a mail server that refuses, or is not there, raises (SMTPException is an OSError;
# named for the reader).
MAIL_ERRORS = (OSError, smtplib.SMTPException)
# A refusal of one message (its recipient, its content) on a connection that still works:
# the other e-mails of a batch may still go. Any other mail error is the connection's.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)

T = TypeVar("T")


class EmailNotSent(Exception):
    """Some e-mails of a task could not be sent (counts only: SMTP errors can carry
    addresses). The task shows as failed; a next attempt is queued while there are any."""


def retry_later(task: Any, *, attempt: int, failed: int, sent: int = 0, **kwargs: Any) -> NoReturn:
    """Queue attempt `attempt + 1` of `task` with the same `kwargs` (ids only) after the
    next wait, unless this was the last attempt, and fail this one with `EmailNotSent`.
    A backend that cannot wait (the immediate one of the tests) gets no next attempt."""
    if attempt < EMAIL_ATTEMPTS and task.get_backend().supports_defer:
        wait = EMAIL_RETRY_MINUTES[min(attempt, len(EMAIL_RETRY_MINUTES)) - 1]
        task.using(run_after=timezone.now() + timedelta(minutes=wait)).enqueue(
            **kwargs, attempt=attempt + 1
        )
    raise EmailNotSent(
        f"{failed} e-mail(s) not sent, {sent} sent; attempt {attempt} of {EMAIL_ATTEMPTS}"
    )


def send_or_retry(send: Callable[[], T], *, task: Any, attempt: int, **kwargs: Any) -> T:
    """Run `send` (which builds and sends one e-mail) for `task`; when the mail server
    fails, log the error's class only and `retry_later` with these `kwargs`."""
    try:
        return send()
    except MAIL_ERRORS as error:
        # The error's class only: SMTP errors can carry addresses.
        logger.error(
            "e-mail of task %s not sent (attempt %d): %s",
            getattr(task, "name", task),
            attempt,
            type(error).__name__,
        )
    # Outside the except block: the SMTP error is not chained to the one recorded.
    retry_later(task, attempt=attempt, failed=1, **kwargs)


class MailBatch:
    """The e-mails of one task over one connection to the mail server, opened at the first
    e-mail and closed when the batch ends (`with MailBatch(task) as batch:`): a slow or
    silent mail server costs the batch one EMAIL_TIMEOUT, not one per e-mail. The task
    sends outside any transaction, so no lock (a family's audit chain) waits for it.

    `batch.send(send, **ids)` calls `send(connection=…)` — e.g. `partial(send_mail, …)` —
    and says whether the e-mail went. A refusal of that one e-mail (`MESSAGE_ERRORS`, e.g.
    an unknown address) is counted and the batch goes on; any other mail error (refused,
    no answer, disconnected) stops it: `stopped` is set and each later `send` returns
    False untried (counted in `left`), so the rest waits for the next attempt. Logged by
    the error's class and the given ids only — never its text, which can carry addresses —
    and chained to nothing raised later (`retry`: `retry_later` with the counts)."""

    def __init__(self, task: Any) -> None:
        self.task = task
        self.sent = 0
        self.failed = 0
        self.left = 0
        self.stopped = False
        self._connection: Any = None

    @property
    def not_sent(self) -> int:
        """E-mails that did not go: refused, or left untried after the batch stopped."""
        return self.failed + self.left

    def skipped(self) -> bool:
        """Whether the batch has stopped; if so this e-mail is counted in `left` and waits
        for the next attempt (the caller need not claim or build it)."""
        if self.stopped:
            self.left += 1
        return self.stopped

    def send(self, send: Callable[..., object], **ids: Any) -> bool:
        if self.skipped():
            return False
        try:
            if self._connection is None:
                self._connection = get_connection()
                self._connection.open()
            send(connection=self._connection)
        except MAIL_ERRORS as error:
            self.failed += 1
            self.stopped = not isinstance(error, MESSAGE_ERRORS)
            # The error's class only: SMTP errors can carry addresses.
            logger.error(
                "e-mail of task %s not sent (%s)%s: %s",
                getattr(self.task, "name", self.task),
                " ".join(f"{key}={value}" for key, value in ids.items()),
                "; the batch stops" if self.stopped else "",
                type(error).__name__,
            )
            return False
        self.sent += 1
        return True

    def retry(self, *, attempt: int, **kwargs: Any) -> None:
        """When any e-mail did not go: `retry_later` this task with `kwargs` (ids only)."""
        if self.not_sent:
            retry_later(self.task, attempt=attempt, failed=self.not_sent, sent=self.sent, **kwargs)

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # A connection that broke may fail again on QUIT: nothing left to tell.
            with contextlib.suppress(*MAIL_ERRORS):
                connection.close()

    def __enter__(self) -> "MailBatch":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def send_rendered(
    *,
    subject_template: str,
    body_template: str,
    context: dict[str, Any],
    to: str,
    connection: Any = None,
) -> None:
    """Render a subject and a plain-text body in Spil's language and send them to one
    address (what the mail tasks do once they have built the context)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context).strip()
        body = render_to_string(body_template, context)
    send_mail(subject, body, None, [to], connection=connection)
