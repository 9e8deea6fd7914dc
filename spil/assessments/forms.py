from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spil.accounts.models import Organisation
from spil.core.forms import DateInput, SpilForm
from spil.families.models import Family

from .models import (
    Domain,
    Escalation,
    Instrument,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
    Score,
)
from .services import ScoreData

YES_NO = [("ja", _("Ja")), ("nee", _("Nee"))]


def _members(family: Family, label: Any, empty: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=family.members.all(),
        to_field_name="uuid",
        required=False,
        empty_label=empty,
    )


class ChooseInstrumentForm(SpilForm):
    """Step 1 of a measurement: which instrument (sent with GET, so it is only a choice)."""

    instrument = forms.ModelChoiceField(
        label=_("Instrument"),
        queryset=Instrument.objects.filter(is_active=True).order_by("name"),
        to_field_name="uuid",
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("Daarna vult u per leefgebied de score in."),
    )


class MeasurementForm(SpilForm):
    """Step 2: the date, moment and subject, and one score field per domain."""

    measured_on = forms.DateField(label=_("Datum van de meting"), widget=DateInput())
    moment = forms.ChoiceField(label=_("Moment"), choices=Measurement.Moment.choices)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijv. samen met wie de meting is gedaan."),
    )

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        family: Family,
        descriptions: dict[int, dict[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.domains: list[Domain] = list(instrument.domains.all())
        self.fields["member"] = _members(family, _("Over wie"), _("Het hele gezin"))
        self.order_fields(["measured_on", "moment", "member", "note"])
        labels = {label.value: label.label for label in instrument.scale_labels.all()}
        scale = range(instrument.scale_min, instrument.scale_max + 1)
        choices = [("", "—")] + [
            (str(v), f"{v} — {labels[v]}" if v in labels else str(v)) for v in scale
        ]
        for domain in self.domains:
            own = (descriptions or {}).get(domain.id, {})
            self.fields[f"score_{domain.code}"] = forms.TypedChoiceField(
                label=domain.label,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                help_text="; ".join(f"{v}: {own[v]}" for v in sorted(own)),
            )
            self.fields[f"note_{domain.code}"] = forms.CharField(
                label=_("Toelichting bij %(domain)s") % {"domain": domain.label.lower()},
                required=False,
                max_length=1000,
            )
            self.fields[f"strength_{domain.code}"] = forms.ChoiceField(
                label=_("Kracht komt van"),
                choices=[("", "—"), *Score.Strength.choices],
                required=False,
            )

    def domain_rows(self) -> list[tuple[Domain, Any, Any, Any]]:
        return [
            (d, self[f"score_{d.code}"], self[f"note_{d.code}"], self[f"strength_{d.code}"])
            for d in self.domains
        ]

    def general_fields(self) -> list[Any]:
        return [self[name] for name in ("measured_on", "moment", "member", "note")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for domain in self.domains:
            score = data.get(f"score_{domain.code}")
            if score is None and (
                data.get(f"note_{domain.code}") or data.get(f"strength_{domain.code}")
            ):
                self.add_error(
                    f"score_{domain.code}",
                    _("Vul een score in, of laat de toelichting en de kracht leeg."),
                )
        return data

    def scores(self) -> list[ScoreData]:
        data = self.cleaned_data
        return [
            ScoreData(
                domain=domain,
                value=data[f"score_{domain.code}"],
                note=data.get(f"note_{domain.code}", ""),
                strength=data.get(f"strength_{domain.code}", ""),
            )
            for domain in self.domains
            if data.get(f"score_{domain.code}") is not None
        ]


class _MeasurementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        who = str(obj.member) if obj.member_id else str(_("het hele gezin"))
        day = date_format(obj.measured_on, "DATE_FORMAT")
        return f"{day} — {obj.instrument.name} ({obj.get_moment_display().lower()}), {who}"


class CompareForm(SpilForm):
    first = _MeasurementChoice(
        label=_("Eerste meting"), queryset=Measurement.objects.none(), to_field_name="uuid"
    )
    second = _MeasurementChoice(
        label=_("Tweede meting"), queryset=Measurement.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, measurements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = measurements  # type: ignore[attr-defined]


# --- Safety -------------------------------------------------------------------------------


class ConcernForm(SpilForm):
    noticed_on = forms.DateField(label=_("Datum"), widget=DateInput())
    signals = forms.CharField(
        label=_("Signalen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is gezien of gehoord, zo feitelijk mogelijk, en door wie."),
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["about"] = _members(family, _("Over wie"), _("Het hele gezin"))
        self.order_fields(["noticed_on", "about", "signals"])


class MeldcodeStepForm(SpilForm):
    step = forms.TypedChoiceField(
        label=_("Stap"),
        coerce=int,
        choices=[
            (s.value, f"{s.value}. {s.label}")
            for s in (MeldcodeStep.Step.SIGNALS, MeldcodeStep.Step.CONSULT, MeldcodeStep.Step.TALK)
        ],
        widget=forms.RadioSelect,
    )
    done_on = forms.DateField(label=_("Datum"), widget=DateInput())
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat er gebeurde en met wie, bijv. met welke collega of met Veilig Thuis."),
    )


def _yes_no(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class WeighingForm(SpilForm):
    """Step 4: the five questions of the afwegingskader (meldcode 2019)."""

    done_on = forms.DateField(label=_("Datum"), widget=DateInput())
    suspicion = _yes_no(
        _(
            "1. Is er op basis van stap 1 tot en met 3 een vermoeden van huiselijk geweld of "
            "kindermishandeling?"
        )
    )
    unsafe = _yes_no(_("2. Is er sprake van acute of structurele onveiligheid?"))
    can_organise_help = _yes_no(
        _("3. Kan ik, met mijn rol en mogelijkheden, effectieve hulp bieden of organiseren?")
    )
    help_accepted = _yes_no(
        _("4. Aanvaarden de betrokkenen die hulp en zijn zij bereid zich in te zetten?")
    )
    safe_in_time = _yes_no(
        _(
            "5. Leidt de hulp binnen de gewenste termijn tot de nodige veiligheid en het welzijn "
            "van iedereen?"
        )
    )
    note = forms.CharField(
        label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(SpilForm):
    """Step 5: organise help and/or report to Veilig Thuis."""

    done_on = forms.DateField(label=_("Datum"), widget=DateInput())
    organise_help = forms.BooleanField(label=_("Hulp organiseren"), required=False)
    report_to_veilig_thuis = forms.BooleanField(
        label=_("Melden bij Veilig Thuis"),
        required=False,
        help_text=_("Verplicht als de weging dat vraagt."),
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Welke hulp, of wanneer en door wie gemeld is."),
    )


class CloseConcernForm(SpilForm):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    closing_note = forms.CharField(
        label=_("Waarom afgesloten"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MappingForm(SpilForm):
    mapped_on = forms.DateField(label=_("Datum"), widget=DateInput())
    worries = forms.CharField(
        label=pgettext_lazy("signs of safety", "Zorgen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    going_well = forms.CharField(
        label=_("Wat gaat goed"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label=_("Wat moet er gebeuren"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RatingForm(SpilForm):
    rated_on = forms.DateField(label=_("Datum"), widget=DateInput())
    rater = forms.CharField(
        label=_("Of: wie"),
        max_length=120,
        required=False,
        help_text=_("Als het geen gezinslid is, bijv. de coach of de school."),
    )
    value = forms.IntegerField(
        label=_("Veiligheidscijfer"),
        min_value=0,
        max_value=10,
        help_text=_("0 = zo onveilig dat het kind niet thuis kan blijven; 10 = veilig genoeg."),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"] = _members(family, _("Gezinslid"), "—")
        self.order_fields(["rated_on", "member", "rater", "value", "note"])


class EscalationForm(SpilForm):
    raised_on = forms.DateField(label=_("Datum"), widget=DateInput())
    target = forms.ChoiceField(label=_("Opschalen naar"), choices=Escalation.Target.choices)
    reason = forms.ChoiceField(
        label=_("Reden"), choices=Escalation.Reason.choices, widget=forms.RadioSelect
    )
    arguments = forms.CharField(
        label=_("Argumenten"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De feiten, wat al geprobeerd is en wat u van de ander vraagt."),
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern"] = forms.ModelChoiceField(
            label=_("Over de zorg"),
            queryset=SafetyConcern.objects.filter(family=family, closed_on__isnull=True),
            to_field_name="uuid",
            required=False,
            empty_label="—",
        )
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("Over de organisatie"),
            queryset=Organisation.objects.filter(is_active=True).order_by("name"),
            to_field_name="uuid",
            required=False,
            empty_label="—",
            help_text=_("Verplicht als een organisatie haar deel van het plan niet doet."),
        )


class EscalationUpdateForm(SpilForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Escalation.Status.IN_PROGRESS, Escalation.Status.IN_PROGRESS.label),
            (Escalation.Status.RESOLVED, Escalation.Status.RESOLVED.label),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(
        label=_("Opgelost op"), required=False, widget=DateInput(), help_text=_("Bij opgelost.")
    )
    resolution = forms.CharField(
        label=_("Uitkomst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij opgelost."),
    )


class ShareForm(SpilForm):
    """Share a measurement's scores with the family, or stop sharing (a POST button)."""

    SHARE, UNSHARE = "delen", "niet_delen"
    shared = forms.ChoiceField(
        label=_("Delen met het gezin"),
        choices=[(SHARE, _("Delen met het gezin")), (UNSHARE, _("Niet meer delen"))],
    )
