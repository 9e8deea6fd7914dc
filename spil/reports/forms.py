"""The monitoring page's choice: a period and, optionally, one programme and one team.

Sent with GET, so the page, its exports and a bookmark name the same figures. Programmes
and teams travel by uuid (no database ids in URLs)."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Team
from spil.core.forms import DateInput, SpilForm
from spil.directory.models import Programme

FIELDS = ("date_from", "date_to", "programme", "team")


def this_year(today: date) -> tuple[date, date]:
    return date(today.year, 1, 1), date(today.year, 12, 31)


class MonitoringForm(SpilForm):
    date_from = forms.DateField(label=_("Van"), widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), widget=DateInput())
    programme = forms.ModelChoiceField(
        label=_("Programma"),
        queryset=Programme.objects.order_by("name"),
        to_field_name="uuid",
        required=False,
        empty_label=_("Alle programma's"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("organisation"),
        to_field_name="uuid",
        required=False,
        empty_label=_("Alle teams"),
    )

    @classmethod
    def from_query(cls, query: Any, *, today: date) -> "MonitoringForm":
        """Always bound: a date the query does not name is this calendar year's."""
        start, end = this_year(today)
        data = {"date_from": start.isoformat(), "date_to": end.isoformat()}
        data.update({k: query[k] for k in FIELDS if query.get(k)})
        return cls(data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Deze datum ligt voor het begin van de periode."))
        return data
