from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import User
from spil.core.forms import DateInput, SpilForm, VersionedFormMixin
from spil.core.roles import Role
from spil.families.models import Involvement

from .models import Closure, Trajectory

ACTIVE_PHASE_CHOICES = [c for c in Trajectory.Phase.choices if c[0] not in {"nazorg", "gesloten"}]


class DetailsForm(VersionedFormMixin, SpilForm):
    backup_coach = forms.ModelChoiceField(
        label=_("Back-up coach"),
        queryset=User.objects.workers().filter(memberships__role=Role.COACH).distinct(),
        required=False,
        help_text=_("Nooit alleen: een tweede coach die het gezin ook kent."),
    )
    trajectory_type = forms.ChoiceField(
        label=_("Soort traject"), choices=[("", "—"), *Trajectory.Type.choices], required=False
    )
    family_type = forms.ChoiceField(
        label=_("Soort gezin"), choices=[("", "—"), *Trajectory.FamilyType.choices], required=False
    )
    style = forms.ChoiceField(
        label=_("Coachingsstijl"), choices=[("", "—"), *Trajectory.Style.choices], required=False
    )
    specific_tasks = forms.CharField(
        label=_("Opdracht: specifieke taken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    broad_lines = forms.MultipleChoiceField(
        label=_("Opdracht: brede lijnen"),
        choices=Trajectory.BroadLine.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Afstemming van de hulp hoort altijd bij de opdracht."),
    )
    reachable_hours = forms.CharField(label=_("Bereikbaar op"), max_length=150, required=False)
    reachable_channel = forms.CharField(label=_("Bereikbaar via"), max_length=150, required=False)
    out_of_hours_route = forms.CharField(
        label=_("Buiten kantoortijd (crisis)"), max_length=250, required=False
    )


class PhaseForm(SpilForm):
    to_phase = forms.ChoiceField(label=_("Naar fase"), choices=ACTIVE_PHASE_CHOICES)
    on = forms.DateField(label=_("Met ingang van"), widget=DateInput())


class ExtensionRequestForm(SpilForm):
    months = forms.IntegerField(label=_("Aantal maanden"), min_value=1, max_value=24, initial=3)
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    requested_on = forms.DateField(label=_("Aangevraagd op"), widget=DateInput())


class ExtensionDecisionForm(SpilForm):
    approve = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("ja", _("Toekennen")), ("nee", _("Afwijzen"))],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Besloten op"), widget=DateInput())
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("Reden om boven het maximum te gaan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Alleen nodig als de verlenging voorbij het maximum van het programma gaat."),
    )


class CloseForm(SpilForm):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reden"), choices=Closure.Reason.choices)
    reason_note = forms.CharField(
        label=_("Toelichting op de reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reached = forms.CharField(
        label=_("Wat is bereikt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In de woorden van het gezin."),
    )
    informed = forms.ModelMultipleChoiceField(
        label=_("Wie is op de hoogte gebracht"),
        queryset=Involvement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    handover_organisation = forms.CharField(
        label=_("Overdracht aan organisatie"), max_length=200, required=False
    )
    handover_worker = forms.CharField(
        label=_("Overdracht aan medewerker"), max_length=150, required=False
    )
    handover_in_person = forms.BooleanField(
        label=_("Persoonlijk voorgesteld (warme overdracht)"), required=False
    )
    handover_on = forms.DateField(label=_("Overdracht op"), required=False, widget=DateInput())
    handed_over = forms.CharField(
        label=_("Wat is overgedragen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    family_agreement = forms.ChoiceField(
        label=_("Is het gezin het eens met afsluiten?"),
        choices=Closure.FamilyAgreement.choices,
        initial=Closure.FamilyAgreement.NOT_ASKED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Sluit af mét het gezin: vraag het gezin wat het ervan vindt."),
    )
    family_agreement_note = forms.CharField(
        label=_("Wat zei het gezin?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als het gezin het niet eens is."),
    )
    aftercare_1 = forms.DateField(label=_("Nazorgmoment 1"), required=False, widget=DateInput())
    aftercare_2 = forms.DateField(label=_("Nazorgmoment 2"), required=False, widget=DateInput())
    aftercare_3 = forms.DateField(label=_("Nazorgmoment 3"), required=False, widget=DateInput())

    def __init__(self, *args: Any, trajectory: Trajectory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["informed"].queryset = trajectory.family.involvements.filter(  # type: ignore[attr-defined]
            until__isnull=True
        )

    def clean_family_agreement(self) -> str:
        return self.cleaned_data.get("family_agreement") or Closure.FamilyAgreement.NOT_ASKED

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["informed"] = list(data["informed"])
        data["aftercare_dates"] = [
            d for d in (data.pop(f"aftercare_{n}") for n in (1, 2, 3)) if d is not None
        ]
        return data


class CheckinDoneForm(SpilForm):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DateInput())
    note = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DateReasonForm(SpilForm):
    on = forms.DateField(label=_("Datum"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reden"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
