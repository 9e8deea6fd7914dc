"""Forms for what a family member does in the portal with appointments and consents
(issue 14). Plain Dutch, "u" for adults and "je" for young people (`young`); bounded by
`SpilForm`. The services (contacts, families) decide; these forms only read the input."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.contacts.services import FAMILY_REASON_MAX
from spil.core.forms import INT_MAX, DateInput, SpilForm
from spil.families.models import Consent, Member

RELOAD = _("Deze pagina is verouderd. Laad de pagina opnieuw en probeer het nog eens.")


class AppointmentAnswerForm(SpilForm):
    """Confirm an appointment: only the revision of the appointment as the page showed it,
    so an answer to an appointment the coach changed since is refused."""

    revision = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        self.young = young
        super().__init__(*args, **kwargs)

    def clean_revision(self) -> int:
        text = (self.cleaned_data.get("revision") or "").strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= INT_MAX:
            raise forms.ValidationError(RELOAD)
        return int(text)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A hidden field has no place to show its error: say it above the form, in words
        # the member can act on (whatever was wrong with it).
        if self.errors.pop("revision", None):
            self.add_error(None, RELOAD)
        return data


class AppointmentCancelForm(AppointmentAnswerForm):
    """Cancel an appointment, with a short reason for the coach."""

    reason = forms.CharField(
        max_length=FAMILY_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, young=young, **kwargs)
        field = self.fields["reason"]
        if young:
            field.label = _("Waarom kun je niet?")
            field.help_text = _("De coach leest dit. Schrijf het kort.")
            field.error_messages["required"] = _("Schrijf kort waarom je niet kunt.")
        else:
            field.label = _("Waarom kunt u niet?")
            field.help_text = _("De coach leest dit. Schrijf het kort.")
            field.error_messages["required"] = _("Schrijf kort waarom u niet kunt.")


# The parts of the file, in plain words (the glossary explains "gezinsplan").
PART_LABELS = {
    Consent.Part.PLAN: _("Ons plan: onze doelen en wie wat doet"),
    Consent.Part.CONTACTS: _("Contacten en afspraken met de coach"),
    Consent.Part.ASSESSMENTS: _("Hoe het gaat: de cijfers per onderwerp"),
    Consent.Part.SAFETY: _("Veiligheid: zorgen over veiligheid en wat we daarover afspraken"),
}
WHOLE_FAMILY = "gezin"


class ConsentGiveForm(SpilForm):
    """Give consent to share parts of the file with an organisation that helps the family.
    The choices come from the family service: the organisations of the team around the
    family now, and the people this member decides for."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), to_field_name="uuid", empty_label=None
    )
    concerns = forms.ChoiceField()
    parts = forms.MultipleChoiceField(
        choices=list(PART_LABELS.items()), widget=forms.CheckboxSelectMultiple
    )
    valid_until = forms.DateField(required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        subjects: list[Member | None],
        me: Member,
        young: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {self._key(s): s for s in subjects}
        f = self.fields
        f["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=[o.pk for o in organisations]
        ).order_by("name", "id")
        f["concerns"].choices = [(self._key(s), self._label(s, me)) for s in subjects]  # type: ignore[attr-defined]
        f["parts"].error_messages["invalid_choice"] = _("Kies alleen uit de onderdelen hieronder.")
        # (A record choice gets the house's "Kies een geldige optie." from SpilForm.)
        f["organisation"].label = _("Met wie mag gedeeld worden?")
        f["concerns"].label = _("Over wie gaat het?")
        f["concerns"].help_text = (
            _("Kies je één persoon? Dan gaat het alleen over die persoon.")
            if young
            else _("Kiest u één persoon? Dan gaat het alleen over die persoon.")
        )
        f["parts"].label = _("Wat mogen zij zien?")
        f["parts"].error_messages["required"] = _("Kies wat zij mogen zien.")
        f["valid_until"].label = _("Tot wanneer? (mag leeg)")
        f["valid_until"].help_text = (
            _("Leeg: tot je het intrekt.") if young else _("Leeg: tot u het intrekt.")
        )
        f["concerns"].error_messages["invalid_choice"] = _("Kies iemand uit de lijst.")

    @staticmethod
    def _key(subject: Member | None) -> str:
        return WHOLE_FAMILY if subject is None else str(subject.uuid)

    @staticmethod
    def _label(subject: Member | None, me: Member) -> Any:
        if subject is None:
            return _("Ons hele gezin")
        if subject.pk == me.pk:
            return _("Alleen over mij")
        return subject.first_name

    def clean_concerns(self) -> Member | None:
        return self.subjects.get(self.cleaned_data["concerns"])

    def clean_valid_until(self) -> date | None:
        value: date | None = self.cleaned_data.get("valid_until")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag later."))
        return value
