"""A mail backend that refuses every message, as a mail server that is down would."""

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise ConnectionRefusedError("mail server down")


class KilledBackend(BaseEmailBackend):
    """The worker is killed while it talks to the mail server (a deploy that stops it, the
    machine that goes down): nothing after the send runs, no `except` of the task."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise SystemExit("worker killed")
