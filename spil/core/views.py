import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; no data either way."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return HttpResponse(status=503)
    return HttpResponse(status=200)


# --- Error pages ---------------------------------------------------------------------
# Dutch, in the site layout, never a detail of what went wrong (no URL list, traceback,
# exception text or posted data — also not under DEBUG=False in the demo). Each page
# is rendered with the request (menu, language switch) when that works, and without it
# when it does not, so an error page itself never becomes a 500.


def _page(request: HttpRequest, template: str, response_class: type[HttpResponse]) -> HttpResponse:
    try:
        return response_class(loader.render_to_string(template, request=request))
    except Exception:
        logger.exception("error page %s: rendering with the request failed", template)
    return response_class(_without_request(template))


def _without_request(template: str) -> str:
    """The page with no context processors and no database; plain text as a last resort."""
    try:
        return loader.render_to_string(template)
    except Exception:
        logger.exception("error page %s: rendering failed", template)
    title = escape(_("Er ging iets mis"))
    return f'<!DOCTYPE html><html lang="nl"><title>{title} — Spil</title><h1>{title}</h1>'


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", HttpResponseBadRequest)


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", HttpResponseForbidden)


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", HttpResponseNotFound)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """500 page without technical detail, without context processors and without the
    database: the error may well be the database."""
    return HttpResponseServerError(_without_request("500.html"))
