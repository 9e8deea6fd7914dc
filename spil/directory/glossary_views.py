"""The glossary page for staff: every term with its explanation and the words partners use
for it. The family reads the short definitions on the spot in the portal."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spil.core import access

from .models import GlossaryTerm


@require_GET
def term_list(request: HttpRequest) -> HttpResponse:
    if not access.capabilities(request.user):  # staff only; a family account has no role
        raise Http404
    terms = GlossaryTerm.objects.filter(is_active=True).prefetch_related("related")
    return render(request, "directory/glossary.html", {"terms": terms})
