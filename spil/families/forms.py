from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.core.forms import DateInput, SpilForm, SpilModelForm, VersionedFormMixin

from .models import (
    Consent,
    EmergencyAccess,
    Family,
    InvolvementRole,
    Member,
    NetworkContact,
    PortalLanguage,
    Relation,
)


class MemberForm(VersionedFormMixin, SpilModelForm):
    class Meta:
        model = Member
        fields = [
            "role",
            "first_name",
            "surname",
            "birth_date",
            "gender",
            "lives_in_household",
            "is_deceased",
            "has_parental_authority",
            "bsn",
            "languages",
            "interpreter_needed",
            "literacy_support",
            "portal_language",
        ]
        widgets = {"birth_date": DateInput(), "bsn": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A form that does not send it (an older page, a script) keeps plain Dutch.
        self.fields["portal_language"].required = False

    def clean_portal_language(self) -> str:
        return self.cleaned_data.get("portal_language") or PortalLanguage.PLAIN_DUTCH


class SafetyNoteForm(VersionedFormMixin, SpilModelForm):
    """The worker-safety note: a practical warning, not a judgement of the family."""

    class Meta:
        model = Family
        fields = ["safety_note"]
        widgets = {"safety_note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "safety_note": _(
                "Een praktische waarschuwing voor wie op bezoek gaat, bijv. 'kom met z'n "
                "tweeën' of 'hond los in de tuin'. Geen oordeel over het gezin. Iedereen met "
                "toegang tot het gezin ziet dit. Leeg maken haalt de notitie weg."
            )
        }


class _FamilyMembersForm(SpilForm):
    """A form whose member choices are limited to one family."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.member_fields:
            self.fields[name].queryset = family.members.all()  # type: ignore[attr-defined]


class RelationForm(_FamilyMembersForm):
    member_fields = ("from_member", "to_member")

    from_member = forms.ModelChoiceField(label=_("Persoon"), queryset=Member.objects.none())
    kind = forms.ChoiceField(label=_("Relatie"), choices=Relation.Kind.choices)
    to_member = forms.ModelChoiceField(label=_("Met"), queryset=Member.objects.none())
    parentage = forms.ChoiceField(
        label=_("Soort ouderschap"),
        choices=[("", "—"), *Relation.Parentage.choices],
        required=False,
        help_text=_("Alleen bij 'is ouder van'."),
    )
    quality = forms.ChoiceField(
        label=_("Kwaliteit"), choices=Relation.Quality.choices, initial=Relation.Quality.NORMAL
    )


class NetworkContactForm(VersionedFormMixin, SpilModelForm):
    class Meta:
        model = NetworkContact
        fields = [
            "name",
            "relation",
            "sector",
            "tie",
            "influence",
            "practical_support",
            "financial_support",
            "emotional_support",
            "aware_of_problems",
        ]


class InvolvementForm(SpilForm):
    role = forms.ChoiceField(label=_("Rol"), choices=InvolvementRole.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisatie in Spil"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    organisation_name = forms.CharField(
        label=_("Of: naam organisatie"), max_length=200, required=False
    )
    worker = forms.ModelChoiceField(
        label=_("Medewerker in Spil"), queryset=User.objects.workers(), required=False
    )
    worker_name = forms.CharField(label=_("Of: naam medewerker"), max_length=150, required=False)
    contact = forms.CharField(label=_("Telefoon of e-mail"), max_length=200, required=False)
    powers = forms.CharField(label=_("Bevoegdheden"), max_length=250, required=False)
    since = forms.DateField(label=_("Betrokken sinds"), required=False, widget=DateInput())
    is_coordinator = forms.BooleanField(
        label=_("Deze hulpverlener is de regiehouder"), required=False
    )


class ChangeWorkerForm(SpilForm):
    worker = forms.ModelChoiceField(
        label=_("Nieuwe medewerker in Spil"),
        queryset=User.objects.workers(),
        required=False,
    )
    worker_name = forms.CharField(
        label=_("Of: naam nieuwe medewerker"), max_length=150, required=False
    )
    contact = forms.CharField(label=_("Telefoon of e-mail"), max_length=200, required=False)
    on = forms.DateField(label=_("Met ingang van"), widget=DateInput())


class EndInvolvementForm(SpilForm):
    until = forms.DateField(label=_("Betrokken tot en met"), widget=DateInput())


class ConsentForm(_FamilyMembersForm):
    member_fields = ("given_by", "concerns_member")

    kind = forms.ChoiceField(label=_("Soort toestemming"), choices=Consent.Kind.choices)
    given_by = forms.ModelChoiceField(
        label=_("Gegeven door"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Een ouder met gezag, of een kind vanaf 12 jaar voor de eigen gegevens."),
    )
    representative = forms.CharField(
        label=_("Of: wettelijk vertegenwoordiger"),
        max_length=200,
        required=False,
        help_text=_("Wie, als geen gezinslid toestemming gaf (bijv. de voogd)."),
    )
    given_how = forms.ChoiceField(
        label=_("Hoe gegeven"),
        choices=[
            (Consent.How.MEETING, Consent.How.MEETING.label),
            (Consent.How.SIGNED_FORM, Consent.How.SIGNED_FORM.label),
        ],
        widget=forms.RadioSelect,
    )
    form_reference = forms.CharField(
        label=_("Formulier: kenmerk of vindplaats"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een getekend formulier."),
    )
    concerns_member = forms.ModelChoiceField(
        label=_("Over wie"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("Leeg: het hele gezin."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Delen met organisatie"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Verplicht bij delen."),
    )
    purpose = forms.CharField(
        label=_("Doel"), max_length=250, required=False, help_text=_("Verplicht bij delen.")
    )
    parts = forms.MultipleChoiceField(
        label=_("Welke onderdelen"),
        choices=Consent.Part.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Verplicht bij delen."),
    )
    parties = forms.CharField(
        label=_("Bij wie (informatie opvragen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_on = forms.DateField(label=_("Gegeven op"), widget=DateInput())
    valid_until = forms.DateField(label=_("Geldig tot"), required=False, widget=DateInput())


class WithdrawConsentForm(SpilForm):
    withdrawn_on = forms.DateField(label=_("Ingetrokken op"), widget=DateInput())


class EmergencyAccessForm(SpilForm):
    """Noodtoegang: why the file must be opened now. The text stays with the opening
    (the coach and the beheerder read it), never in the audit trail."""

    reason = forms.ChoiceField(
        label=_("Reden"), choices=EmergencyAccess.Reason.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Korte toelichting"),
        max_length=200,
        help_text=_("Wat er aan de hand is, in een zin. Geen namen. Hooguit 200 tekens."),
    )

    def clean_explanation(self) -> str:
        text: str = self.cleaned_data["explanation"].strip()
        if len(text) < 10:
            raise forms.ValidationError(
                _("Schrijf in een korte zin waarom u het dossier nu moet openen.")
            )
        return text
