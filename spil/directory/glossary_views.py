"""The glossary page for staff: every term with its explanation and the words partners use
for it. The family reads the short definitions on the spot in the portal."""

import unicodedata

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spil.core import access

from .models import GlossaryTerm


def alphabetical(word: str) -> str:
    """A–Z as a reader looks it up: without case and accents ("één" under e, "Veilig Thuis"
    under v). The database's order puts capitals first (SQLite) or follows its collation
    (PostgreSQL)."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


@require_GET
def term_list(request: HttpRequest) -> HttpResponse:
    if not access.capabilities(request.user):  # staff only; a family account has no role
        raise Http404
    terms = sorted(
        GlossaryTerm.objects.filter(is_active=True).prefetch_related("related"),
        key=lambda term: alphabetical(term.term),
    )
    return render(request, "directory/glossary.html", {"terms": terms})
