from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spil.core.forms import DateInput, SpilForm, VersionedFormMixin

from .models import MAX_FAMILIES, Beneficiary, Category, Signal, Status

NO_NAMES = _(
    "Schrijf zonder namen: geen namen van gezinsleden, geen adressen, geen geboortedata. "
    "Het signaal gaat naar de gemeente. Staat er een naam in uit een gezin dat u begeleidt, "
    "dan wordt het niet opgeslagen."
)


def _text(label: Any, help_text: Any, *, rows: int = 4, max_length: int = 3000) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class SignalForm(VersionedFormMixin, SpilForm):
    problem = _text(_("Wat gaat er mis?"), _("Wat loopt vast voor gezinnen, en waardoor."))
    regulation = forms.CharField(
        label=_("Welke regeling of organisatie"),
        max_length=200,
        help_text=_("Bijv. de bijzondere bijstand, de wachtlijst van de GGZ, de Jeugdwet."),
    )
    category = forms.ChoiceField(label=_("Soort"), choices=Category.choices)
    families_affected = forms.IntegerField(
        label=_("Bij hoeveel gezinnen"),
        min_value=1,
        max_value=MAX_FAMILIES,
        help_text=_("Ongeveer; ten minste 1."),
        error_messages={"min_value": _("Vul een aantal van ten minste 1 in.")},
    )
    example = _text(_("Een voorbeeld, zonder namen"), NO_NAMES)


class BundleForm(VersionedFormMixin, SpilForm):
    title = forms.CharField(label=_("Titel"), max_length=150)
    summary = _text(
        _("Korte samenvatting"),
        _("Wat gaat er mis en wat vraagt het team van de gemeente. Geen namen."),
        max_length=2000,
    )
    signals = forms.ModelMultipleChoiceField(
        label=_("Signalen in deze bundel"),
        queryset=Signal.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Een signaal zit in hoogstens één bundel."),
        error_messages={"required": _("Kies ten minste één signaal voor de bundel.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Signal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["signals"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.get_category_display()} · {s.regulation} · "
            + ngettext("%(n)s gezin", "%(n)s gezinnen", s.families_affected)
            % {"n": s.families_affected}
        )


class PassForm(VersionedFormMixin, SpilForm):
    """Only the revision: the bundle passed on is the one the team lead saw."""


class AnswerForm(VersionedFormMixin, SpilForm):
    status = forms.ChoiceField(label=_("Stand"), choices=Status.choices)
    reason = _text(
        _("Toelichting"),
        _("Verplicht bij ‘opgelost’ en ‘niet opgepakt’: de coach leest dit bij het signaal."),
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False


class BreakthroughForm(VersionedFormMixin, SpilForm):
    title = forms.CharField(
        label=_("Wat is doorbroken"),
        max_length=200,
        help_text=_("In één regel, bijv. ‘Huurachterstand bevroren tot de schuldhulp start’."),
    )
    for_whom = forms.ChoiceField(
        label=_("Voor wie is het een doorbraak"),
        choices=Beneficiary.choices,
        widget=forms.RadioSelect,
    )
    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput())
    description = _text(_("Toelichting, zonder namen"), NO_NAMES)
