"""Forms of the portal's messages and requests for correction, and of the coach's side of
them. Bounded (SpilForm); the services check again and say what is wrong in Dutch."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.core.forms import SpilForm, VersionedFormMixin

from .models import CorrectionRequest
from .services import ABOUT_MAX_LENGTH, CORRECTION_MAX_LENGTH, MESSAGE_MAX_LENGTH


class MessageForm(SpilForm):
    body = forms.CharField(
        label=_("Uw bericht"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Het bericht is leeg. Schrijf eerst iets.")},
    )

    def __init__(self, *args: Any, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["body"].label = label


class CorrectionForm(SpilForm):
    about = forms.CharField(
        label=_("Waarover?"),
        max_length=ABOUT_MAX_LENGTH,
        help_text=_("Bijvoorbeeld: ons plan, doel 2. Of: de afspraak van 3 mei."),
        error_messages={"required": _("Schrijf waarover het gaat.")},
    )
    request = forms.CharField(
        label=_("Wat klopt er niet?"),
        max_length=CORRECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Schrijf wat er staat, en wat het moet zijn."),
        error_messages={"required": _("Schrijf wat er niet klopt.")},
    )


class CorrectionAnswerForm(VersionedFormMixin, SpilForm):
    """The coach's answer to one request; `verzoek` names it, `revision` holds it to the
    state the coach saw."""

    verzoek = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Wat deed u?"),
        choices=[
            (CorrectionRequest.Status.CORRECTED.value, CorrectionRequest.Status.CORRECTED.label),
            (CorrectionRequest.Status.DECLINED.value, CorrectionRequest.Status.DECLINED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies: aangepast of niet aangepast."),
            "invalid_choice": _("Kies: aangepast of niet aangepast."),
        },
    )
    answer = forms.CharField(
        label=_("Antwoord aan het gezin"),
        max_length=CORRECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat u aanpaste, of waarom u niets aanpaste. Het gezin leest dit."),
        error_messages={"required": _("Schrijf wat u aanpaste, of waarom u niets aanpaste.")},
    )
