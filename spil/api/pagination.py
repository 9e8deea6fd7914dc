"""Lists come in cursor pages (DRF `CursorPagination`): stable under inserts, and the
cursor holds a position in a timestamp, never a database id or a name. Every ordering ends
on the uuid, so rows sharing a timestamp keep one order."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering: Any = ("created_at", "uuid")

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["next"]["description"] = _(
            "Adres van de volgende pagina (met cursor); leeg op de laatste pagina."
        )
        properties["previous"]["description"] = _(
            "Adres van de vorige pagina (met cursor); leeg op de eerste pagina."
        )
        properties["results"] = {**properties["results"], "description": _("De rijen.")}
        return described


def ordered(*fields: str) -> type[Cursor]:
    """A cursor pagination over `fields` (the first is the position; the rest break ties)."""
    return type("Cursor", (Cursor,), {"ordering": fields})
