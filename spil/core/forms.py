"""Form helpers shared by every app, and the base form every Spil form inherits.

Bad input never reaches a 500: `SpilForm` (and `SpilModelForm`) bound every field once
the form is built — whatever the subclass added in its own `__init__` — so no form has to
remember it field by field:

- dates and date-times lie between `YEAR_MIN` and `YEAR_MAX` (a date-time of 0001-01-01
  cannot even be converted to UTC, and 9999-12-31 plus a day overflows);
- a choice of a record (`ModelChoiceField`, `ModelMultipleChoiceField`) names the record by
  its `uuid`, never by its database id: the options carry the uuid and only a uuid is taken
  back (every Spil model has one; a field that names another field keeps it, and
  `to_field_name="pk"` says "the id" on purpose). A submitted value must look like that
  key — a UUID, or for an id a whole number within the database's 64 bits — before the
  database sees it;
- whole numbers stay within 32 bits unless the field says otherwise;
- free text has a maximum length (`TEXT_MAX_LENGTH`, `LINE_MAX_LENGTH`), set as the
  browser's `maxlength` and, for long texts, said in the help text.

A field that sets its own bounds keeps them; these are the defaults. Every message is Dutch.
"""

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass
from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from spil.core.versioning import StaleEdit

REVISION_FIELD = "revision"
RECORD_KEY = "uuid"  # how a form names a record: never by its database id


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form
    has that field, otherwise above the form. A stale edit (`StaleEdit`) also moves the
    form's hidden revision on to the current one: the user's input stays, and a second
    save, after reading, goes through."""
    if isinstance(error, StaleEdit) and REVISION_FIELD in form.fields:
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict or a dict
        data[form.add_prefix(REVISION_FIELD)] = str(error.current_revision)
        form.data = data
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- Bounded fields: the base form of every Spil form ---------------------------------------

YEAR_MIN = 1900
YEAR_MAX = 2100
DATE_MIN = date(YEAR_MIN, 1, 1)
DATE_MAX = date(YEAR_MAX, 12, 31)
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
ID_MAX = 2**63 - 1  # the largest id a database's BIGINT holds (SQLite, PostgreSQL)
TEXT_MAX_LENGTH = 5000  # a text area: a note, a summary, a report's section
LINE_MAX_LENGTH = 200  # a one-line text

INVALID_CHOICE = _("Kies een geldige optie.")
TOO_LONG = ngettext_lazy(
    "Dit is te lang: hoogstens %(limit_value)d teken (nu %(show_value)d).",
    "Dit is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d).",
    "limit_value",
)
OUT_OF_RANGE_DATE = _("Vul een datum in tussen %(min)s en %(max)s.")
_NOT_TEXT = (forms.UUIDField, forms.JSONField)  # CharFields whose values are no text
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


def validate_date_range(value: date | datetime) -> None:
    """A date (or a date-time, on its local day) between YEAR_MIN and YEAR_MAX."""
    if value is None:
        return
    # A date-time is in the current time zone already; converting it could overflow.
    day = value.date() if isinstance(value, datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            OUT_OF_RANGE_DATE,
            code="date_out_of_range",
            params={"min": DATE_MIN.year, "max": DATE_MAX.year},
        )


def _is_key_of(field: forms.ModelChoiceField, value: Any) -> bool:
    """Whether a submitted value can be a key of the field's records at all."""
    model = field.queryset.model  # type: ignore[union-attr]
    if isinstance(value, model):
        return True
    name = field.to_field_name
    key = model._meta.get_field(name) if name and name != "pk" else model._meta.pk
    if isinstance(key, models.UUIDField):
        if isinstance(value, uuid.UUID):
            return True
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True
    if isinstance(key, _INTEGER_KEYS):
        text = str(value).strip()
        if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 20:
            return False
        return -ID_MAX - 1 <= int(text) <= ID_MAX
    return True


