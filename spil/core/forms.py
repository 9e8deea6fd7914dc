"""Form helpers shared by every app."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form
    has that field, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    """A period of figures, from–to (sent with GET), shown filled in with the default
    period: the last `default_days` up to today. The one period form of the project."""

    date_from = forms.DateField(label=_("Van"), widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), widget=DateInput())

    def __init__(self, data: Any = None, *, today: date, default_days: int, **kwargs: Any) -> None:
        self.default = (today - timedelta(days=default_days), today)
        kwargs.setdefault("initial", {"date_from": self.default[0], "date_to": self.default[1]})
        super().__init__(data, **kwargs)

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
