from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.families.models import Family, Involvement, Member

from .models import Contact


class ContactForm(forms.Form):
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
