import logging

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
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


# Once every migration was found applied, it stays so for this process (a migration is
# applied before new code starts; it is never rolled back under running code).
_migrations_applied = False


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readyz: database not reachable", exc_info=False)
        return False


def _migrations_ok() -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("readyz: migrations could not be checked", exc_info=False)
        return False
    _migrations_applied = not plan
    return _migrations_applied


def _cache_ok() -> bool:
    try:
        cache.set("spil:readyz", "ok", 10)
        return bool(cache.get("spil:readyz") == "ok")
    except Exception:
        logger.warning("readyz: cache not reachable", exc_info=False)
        return False


# A file every page links to: it has a name once `collectstatic` wrote the manifest.
STATIC_PROBE = "css/spil.css"


def _static_ok() -> bool:
    """Production names the CSS and scripts by their hashes (WhiteNoise's manifest): without
    `collectstatic` every page would fail, while the database and cache are fine."""
    try:
        staticfiles_storage.url(STATIC_PROBE)
    except Exception:
        logger.warning("readyz: static files not collected", exc_info=False)
        return False
    return True


@login_not_required
@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: the database answers, every migration is applied, the cache
    answers, the static files are collected. 200 or 503, with only "ok"/"fail" per check in
    the body (docs/deployment.md)."""
    database = _database_ok()
    checks = {
        "database": database,
        "migrations": database and _migrations_ok(),
        "cache": _cache_ok(),
        "static": _static_ok(),
    }
    body = "".join(f"{name}: {'ok' if ok else 'fail'}\n" for name, ok in checks.items())
    status = 200 if all(checks.values()) else 503
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    # Each failing check logged its warning above; Django would add an ERROR line for every
    # probe (every 15 s) while, say, a deploy's migrations run. Its own flag for "logged".
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


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
