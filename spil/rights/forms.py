"""Forms of the rights app (Dutch; bounded by SpilForm; records named by uuid)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from spil.core.forms import DATE_MAX, DATE_MIN, SpilForm, VersionedFormMixin
from spil.families.models import Gender, Member

from .models import RightsRequest
from .services import CORRECTABLE_FIELDS, REQUEST_MAX_LENGTH


class RequestForm(SpilForm):
    """The coach records what a family member asked about their own data."""

    member = forms.ModelChoiceField(
        label=_("Gezinslid"),
        queryset=Member.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": _("Kies het gezinslid dat het vroeg."),
            "invalid_choice": _("Kies een gezinslid van dit gezin."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Soort verzoek"),
        choices=RightsRequest.Kind.choices,
        error_messages={
            "required": _("Kies de soort verzoek."),
            "invalid_choice": _("Kies de soort verzoek."),
        },
    )
    request = forms.CharField(
        label=_("Wat vraagt het gezinslid?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf op wat er gevraagd is.")},
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )

    def __init__(self, data: Any = None, *, members: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if not isinstance(members, QuerySet):
            members = Member.objects.filter(pk__in=[m.pk for m in members])
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


FIELD_CHOICES: list[tuple[str, Any]] = [("", _("— niets aan het dossier veranderen —"))] + [
    (name, getattr(Member._meta.get_field(name), "verbose_name", name))
    for name in CORRECTABLE_FIELDS
]


class DecideForm(VersionedFormMixin, SpilForm):
    """Grant or refuse; a refusal names its reason (sent to the person)."""

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("toekennen", _("Toekennen")), ("afwijzen", _("Afwijzen, met reden"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies: toekennen of afwijzen."),
            "invalid_choice": _("Kies: toekennen of afwijzen."),
        },
    )
    answer = forms.CharField(
        label=_("Antwoord aan het gezinslid"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wat er gedaan is, of waarom niet. Bij een afwijzing verplicht: bijvoorbeeld dat "
            "de wet (Jeugdwet, 20 jaar) of het belang van een kind bewaren vraagt. Dit gaat "
            "per e-mail naar het gezinslid: schrijf geen namen van anderen."
        ),
    )
    corrected_field = forms.ChoiceField(
        label=_("Bij een correctie: welk gegeven van het gezinslid"),
        choices=FIELD_CHOICES,
        required=False,
    )
    new_value = forms.CharField(
        label=_("Nieuwe waarde"),
        max_length=200,
        required=False,
        help_text=_(
            "Een datum als 31-12-2010; geslacht als man, vrouw, anders of onbekend; "
            "woont thuis als ja of nee."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, raw = data.get("corrected_field"), (data.get("new_value") or "").strip()
        if not name:
            data["new_value"] = None
            return data
        if data.get("decision") != "toekennen":
            self.add_error("corrected_field", _("Alleen bij toekennen verandert het dossier."))
            return data
        if not raw:
            self.add_error("new_value", _("Vul de nieuwe waarde in."))
            return data
        data["new_value"] = self._parse(name, raw)
        return data

    def _parse(self, name: str, raw: str) -> Any:
        if name == "birth_date":
            field = forms.DateField(input_formats=["%d-%m-%Y", "%Y-%m-%d"])
            try:
                day = field.clean(raw)
            except forms.ValidationError:
                self.add_error("new_value", _("Vul een datum in als 31-12-2010."))
                return None
            if not DATE_MIN <= day <= DATE_MAX:
                self.add_error("new_value", _("Vul een datum tussen 1900 en 2100 in."))
                return None
            return day
        if name == "gender":
            values = {str(label).lower(): value for value, label in Gender.choices}
            values.update({value: value for value, _label in Gender.choices})
            if raw.lower() not in values:
                self.add_error("new_value", _("Kies man, vrouw, anders of onbekend."))
                return None
            return values[raw.lower()]
        if name == "lives_in_household":
            if raw.lower() not in {"ja", "nee"}:
                self.add_error("new_value", _("Vul ja of nee in."))
                return None
            return raw.lower() == "ja"
        return raw


class MemberRequestForm(SpilForm):
    """A family member asks in the portal about their own data (plain Dutch, B1; "je" for
    a young person). A correction has its own page in the portal."""

    kind = forms.ChoiceField(
        label=_("Wat vraagt u?"),
        widget=forms.RadioSelect,
        choices=[
            (RightsRequest.Kind.ACCESS.value, _("Een volledig overzicht van wat er over mij is")),
            (RightsRequest.Kind.ERASURE.value, _("Gegevens over mij weghalen")),
            (RightsRequest.Kind.RESTRICTION.value, _("Gegevens over mij even niet gebruiken")),
            (
                RightsRequest.Kind.OBJECTION.value,
                _("Ik wil niet dat gegevens over mij gebruikt worden"),
            ),
        ],
        error_messages={
            "required": _("Kies wat u vraagt."),
            "invalid_choice": _("Kies wat u vraagt."),
        },
    )
    request = forms.CharField(
        label=_("Leg het uit"),
        max_length=REQUEST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Welke gegevens bedoelt u, en waarom vraagt u dit?"),
        error_messages={"required": _("Schrijf wat u vraagt.")},
    )

    def __init__(self, data: Any = None, *, young: bool = False, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        if young:
            kind, request = self.fields["kind"], self.fields["request"]
            kind.label = _("Wat vraag je?")
            kind.error_messages = {
                "required": _("Kies wat je vraagt."),
                "invalid_choice": _("Kies wat je vraagt."),
            }
            request.help_text = _("Welke gegevens bedoel je, en waarom vraag je dit?")
            request.error_messages = {
                **request.error_messages,
                "required": _("Schrijf wat je vraagt."),
            }
