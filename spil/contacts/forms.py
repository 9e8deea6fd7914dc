from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import User
from spil.core.forms import DateInput, SpilForm
from spil.families.models import Family, Involvement, Member

from .models import Appointment, Contact, Crisis, Promise


class ContactForm(SpilForm):
    """One short form: the moment and the kind are filled in; the rest is optional."""

    occurred_at = forms.DateTimeField(
        label=_("Wanneer"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
    )
    kind = forms.ChoiceField(label=_("Soort contact"), choices=Contact.Kind.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"), min_value=1, max_value=24 * 60, required=False
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Met wie van het gezin"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    involvements = forms.ModelMultipleChoiceField(
        label=_("Met welke hulpverleners"),
        queryset=Involvement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Samenvatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Het team mag dit lezen, voor zover het gezin toestemming gaf."),
    )
    working_note = forms.CharField(
        label=_("Werkaantekening"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen voor uw eigen organisatie."),
    )
    is_crisis = forms.BooleanField(label=_("Dit was een crisis"), required=False)

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = family.members.filter(  # type: ignore[attr-defined]
            is_deceased=False
        )
        self.fields["involvements"].queryset = family.involvements.filter(  # type: ignore[attr-defined]
            until__isnull=True
        )


class ContactFilterForm(SpilForm):
    """Narrow the contacts list (sent with GET): a kind, a member, a period. Each is
    optional; a value that cannot be is refused in Dutch and the list shows unnarrowed."""

    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *Contact.Kind.choices], required=False
    )
    lid = forms.ModelChoiceField(
        label=_("Met"), queryset=Member.objects.none(), required=False, empty_label=_("Iedereen")
    )
    van = forms.DateField(label=_("Van"), required=False, widget=DateInput())
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lid"].queryset = family.members.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Deze datum ligt voor het begin van de periode."))
        return data

    def query(self) -> dict[str, str]:
        """The chosen filters as query parameters (for the next page's link)."""
        if not self.is_bound or not self.is_valid():
            return {}
        shown = {
            "soort": self.cleaned_data["soort"],
            "lid": str(self.cleaned_data["lid"].uuid) if self.cleaned_data["lid"] else "",
            "van": self.cleaned_data["van"].isoformat() if self.cleaned_data["van"] else "",
            "tot": self.cleaned_data["tot"].isoformat() if self.cleaned_data["tot"] else "",
        }
        return {key: value for key, value in shown.items() if value}


# --- Appointments, promises, crisis log -----------------------------------------------

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


def _datetime(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
    )


