"""Lists that are read one page at a time, in the database (issue 19).

A long list (a family's contacts, appointments, "wie keek") is ordered on a moment and the
row's id, and read one page of `PAGE_SIZE` rows at a time with a *keyset*: the next page
holds the rows strictly after the last row shown, in that order. The cursor in the URL is
the last row's uuid (URLs never carry database ids); its moment and id are looked up in
the same queryset, so a cursor of another family, of a row the user may not see, or of
nothing at all is refused — the first page is shown with a Dutch message, never a 500.

Rows sharing a moment are ordered by id, so none is lost or shown twice at a page
boundary. The cost of a page does not grow with the list: one indexed range read of at
most `PAGE_SIZE + 1` rows (the index on the family, the moment and the id) plus one
lookup of the cursor.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 50

REFUSED = _("Deze plek in de lijst bestaat niet (meer); u ziet het begin van de lijst.")

M = TypeVar("M", bound=Model)
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str  # the uuid to ask for the next page; "" on the last page
    is_later_page: bool  # not the first page
    refused: bool = False  # the cursor was refused: this is the first page

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _uuid(raw: str | None) -> UUID | None:
    try:
        return UUID(str(raw).strip())
    except (TypeError, ValueError, AttributeError):
        return None


def keyset_page(
    rows: QuerySet[M],
    *,
    moment: str,
    cursor: str | None,
    descending: bool = True,
    size: int = PAGE_SIZE,
) -> Page[M]:
    """One page of `rows` ordered on (`moment`, id) — newest first when `descending` —
    starting after the row whose uuid is `cursor` (the first page without one). `rows`
    holds only what the user may see: the cursor is looked up in it."""
    after: tuple[Any, int] | None = None
    refused = False
    if cursor:
        key = _uuid(cursor)
        found = rows.filter(uuid=key).values_list(moment, "id").first() if key else None
        if found is None:
            refused = True
        else:
            after = (found[0], found[1])
    if descending:
        order = [f"-{moment}", "-id"]
        if after is not None:
            at, pk = after
            # The redundant `moment <= at` lets the database start the index scan there.
            rows = rows.filter(
                Q(**{f"{moment}__lt": at}) | Q(**{moment: at, "id__lt": pk}),
                **{f"{moment}__lte": at},
            )
    else:
        order = [moment, "id"]
        if after is not None:
            at, pk = after
            rows = rows.filter(
                Q(**{f"{moment}__gt": at}) | Q(**{moment: at, "id__gt": pk}),
                **{f"{moment}__gte": at},
            )
    found_rows = list(rows.order_by(*order)[: size + 1])
    more = len(found_rows) > size
    items = found_rows[:size]
    return Page(
        items=items,
        next_cursor=str(items[-1].uuid) if more and items else "",  # type: ignore[attr-defined]
        is_later_page=after is not None,
        refused=refused,
    )
