from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation, User
from spil.core.forms import DateInput, SpilForm, SpilModelForm, VersionedFormMixin

from .models import Consent, Family, InvolvementRole, Member, NetworkContact, Relation


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
        ]
        widgets = {"birth_date": DateInput(), "bsn": forms.TextInput(attrs={"autocomplete": "off"})}


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
    given_by = forms.ModelChoiceField(label=_("Gegeven door"), queryset=Member.objects.none())
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
