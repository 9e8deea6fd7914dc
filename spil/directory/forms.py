"""The search form of the sociale kaart (sent with GET)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spil.core.forms import SpilForm

from . import selectors
from .importing import MAX_AGE, MAX_WEEKS
from .selectors import Filters

VOLUNTARY_CHOICES = [("", _("Maakt niet uit")), ("ja", _("Ja, vrijwillig")), ("nee", _("Nee"))]


class OfferSearchForm(SpilForm):
    """Search words and filters. Opened from a family, the age filter offers the ages of
    its members (never their names) and starts with all of them chosen."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Bijv. schulden, opvoeding of een organisatie."),
    )
    categorie = forms.ModelChoiceField(
        label=_("Categorie"),
        queryset=selectors.categories(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle categorieën"),
    )
    vrijwillig = forms.ChoiceField(label=_("Vrijwillig"), choices=VOLUNTARY_CHOICES, required=False)
    wachttijd = forms.IntegerField(
        label=_("Wachttijd hoogstens (weken)"), required=False, min_value=0, max_value=MAX_WEEKS
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)

    def __init__(self, *args: Any, family_ages: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family_ages = family_ages
        if family_ages is None:
            self.fields["leeftijd"] = forms.IntegerField(
                label=_("Leeftijd"),
                required=False,
                min_value=0,
                max_value=MAX_AGE,
                help_text=_("In jaren: aanbod voor iemand van deze leeftijd."),
            )
        else:
            self.fields["leeftijd"] = forms.TypedMultipleChoiceField(
                label=_("Leeftijden in dit gezin"),
                required=False,
                coerce=int,
                choices=[
                    (str(age), ngettext("%(n)s jaar", "%(n)s jaar", age) % {"n": age})
                    for age in family_ages
                ],
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Aanbod dat past bij ten minste één van de gekozen leeftijden."),
            )
        municipality = self.fields["gemeente"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = [("", _("Alle gemeenten"))] + [
            (name, name) for name in selectors.municipalities()
        ]
        self.order_fields(["q", "categorie", "leeftijd", "vrijwillig", "wachttijd", "gemeente"])

    def filters(self) -> Filters:
        """The filters of the valid fields (a field with an error filters nothing)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        ages = data.get("leeftijd")
        if isinstance(ages, int):
            ages = [ages]
        voluntary = {"ja": True, "nee": False}.get(data.get("vrijwillig") or "")
        return Filters(
            q=data.get("q") or "",
            category=data.get("categorie"),
            ages=tuple(ages or ()),
            voluntary=voluntary,
            max_waiting_weeks=data.get("wachttijd"),
            municipality=data.get("gemeente") or "",
        )
