from django import forms
from django.utils.translation import gettext_lazy as _

from spil.core.forms import DateInput, SpilForm

from .models import SituationChange


class SituationForm(SpilForm):
    """Mark a significant change in the situation: a category and a date, no free text
    (the notice goes to the team within consent, and e-mail leaves the system)."""

    category = forms.ChoiceField(
        label=_("Wat veranderde er?"),
        choices=SituationChange.Category.choices,
        widget=forms.RadioSelect,
        help_text=_("Alleen de soort verandering; de details staan in het dossier."),
    )
    noticed_on = forms.DateField(label=_("Sinds wanneer"), widget=DateInput())