def _text(label: Any, required: bool = False, rows: int = 3, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _living_members(family: Family) -> Any:
    return family.members.filter(is_deceased=False).order_by("birth_date", "first_name")


def _active_involvements(family: Family) -> Any:
    return family.involvements.filter(until__isnull=True).select_related("organisation", "worker")


class _UuidMultiple(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "uuid")
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


class _UuidChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(*args, **kwargs)


class AppointmentForm(SpilForm):
    """Plan an appointment: when, with whom of this family, where and what about."""

    starts_at = _datetime(_("Begint om"))
    ends_at = _datetime(_("Eindigt om"), required=False)
    place = forms.CharField(
        label=_("Waar"),
        max_length=200,
        required=False,
        help_text=_("Bijv. thuis, op kantoor, op school."),
    )
    purpose = forms.CharField(
        label=_("Waarover"),
        max_length=300,
        required=False,
        help_text=_("Kort. Het team mag dit lezen, voor zover het gezin toestemming gaf."),
    )

    def __init__(self, *args: Any, family: Family, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = _UuidMultiple(
            label=_("Met wie van het gezin"), queryset=_living_members(family)
        )
        self.fields["involvements"] = _UuidMultiple(
            label=_("Met welke hulpverleners"), queryset=_active_involvements(family)
        )
        self.fields["worker"] = _UuidChoice(
            label=_("Afspraak van"),
            queryset=User.objects.filter(pk__in=[w.pk for w in workers]).order_by("full_name"),
            empty_label=None,
            help_text=_("Wie de afspraak heeft met het gezin."),
        )


class AppointmentStatusForm(SpilForm):
    """What became of the appointment; a kept one may log its contact at once."""

    status = forms.ChoiceField(
        label=_("Wat is er met de afspraak gebeurd?"),
        choices=[(s.value, s.label) for s in Appointment.Status if s != Appointment.Status.PLANNED],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        help_text=_("Bijv. waarom de afspraak niet doorging."),
    )
    log_contact = forms.BooleanField(
        label=_("Leg meteen het contact vast (alleen bij nagekomen)"), required=False
    )
    contact_kind = forms.ChoiceField(
        label=_("Soort contact"), choices=Contact.Kind.choices, required=False
    )
    summary = _text(
        _("Samenvatting van het contact"),
        help_text=_("Het team mag dit lezen, voor zover het gezin toestemming gaf."),
    )
    working_note = _text(
        _("Werkaantekening"), rows=2, help_text=_("Alleen voor uw eigen organisatie.")
    )

    def clean_contact_kind(self) -> str:
        return self.cleaned_data.get("contact_kind") or Contact.Kind.HOME_VISIT


class PromiseForm(SpilForm):
    """Who promised what to whom, by when. The promisor decides the direction: the coach
    or a worker to the family, or a member of the family to the coach."""

    what = forms.CharField(
        label=_("Wat is er beloofd?"), max_length=300, help_text=_("Kort en concreet.")
    )
    due_on = forms.DateField(label=_("Uiterlijk op"), widget=DateInput())

    def __init__(self, *args: Any, family: Family, coaches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by: dict[str, tuple[str, Any]] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []

        def group(label: Any, prefix: str, direction: str, items: Any, name: Any = str) -> None:
            choices = []
            for item in items:
                value = f"{prefix}:{item.uuid}"
                self._by[value] = (direction, item)
                choices.append((value, name(item)))
            if choices:
                groups.append((str(label), choices))

        D = Promise.Direction
        group(
            _("Coach (aan het gezin)"), "coach", D.COACH_TO_FAMILY, coaches, lambda u: u.full_name
        )
        group(
            _("Betrokken hulpverlener (aan het gezin)"),
            "hulp",
            D.WORKER_TO_FAMILY,
            _active_involvements(family),
        )
        group(_("Gezinslid (aan de coach)"), "lid", D.FAMILY_TO_COACH, _living_members(family))
        self.fields["by"] = forms.ChoiceField(
            label=_("Wie belooft het?"),
            choices=[("", "—"), *groups],
            error_messages={"required": _("Kies wie het beloofde.")},
        )
        self.fields["to_member"] = _UuidChoice(
            label=_("Aan wie van het gezin"),
            queryset=_living_members(family),
            required=False,
            empty_label=_("Het hele gezin"),
            help_text=_("Niet nodig als het gezin iets aan de coach belooft."),
        )
        self.order_fields(["by", "what", "to_member", "due_on"])

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as the arguments of `services.promise_record`."""
        direction, who = self._by[self.cleaned_data["by"]]
        D = Promise.Direction
        return {
            "direction": direction,
            "by_user": who if direction == D.COACH_TO_FAMILY else None,
            "by_involvement": who if direction == D.WORKER_TO_FAMILY else None,
            "by_member": who if direction == D.FAMILY_TO_COACH else None,
            "to_member": self.cleaned_data.get("to_member"),
            "what": self.cleaned_data["what"],
            "due_on": self.cleaned_data["due_on"],
        }


class PromiseCloseForm(SpilForm):
    status = forms.ChoiceField(
        label=_("Is de toezegging nagekomen?"),
        choices=[
            (Promise.Status.KEPT.value, Promise.Status.KEPT.label),
            (Promise.Status.BROKEN.value, Promise.Status.BROKEN.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class PromiseRenegotiateForm(SpilForm):
    due_on = forms.DateField(label=_("Nieuwe datum"), widget=DateInput())
    what = forms.CharField(
        label=_("Wat er nu beloofd is"),
        max_length=300,
        required=False,
        help_text=_("Leeg: hetzelfde als eerst."),
    )
    note = forms.CharField(label=_("Waarom opnieuw afgesproken"), max_length=300, required=False)


class CrisisForm(SpilForm):
    occurred_at = _datetime(_("Wanneer"))
    what_happened = _text(_("Wat er gebeurde"), required=True, help_text=_("Kort en feitelijk."))
    what_was_done = _text(
        _("Wat er is gedaan"), help_text=_("Door de coach, het gezin en anderen.")
    )


class CrisisChangeForm(SpilForm):
    what_happened = _text(_("Wat er gebeurde"), help_text=_("Kort en feitelijk."))
    what_was_done = _text(
        _("Wat er is gedaan"), help_text=_("Door de coach, het gezin en anderen.")
    )


class WhatIfForm(SpilForm):
    situation = forms.CharField(
        label=_("Als dit gebeurt"),
        max_length=300,
        help_text=_("Bijv. “als vader weer dreigt de kinderen mee te nemen”."),
    )
    who_does_what = _text(_("Wie doet dan wat"), required=True)
    who_tells_whom = _text(_("Wie informeert wie"), required=True, rows=2)
    agreed_on = forms.DateField(label=_("Afgesproken op"), widget=DateInput())

    def __init__(self, *args: Any, crises: list[Crisis], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crisis"] = _UuidChoice(
            label=_("Naar aanleiding van de crisis van"),
            queryset=Crisis.objects.filter(pk__in=[c.pk for c in crises]).order_by("-occurred_at"),
            required=False,
            empty_label=_("Geen bepaalde crisis"),
        )
        self.fields["crisis"].label_from_instance = lambda c: (  # type: ignore[attr-defined]
            date_format(timezone.localtime(c.occurred_at), "SHORT_DATETIME_FORMAT")
        )


class WhatIfEndForm(SpilForm):
    ended_on = forms.DateField(label=_("Beëindigd op"), widget=DateInput())
    reason = forms.CharField(
        label=_("Waarom"),
        max_length=300,
        required=False,
        help_text=_("Bijv. de situatie doet zich niet meer voor."),
    )
