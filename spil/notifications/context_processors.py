"""The unread count in the header. Lives here, not in `core`: core imports no domain app."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    # A callable: the template engine calls it only where the header shows it, and the
    # one query runs once per request.
    @cache
    def count() -> int:
        return unread_count(user=user)

    counted: Callable[[], int] = count
    return {"unread_notifications": counted}