def _has_key(model: type[models.Model], name: str) -> bool:
    """Whether the model has a unique field `name` to name its records by."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(getattr(field, "unique", False) and getattr(field, "concrete", False))


def _ids_as_records(field: forms.ModelChoiceField, values: list[Any]) -> list[Any]:
    """Database ids that reach a uuid choice as its initial value (a model form's foreign
    key starts as the id; a view may pass one) replaced by their records, which the field
    shows by their uuid; an id whose record is gone becomes None, never shown as the id."""

    def is_id(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if not getattr(field, "_spil_keyed_by_rule", False) or not any(map(is_id, values)):
        return values
    model = field.queryset.model  # type: ignore[union-attr]
    records = model._default_manager.in_bulk([v for v in values if is_id(v)])
    return [records.get(v) if is_id(v) else v for v in values]


class _KeyCheckedChoice:
    """Mixed into a `ModelChoiceField`: refuse a value that cannot be a key before the
    database sees it (a 20-digit id overflows SQLite's integer, a word is no UUID)."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _is_key_of(self, value):  # type: ignore[attr-defined,arg-type]
            raise ValidationError(INVALID_CHOICE, code="invalid_choice")
        return super().to_python(value)  # type: ignore[misc]

    def prepare_value(self, value: Any) -> Any:
        (value,) = _ids_as_records(self, [value])  # type: ignore[arg-type]
        return super().prepare_value(value)  # type: ignore[misc]


class _KeyCheckedMultiple:
    """Mixed into a `ModelMultipleChoiceField`: the same check for every value sent."""

    def _check_values(self, value: Any) -> Any:
        if not isinstance(value, (list, tuple)) or not all(_is_key_of(self, v) for v in value):  # type: ignore[arg-type]
            raise ValidationError(INVALID_CHOICE, code="invalid_choice")
        return super()._check_values(value)  # type: ignore[misc]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            value = [v for v in _ids_as_records(self, list(value)) if v is not None]  # type: ignore[arg-type]
        return super().prepare_value(value)  # type: ignore[misc]


_checked_classes: dict[type, type] = {}


def _key_checked(field: forms.ModelChoiceField, key: str | None) -> None:
    """Name the records of a choice by `key` (the uuid) unless the field names its own, and
    give it the key check, keeping its own class (and label) underneath."""
    model = field.queryset.model  # type: ignore[union-attr]
    # None, or a model form's foreign key naming the id (its `to_field`): both are the id.
    by_id = field.to_field_name in (None, model._meta.pk.name)
    if key and by_id and _has_key(model, key):
        field.to_field_name = key  # the options' values and what is taken back
        field._spil_keyed_by_rule = True  # type: ignore[attr-defined]
    cls = type(field)
    if issubclass(cls, (_KeyCheckedChoice, _KeyCheckedMultiple)):
        return
    if cls not in _checked_classes:
        mixin = (
            _KeyCheckedMultiple
            if issubclass(cls, forms.ModelMultipleChoiceField)
            else _KeyCheckedChoice
        )
        _checked_classes[cls] = type(f"KeyChecked{cls.__name__}", (mixin, cls), {})
    field.__class__ = _checked_classes[cls]
    field.error_messages = {**field.error_messages, "invalid_choice": INVALID_CHOICE}


def _bound_date(field: forms.DateField | forms.DateTimeField) -> None:
    field.validators.append(validate_date_range)
    widget = field.widget
    if isinstance(field, forms.DateTimeField):
        bounds = (f"{YEAR_MIN}-01-01T00:00", f"{YEAR_MAX}-12-31T23:59")
    else:
        bounds = (DATE_MIN.isoformat(), DATE_MAX.isoformat())
    if widget.attrs.get("type", getattr(widget, "input_type", "")) in {"date", "datetime-local"}:
        widget.attrs.setdefault("min", bounds[0])
        widget.attrs.setdefault("max", bounds[1])


def _bound_integer(field: forms.IntegerField) -> None:
    if field.max_value is None:
        field.max_value = INT_MAX
        field.validators.append(validators.MaxValueValidator(INT_MAX))
        field.widget.attrs.setdefault("max", str(INT_MAX))
    if field.min_value is None:
        field.min_value = INT_MIN
        field.validators.append(validators.MinValueValidator(INT_MIN))
        field.widget.attrs.setdefault("min", str(INT_MIN))


def _limit_text(field: forms.CharField) -> None:
    long_text = isinstance(field.widget, forms.Textarea)
    if field.max_length is None:
        field.max_length = TEXT_MAX_LENGTH if long_text else LINE_MAX_LENGTH
        field.validators.append(validators.MaxLengthValidator(field.max_length))
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
    if long_text:  # a one-line field's maxlength stops the typing; a text area's is said
        said = _("Hoogstens %(limit)s tekens.") % {"limit": formats.number_format(field.max_length)}
        field.help_text = format_lazy("{} {}", field.help_text, said) if field.help_text else said
    field.error_messages = {**field.error_messages, "max_length": TOO_LONG}


def bound_fields(form: forms.BaseForm) -> None:
    """Give every field of a built form its bounds; safe to call again."""
    key = getattr(form, "record_key", RECORD_KEY)
    for field in form.fields.values():
        if getattr(field, "_spil_bounded", False):
            continue
        if isinstance(field, (forms.DateField, forms.DateTimeField)):
            _bound_date(field)
        elif isinstance(field, forms.IntegerField):
            _bound_integer(field)
        elif isinstance(field, forms.ModelChoiceField):
            _key_checked(field, key)
        elif isinstance(field, forms.CharField) and not isinstance(field, _NOT_TEXT):
            _limit_text(field)
        field._spil_bounded = True  # type: ignore[attr-defined]


class BoundedFormMetaclass(DeclarativeFieldsMetaclass):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        form = super().__call__(*args, **kwargs)
        bound_fields(form)  # after the subclass's own __init__ added its fields
        return form


class BoundedModelFormMetaclass(ModelFormMetaclass):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        form = super().__call__(*args, **kwargs)
        bound_fields(form)
        return form


class BoundedFieldsMixin:
    """Bounds the fields of a form built on another base (e.g. Django's AuthenticationForm):
    `class LoginForm(BoundedFieldsMixin, AuthenticationForm, metaclass=BoundedFormMetaclass)`.

    `record_key` is the field every record choice names its records by; only a form of
    Django's admin (/beheer/, whose widgets work with ids) sets it to None."""

    record_key: str | None = RECORD_KEY

    def full_clean(self) -> None:
        bound_fields(self)  # type: ignore[arg-type]  # also fields added after the form was built
        super().full_clean()  # type: ignore[misc]


class SpilForm(BoundedFieldsMixin, forms.Form, metaclass=BoundedFormMetaclass):
    """The base of every Spil form: bounded dates, numbers, record choices and texts."""


class SpilModelForm(BoundedFieldsMixin, forms.ModelForm, metaclass=BoundedModelFormMetaclass):
    """The base of every Spil model form: the same bounds as `SpilForm`."""


class VersionedFormMixin:
    """Every edit form of an existing record: a hidden `revision`, filled from the
    instance (a model form) or from `initial["revision"]`, which the view hands to the
    service (`spil.core.versioning`) so a save from a stale form is refused. A form that
    adds a new record (no instance, no revision in `initial`) has no such field. Put it
    first: `class MemberForm(VersionedFormMixin, SpilModelForm)`."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            revision = instance.revision
        elif REVISION_FIELD in getattr(self, "initial", {}):
            revision = self.initial[REVISION_FIELD]  # type: ignore[attr-defined]
        else:
            return
        self.fields[REVISION_FIELD] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=False,
            min_value=1,
            max_value=INT_MAX,
            initial=revision,
        )


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(SpilForm):
    """A period of figures, from–to (sent with GET), shown filled in with the default
    period: the last `default_days` up to today. The one period form of the project."""

    date_from = forms.DateField(label=_("Van"), widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), widget=DateInput())

    def __init__(self, data: Any = None, *, today: date, default_days: int, **kwargs: Any) -> None:
        self.default = (today - timedelta(days=default_days), today)
        kwargs.setdefault("initial", {"date_from": self.default[0], "date_to": self.default[1]})
        super().__init__(data, **kwargs)

    @classmethod
    def from_query(cls, query: Any, *, today: date, default_days: int) -> "PeriodForm":
        """The period from a query string that may carry other filters too: a date it does
        not name is the default's, so the form is always bound and the figures always shown."""
        start, end = today - timedelta(days=default_days), today
        data = {"date_from": start.isoformat(), "date_to": end.isoformat()}
        data.update({k: query[k] for k in ("date_from", "date_to") if query.get(k)})
        return cls(data, today=today, default_days=default_days)

    def period(self) -> tuple[date, date] | None:
        """The chosen period, the default when none was chosen, None when invalid (the
        form then shows why)."""
        if not self.is_bound:
            return self.default
        if not self.is_valid():
            return None
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Deze datum ligt voor het begin van de periode."))
        return data
