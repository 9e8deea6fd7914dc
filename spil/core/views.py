from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """500 page without technical detail and without template context processors."""
    return render(request, "500.html", status=500)
