from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.core.forms import DateInput, SpilForm
from spil.core.validators import validate_bsn
from spil.directory.models import Programme
from spil.families.models import FamilyRole, InvolvementRole, Member
from spil.trajectories.models import CoachKind

from .models import (
    Answer,
    Assessment,
    CoachProposal,
    Decision,
    Outcome,
    Referral,
    Weighing,
    WeighingCriterion,
)
from .services import CriterionAnswer


class ReferralForm(SpilForm):
    meldpunt = forms.ModelChoiceField(
        label=_("Meldpunt"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MELDPUNT, is_active=True),
        empty_label=None,
    )
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    urgency = forms.ChoiceField(
        label=_("Urgentie"), choices=Referral.Urgency.choices, initial=Referral.Urgency.NORMAL
    )
    family_name = forms.CharField(
        label=_("Gezinsnaam"),
        max_length=120,
        required=False,
        help_text=_("Leeg: de achternaam van het eerste gezinslid."),
    )
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=12, required=False)
    concerns = forms.CharField(
        label=_("Zorgen, in de woorden van de melder"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Dit is de kijk van de melder, geen vastgestelde feiten."),
    )
    # For a coordinator entering a referral received by phone or mail.
    referrer_name = forms.CharField(label=_("Naam melder"), max_length=150, required=False)
    referrer_organisation = forms.ModelChoiceField(
        label=_("Organisatie melder (in Spil)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    referrer_organisation_name = forms.CharField(
        label=_("Organisatie melder (niet in Spil)"), max_length=200, required=False
    )
    referrer_organisation_kind = forms.ChoiceField(
        label=_("Soort organisatie melder"),
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
    )
    referrer_phone = forms.CharField(label=_("Telefoon melder"), max_length=30, required=False)
    referrer_email = forms.EmailField(label=_("E-mail melder"), required=False)

    REFERRER_FIELDS = (
        "referrer_name",
        "referrer_organisation",
        "referrer_organisation_name",
        "referrer_organisation_kind",
        "referrer_phone",
        "referrer_email",
    )

    def __init__(self, *args: Any, for_coordinator: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not for_coordinator:
            for name in self.REFERRER_FIELDS:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("referrer_organisation")
        if organisation and not data.get("referrer_organisation_kind"):
            data["referrer_organisation_kind"] = organisation.kind
        return data


class ReferralMemberForm(SpilForm):
    # A blank first choice keeps an untouched extra row unchanged, so it is skipped.
    role = forms.ChoiceField(label=_("Rol"), choices=[("", "—"), *FamilyRole.choices])
    first_name = forms.CharField(label=_("Voornaam"), max_length=80)
    surname = forms.CharField(label=_("Achternaam"), max_length=120)
    birth_date = forms.DateField(label=_("Geboortedatum"), required=False, widget=DateInput())
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False, validators=[validate_bsn])
    lives_in_household = forms.BooleanField(label=_("Woont thuis"), required=False, initial=True)


class ReferralHelperForm(SpilForm):
    role = forms.ChoiceField(label=_("Rol"), choices=[("", "—"), *InvolvementRole.choices])
    organisation_name = forms.CharField(label=_("Organisatie"), max_length=200)
    worker_name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    worker = forms.ModelChoiceField(
        label=_("Collega in Spil"),
        queryset=User.objects.workers(),
        required=False,
        help_text=_("Alleen als deze hulpverlener in Spil werkt."),
    )
    contact = forms.CharField(label=_("Telefoon of e-mail"), max_length=200, required=False)


# absolute_max: a posted TOTAL_FORMS of 10**9 builds at most 20 forms (Django's default
# allows max_num + 1000, seconds of work for one request).
MemberFormSet = forms.formset_factory(ReferralMemberForm, extra=4, max_num=20, absolute_max=20)
HelperFormSet = forms.formset_factory(ReferralHelperForm, extra=3, max_num=20, absolute_max=20)


class FamilyChoiceForm(SpilForm):
    family = forms.UUIDField(widget=forms.HiddenInput)


class WeighingForm(SpilForm):
    """The weighing on the meldpunt's criteria (configuration, `selectors.criteria_for`):
    per criterion an answer and a note, then the outcome. Returning needs advice and a
    reason code (issue 20, points 3 and 4)."""

    decision = forms.ChoiceField(
        label=_("Uitkomst"), choices=Weighing.Decision.choices, widget=forms.RadioSelect
    )
    return_reason = forms.ChoiceField(
        label=_("Reden van terugleggen"),
        choices=[("", "—"), *Weighing.ReturnReason.choices],
        required=False,
        help_text=_("Verplicht bij terugleggen; het meldpunt telt de redenen."),
    )
    advice = forms.CharField(
        label=_("Advies aan de melder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij terugleggen."),
    )
    weighed_on = forms.DateField(label=_("Gewogen op"), widget=DateInput())

    def __init__(
        self, *args: Any, criteria: list[WeighingCriterion] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if criteria is None:
            criteria = list(WeighingCriterion.objects.filter(meldpunt__isnull=True, is_active=True))
        self.criteria = criteria
        fields: dict[str, forms.Field] = {}
        for criterion in criteria:
            label = criterion.label
            if not criterion.is_required:
                label = f"{label} ({_('adviserend')})"
            fields[f"criterion_{criterion.code}"] = forms.ChoiceField(
                label=label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text=criterion.help_text,
            )
            fields[f"criterion_{criterion.code}_note"] = forms.CharField(
                label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        # The criteria first, then the outcome.
        self.fields = {**fields, **self.fields}

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "return_reason": data["return_reason"],
            "advice": data["advice"],
            "weighed_on": data["weighed_on"],
            "answers": {
                c.code: CriterionAnswer(
                    answer=data.get(f"criterion_{c.code}") or "",
                    note=data.get(f"criterion_{c.code}_note") or "",
                )
                for c in self.criteria
            },
        }


class ConsentForm(SpilForm):
    given_by = forms.ModelChoiceField(label=_("Gegeven door"), queryset=Member.objects.none())
    parties = forms.CharField(
        label=_("Bij wie mag het meldpunt informatie opvragen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Naam en organisatie, één per regel."),
    )
    given_on = forms.DateField(label=_("Gegeven op"), widget=DateInput())
    valid_until = forms.DateField(label=_("Geldig tot"), required=False, widget=DateInput())

    def __init__(self, *args: Any, family: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = family.members.all()  # type: ignore[attr-defined]


class AssessmentForm(SpilForm):
    kind = forms.ChoiceField(label=_("Soort gesprek"), choices=Assessment.Kind.choices)
    held_on = forms.DateField(label=_("Datum gesprek"), widget=DateInput())
    family_participants = forms.ModelMultipleChoiceField(
        label=_("Gezinsleden die meedoen"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=_("Hulpverleners en anderen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Naam en organisatie, één per regel."),
    )
    tie_breaker = forms.CharField(
        label=_("Wie besluit als er geen overeenstemming is?"),
        max_length=200,
        help_text=_("Spreek dit af vóór het gesprek."),
    )
    findings = forms.CharField(
        label=_("Wat heeft dit gezin nodig?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Leeg laten zolang het gesprek nog moet plaatsvinden."),
    )

    def __init__(self, *args: Any, family: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_participants"].queryset = family.members.all()  # type: ignore[attr-defined]


class DecisionForm(SpilForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[c for c in Outcome.choices if c[0] != Outcome.RETURNED_WITH_ADVICE],
        widget=forms.RadioSelect,
    )
    return_reason = forms.ChoiceField(
        label=_("Reden van terugleggen"),
        choices=[("", "—"), *Decision.ReturnReason.choices],
        required=False,
        help_text=_("Alleen bij terugleggen na beoordeling."),
    )
    reason = forms.CharField(
        label=_("Onderbouwing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waarom dit besluit?"),
    )
    decided_on = forms.DateField(label=_("Besloten op"), widget=DateInput())


class ProposalForm(SpilForm):
    coach_kind = forms.ChoiceField(
        label=_("Wie is de coach?"),
        choices=CoachKind.choices,
        initial=CoachKind.STAFF,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Een netwerklid of vrijwilliger heeft geen account: u houdt dan het dossier bij."
        ),
    )
    coach = forms.ModelChoiceField(
        label=_("Coach met een account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Een gezinscoach, of een professional van een andere organisatie."),
    )
    lay_coach_name = forms.CharField(
        label=_("Naam van de coach (netwerklid of vrijwilliger)"), max_length=150, required=False
    )

    def clean_coach_kind(self) -> str:
        return self.cleaned_data.get("coach_kind") or CoachKind.STAFF

    lay_coach_reach = forms.CharField(
        label=_("Bereikbaar via (telefoon of e-mail)"), max_length=200, required=False
    )
    category = forms.ChoiceField(
        label=_("Soort coach"), choices=CoachProposal.Category.choices, widget=forms.RadioSelect
    )
    programme = forms.ModelChoiceField(
        label=_("Programma"), queryset=Programme.objects.filter(is_active=True), required=False
    )
    proposed_on = forms.DateField(label=_("Voorgesteld op"), widget=DateInput())

    def __init__(self, *args: Any, coaches: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coach"]
        field.queryset = User.objects.filter(id__in=[c.id for c in coaches])  # type: ignore[attr-defined]


class ResponseForm(SpilForm):
    response = forms.ChoiceField(
        label=_("Antwoord van het gezin"),
        choices=[c for c in CoachProposal.Response.choices if c[0] != "open"],
        widget=forms.RadioSelect,
    )
    responded_on = forms.DateField(label=_("Datum"), widget=DateInput())
    veto_reason = forms.CharField(
        label=_("Reden veto"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    introduced_by = forms.CharField(
        label=_("Persoonlijk voorgesteld door"),
        max_length=150,
        required=False,
        help_text=_("Warme overdracht: bijv. de melder."),
    )
    introduced_on = forms.DateField(label=_("Kennismaking op"), required=False, widget=DateInput())
    introduced_in_person = forms.BooleanField(
        label=_("De melder of een bekende hulpverlener was erbij"), required=False
    )


class WorklistFilterForm(SpilForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Referral.Status.choices], required=False
    )
    referrer_kind = forms.ChoiceField(
        label=_("Soort melder"),
        choices=[("", _("Alle")), *Organisation.Kind.choices],
        required=False,
    )
    referrer_organisation = forms.ChoiceField(
        label=_("Organisatie melder"), choices=[("", _("Alle"))], required=False
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["referrer_organisation"]
        field.choices = [("", _("Alle")), *((str(o.uuid), o.name) for o in organisations)]  # type: ignore[attr-defined]
