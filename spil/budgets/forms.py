"""Forms of the work budget. Amounts are typed the Dutch way ("12,50", "1.250,00", "€ 5"),
a point as decimal sign is accepted too ("12.50")."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from spil.core.forms import DateInput, SpilForm, VersionedFormMixin
from spil.families.models import Family

from .models import BUDGET_MAX, LINE_MAX, YEAR_MAX, YEAR_MIN, Category, Provision, Spending

_DUTCH_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d*)?$")
_PLAIN = re.compile(r"^\d+([.,]\d*)?$")
_LEADING_SIGN = re.compile(r"^[-+]")


def parse_amount(text: str) -> Decimal:
    """'12,50' → 12.50; '1.250,00' → 1250.00; '€ 5' → 5; '12.50' → 12.50.
    Raises ValueError for anything else (a word, two commas, a sign)."""
    cleaned = text.strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if cleaned.startswith("-"):
        raise ArithmeticError("negative")
    cleaned = _LEADING_SIGN.sub("", cleaned)
    if _DUTCH_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _PLAIN.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        raise ValueError(text)
    if cleaned.endswith("."):
        cleaned = cleaned[:-1]
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the patterns above admit digits only
        raise ValueError(text) from error


class AmountField(forms.CharField):
    """An amount in euros: more than zero (or zero when `allow_zero`), at most `maximum`,
    at most two decimals; every refusal in Dutch."""

    def __init__(
        self, *args: Any, maximum: Decimal, allow_zero: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        self.allow_zero = allow_zero

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return number_format(value, 2)
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_amount(text)
        except ArithmeticError:
            raise ValidationError(
                _("Een bedrag kan niet negatief zijn."), code="negative"
            ) from None
        except ValueError:
            raise ValidationError(
                _("Vul een bedrag in euro’s in, bijv. 12,50."), code="invalid"
            ) from None
        if amount == 0 and not self.allow_zero:
            raise ValidationError(_("Vul een bedrag in dat groter is dan nul."), code="zero")
        if amount > self.maximum:
            raise ValidationError(
                _("Dit bedrag is te hoog: hoogstens € %(max)s.")
                % {"max": number_format(self.maximum, 2)},
                code="too_high",
            )
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(
                _("Een bedrag heeft hoogstens twee cijfers achter de komma."), code="decimals"
            )
        return amount.quantize(Decimal("0.01"))


class BudgetNewForm(SpilForm):
    """The team lead sets a budget for a coach of their team, or for their team."""

    holder = forms.ChoiceField(label=_("Voor wie"))
    year = forms.IntegerField(label=_("Jaar"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    amount = AmountField(
        label=_("Budget (€)"),
        maximum=BUDGET_MAX,
        allow_zero=True,
        help_text=_("Het bedrag voor het hele jaar, bijv. 5000,00."),
    )

    def __init__(self, *args: Any, coaches: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._holders: dict[str, tuple[str, Any]] = {}
        coach_choices, team_choices = [], []
        for coach in coaches:
            self._holders[f"coach:{coach.uuid}"] = ("coach", coach)
            coach_choices.append((f"coach:{coach.uuid}", coach.full_name))
        for team in teams:
            self._holders[f"team:{team.uuid}"] = ("team", team)
            team_choices.append((f"team:{team.uuid}", team.name))
        self.fields["holder"].choices = [  # type: ignore[attr-defined]
            (str(_("Coach")), coach_choices),
            (str(_("Team")), team_choices),
        ]

    def clean_holder(self) -> dict[str, Any]:
        value = self.cleaned_data["holder"]
        kind, holder = self._holders[value]
        return {kind: holder}


class BudgetChangeForm(VersionedFormMixin, SpilForm):
    amount = AmountField(
        label=_("Budget (€)"),
        maximum=BUDGET_MAX,
        allow_zero=True,
        help_text=_("Het bedrag voor het hele jaar."),
    )


class SpendingForm(SpilForm):
    spent_on = forms.DateField(label=_("Datum"), widget=DateInput())
    amount = AmountField(label=_("Bedrag (€)"), maximum=LINE_MAX, help_text=_("Bijv. 12,50."))
    category = forms.ChoiceField(label=_("Waarvoor"), choices=Category.choices)
    purpose = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        help_text=_("Kort en zonder namen, bijv. treinkaartje naar familie in Groningen."),
    )
    family = forms.ModelChoiceField(
        label=_("Gezin"),
        queryset=Family.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("— geen gezin —"),
        help_text=_("Als het geld voor één gezin was."),
    )

    def __init__(self, *args: Any, families: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families  # type: ignore[attr-defined]

    def clean_spent_on(self) -> Any:
        day = self.cleaned_data["spent_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Deze datum ligt in de toekomst."))
        return day


class RecoveryForm(SpilForm):
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput())
    amount = AmountField(label=_("Bedrag (€)"), maximum=LINE_MAX, help_text=_("Bijv. 12,50."))
    provision = forms.ChoiceField(label=_("Voorziening"), choices=Provision.choices)
    provision_name = forms.CharField(
        label=_("Naam van de voorziening"),
        max_length=150,
        required=False,
        help_text=_(
            "Verplicht bij ‘anders’, bijv. een fonds of een regeling van de woningcorporatie."
        ),
    )
    spending = forms.ModelChoiceField(
        label=_("Voor welke uitgave"),
        queryset=Spending.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label=_("— het budget als geheel —"),
    )

    def __init__(self, *args: Any, spendings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["spending"]
        field.queryset = spendings  # type: ignore[attr-defined]
        field.label_from_instance = _spending_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("provision") == Provision.OTHER
            and not (data.get("provision_name") or "").strip()
        ):
            self.add_error("provision_name", _("Schrijf welke voorziening betaalde."))
        return data


def _spending_label(spending: Spending) -> str:
    from django.utils.formats import date_format

    return (
        f"{date_format(spending.spent_on, 'SHORT_DATE_FORMAT')} · "
        f"{spending.get_category_display()} · € {number_format(spending.amount, 2)}"
    )


class DecisionForm(VersionedFormMixin, SpilForm):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("akkoord", _("Akkoord")), ("afwijzen", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden bij afwijzen"),
        max_length=300,
        required=False,
        help_text=_("Kort en zonder namen."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "afwijzen" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Schrijf kort waarom u de uitgave afwijst."))
        return data
