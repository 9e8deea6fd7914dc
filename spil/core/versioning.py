"""No lost updates: every record carries a revision (`BaseModel.revision`) that travels in its
edit form (and in the API's ETag). `save_if_current` writes a change only when the record is
still at the revision the user saw — one conditional UPDATE, so the database decides between
two simultaneous posts — and raises `StaleEdit` (a ValidationError) naming what stands now."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Marked for the catalogue here, translated where the message is made.
STALE_MESSAGE = gettext_noop(
    "Iemand anders heeft dit intussen gewijzigd. Wat er nu staat: %(changes)s. Uw invoer staat "
    "nog in het formulier: kijk het na en sla opnieuw op."
)
STALE_MESSAGE_PLAIN = gettext_noop(
    "Iemand anders heeft dit intussen gewijzigd. Uw invoer staat nog in het formulier: kijk "
    "het na en sla opnieuw op."
)


class StaleEdit(ValidationError):
    """A save from a form whose record changed since the form was opened."""

    def __init__(self, message: str, *, current_revision: int) -> None:
        super().__init__(message, code="stale")
        self.current_revision = current_revision


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


def stale_edit(obj: models.Model, fields: Iterable[str]) -> StaleEdit:
    """The refusal for `obj` (holding the user's input): what is stored now where it
    differs from the input, by the fields' labels (a BSN's value is never shown)."""
    stored = type(obj)._base_manager.get(pk=obj.pk)
    changes = []
    for name in fields:
        field = obj._meta.get_field(name)
        if not field.concrete or name in {"revision", "updated_at"}:
            continue
        now = getattr(stored, name)
        if now == getattr(obj, name):
            continue
        label = str(field.verbose_name)
        if name == "bsn":
            changes.append(_("%(label)s is gewijzigd") % {"label": label})
            continue
        display = getattr(stored, f"get_{name}_display", None)
        changes.append(f"{label[:1].upper()}{label[1:]}: ‘{_shown(display() if display else now)}’")
    revision = stored.revision  # type: ignore[attr-defined]
    if not changes:
        return StaleEdit(_(STALE_MESSAGE_PLAIN), current_revision=revision)
    return StaleEdit(_(STALE_MESSAGE) % {"changes": ", ".join(changes)}, current_revision=revision)


def check_current(obj: models.Model, expected: int | None, fields: Iterable[str] = ()) -> None:
    """Refuse a change to `obj` when it is no longer at `expected` (None: no form revision
    to hold it to). Compares with the database, not with the loaded object."""
    if expected is None or obj.pk is None:
        return
    current = type(obj)._base_manager.filter(pk=obj.pk).values_list("revision", flat=True).first()
    if current is not None and current != expected:
        raise stale_edit(obj, fields)


def save_if_current(obj: models.Model, expected: int | None, fields: Iterable[str]) -> None:
    """Write `fields` of `obj` and raise its revision by one — only when the stored record
    is still at `expected` (None: at the revision the object was loaded with). One
    conditional UPDATE: of two saves from the same revision exactly one wins."""
    names = [name for name in fields if name not in {"revision", "updated_at"}]
    base = obj.revision if expected is None else expected  # type: ignore[attr-defined]
    now = timezone.now()
    values: dict[str, Any] = {}
    for name in names:
        field = obj._meta.get_field(name)
        values[field.attname] = getattr(obj, field.attname)  # type: ignore[union-attr]
    updated = (
        type(obj)
        ._base_manager.filter(pk=obj.pk, revision=base)
        .update(**values, updated_at=now, revision=F("revision") + 1)
    )
    if not updated:
        raise stale_edit(obj, names)
    obj.revision = base + 1  # type: ignore[attr-defined]
    obj.updated_at = now  # type: ignore[attr-defined]
