"""What the current web request is, for the audit trail: its id and client address.

Set by RequestContextMiddleware; empty outside a request (management commands, tests).
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str = ""


_EMPTY = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("spil_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def activate(ctx: RequestContext) -> object:
    return _current.set(ctx)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
