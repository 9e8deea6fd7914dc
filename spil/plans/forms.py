from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import User
from spil.assessments.models import Domain, Instrument
from spil.core.forms import DateInput, SpilForm, VersionedFormMixin
from spil.directory.selectors import active_offers
from spil.families.models import Family, Involvement, Member, NetworkContact

from .instruments import domains_of
from .models import SCALE_MAX, SCALE_MIN, Evaluation, Goal, PlanVersion
from .services import NO_OWNER, AnswerData, GoalProgressData, Owner


def _text(
    label: Any, help_text: Any = "", rows: int = 2, required: bool = False
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def living_members(family: Family) -> Any:
    return family.members.filter(is_deceased=False).order_by("birth_date", "first_name")


def active_involvements(family: Family) -> Any:
    return family.involvements.filter(until__isnull=True).select_related("organisation", "worker")


class _UuidChoice(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(*args, **kwargs)


class _OfferChoice(_UuidChoice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.name}: {obj.name}"


class PlanStartForm(SpilForm):
    started_on = forms.DateField(label=_("Begonnen op"), widget=DateInput())


class PlanCloseForm(SpilForm):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput())
    closing_note = _text(_("Waarom afgesloten"), _("Bijv. het traject is afgesloten."))


class GoalForm(VersionedFormMixin, SpilForm):
    """A goal in the family's words; the title field asks for a wording hint as you type."""

    title = forms.CharField(
        label=_("Doel in de woorden van het gezin"),
        max_length=300,
        help_text=_(
            "Positief gezegd: wat willen jullie bereiken? Bijv. “Wij hebben rust in huis”."
        ),
    )
    origin = forms.ChoiceField(
        label=_("Van wie komt het doel?"),
        choices=Goal.Origin.choices,
        widget=forms.RadioSelect,
        initial=Goal.Origin.FAMILY,
    )
    whole_family = forms.BooleanField(
        label=_("Voor het hele gezin"),
        required=False,
        initial=True,
        help_text=_("Zet uit en kies hieronder voor wie het doel is."),
    )
    target_on = forms.DateField(label=_("Streefdatum"), required=False, widget=DateInput())
    measurable = _text(_("Meetbaar: waaraan merken we dat het gelukt is?"))
    acceptable = _text(_("Acceptabel: waarom vindt het gezin dit goed en haalbaar?"))
    communicated = _text(_("Gecommuniceerd: wie weten ervan?"))
    inspiring = _text(_("Inspirerend: wat maakt het de moeite waard?"))
    engaging = _text(_("Engagerend: wie zetten zich ervoor in?"))

    def __init__(
        self, *args: Any, family: Family, instrument: Instrument, hint_url: str = "", **kwargs: Any
    ) -> None:
        current_domain = kwargs.pop("current_domain", None)
        super().__init__(*args, **kwargs)
        domains = domains_of(instrument)
        if current_domain is not None and current_domain.instrument_id != instrument.id:
            domains = Domain.objects.filter(pk__in=[*domains.values("pk"), current_domain.pk])
        self.fields["domain"] = _UuidChoice(
            label=_("Leefgebied"),
            queryset=domains,
            empty_label="—",
            help_text=_("Van het instrument %(name)s.") % {"name": instrument.name},
        )
        self.fields["members"] = forms.ModelMultipleChoiceField(
            label=_("Voor wie"),
            queryset=living_members(family),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["title", "domain", "origin", "whole_family", "members", "target_on"])
        if hint_url:
            self.fields["title"].widget.attrs.update(
                {
                    "hx-get": hint_url,
                    "hx-trigger": "input changed delay:400ms",
                    "hx-target": "#formulering",
                    "hx-swap": "innerHTML",
                    "aria-describedby": "id_title_helptext formulering",
                }
            )

    MAGIE = ("measurable", "acceptable", "communicated", "inspiring", "engaging")

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in self.MAGIE and name != "title"]

    def magie_fields(self) -> list[Any]:
        return [self[name] for name in self.MAGIE]


class GoalStatusForm(SpilForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=Goal.Status.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Sinds"),
        required=False,
        widget=DateInput(),
        help_text=_("Niet nodig bij open."),
    )


class StepForm(VersionedFormMixin, SpilForm):
    what = forms.CharField(
        label=_("Wat gaat er gebeuren?"),
        max_length=300,
        help_text=_("Een kleine, concrete stap."),
    )
    due_on = forms.DateField(label=_("Klaar op"), required=False, widget=DateInput())

    def __init__(self, *args: Any, family: Family, coaches: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owners: dict[str, Owner] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []

        def group(label: Any, prefix: str, items: Any, name: Any = str) -> None:
            choices = []
            for item in items:
                value = f"{prefix}:{item.uuid}"
                self._owners[value] = item
                choices.append((value, name(item)))
            if choices:
                groups.append((str(label), choices))

        group(_("Gezin"), "lid", living_members(family))
        group(_("Coach"), "coach", coaches, lambda u: u.full_name)
        group(_("Betrokken hulpverleners"), "hulp", active_involvements(family))
        group(_("Netwerk"), "netwerk", NetworkContact.objects.filter(family=family))
        self.fields["owner"] = forms.ChoiceField(
            label=_("Wie doet het?"),
            choices=[("", "—"), *groups],
            error_messages={"required": NO_OWNER},
            help_text=_("Een gezinslid, de coach, een hulpverlener of iemand uit het netwerk."),
        )
        self.fields["offer"] = _OfferChoice(
            label=_("Aanmelden bij aanbod (sociale kaart)"),
            queryset=active_offers(),
            required=False,
            empty_label=_("— geen —"),
            help_text=_(
                "Als deze stap een aanmelding is: de wachttijd en hoe u aanmeldt komen bij de stap."
            ),
        )
        self.order_fields(["what", "owner", "due_on", "offer"])

    @staticmethod
    def value_for(owner: Any) -> str:
        prefix = {
            Member: "lid",
            User: "coach",
            Involvement: "hulp",
            NetworkContact: "netwerk",
        }.get(type(owner), "")
        return f"{prefix}:{owner.uuid}" if prefix and owner is not None else ""

    def clean_owner(self) -> Owner | None:
        return self._owners.get(self.cleaned_data.get("owner") or "")


class ContributionForm(SpilForm):
    part = _text(
        _("Wat doet deze organisatie voor dit doel?"),
        _("De eigen bijdrage, zo concreet mogelijk."),
        rows=3,
        required=True,
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["involvement"] = _UuidChoice(
            label=_("Organisatie en hulpverlener"),
            queryset=active_involvements(family),
            empty_label="—",
        )
        self.order_fields(["involvement", "part"])


class ContributionChangeForm(VersionedFormMixin, SpilForm):
    """Changing one organisation's part; who it is stays (remove it to choose another)."""

    part = _text(
        _("Wat doet deze organisatie voor dit doel?"),
        _("De eigen bijdrage, zo concreet mogelijk."),
        rows=3,
        required=True,
    )


class AgreementForm(SpilForm):
    agreed_on = forms.DateField(label=_("Afgesproken op"), widget=DateInput())
    agreed_how = forms.ChoiceField(
        label=_("Hoe stemde het gezin in?"),
        choices=PlanVersion.Method.choices,
        widget=forms.RadioSelect,
    )
    agreement_note = _text(_("Toelichting"), _("Bijv. wat het gezin erbij zei."))

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"] = forms.ModelMultipleChoiceField(
            label=_("Wie stemden in?"),
            queryset=living_members(family),
            to_field_name="uuid",
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Kies wie van het gezin met het plan instemt.")},
        )
        self.order_fields(["agreed_on", "agreed_how", "agreed_by", "agreement_note"])


class EvaluationForm(SpilForm):
    """The date and moment, per goal the progress and a scaling answer (0–10) from each
    participant — family members and workers in separate groups — and an overall note."""

    held_on = forms.DateField(label=_("Datum van de evaluatie"), widget=DateInput())
    moment = forms.ChoiceField(label=_("Moment"), choices=Evaluation.Moment.choices)
    overall_note = _text(_("Algemene notitie"), _("Hoe gaat het in het algemeen?"), rows=3)
    next_on = forms.DateField(
        label=_("Volgende evaluatie"),
        required=False,
        widget=DateInput(),
        help_text=_("Wanneer bekijken we het plan weer samen?"),
    )

    def __init__(self, *args: Any, family: Family, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        self.members = list(living_members(family))
        self.involvements = list(active_involvements(family))
        self.rows: list[dict[str, Any]] = []
        for index, goal in enumerate(goals, start=1):
            progress = f"voortgang_{index}"
            self.fields[progress] = _text(
                _("Voortgang bij “%(goal)s”") % {"goal": goal.title},
                _("Wat is er bereikt, wat gaat goed, wat niet?"),
            )
            family_fields: list[tuple[str, Any]] = []
            worker_fields: list[tuple[str, Any]] = []
            for person, kind, bucket in [
                *((m, "lid", family_fields) for m in self.members),
                *((i, "hulp", worker_fields) for i in self.involvements),
            ]:
                name = f"schaal_{index}_{kind}_{person.uuid}"
                self.fields[name] = forms.IntegerField(
                    label=str(person),
                    required=False,
                    min_value=SCALE_MIN,
                    max_value=SCALE_MAX,
                    widget=forms.NumberInput(attrs={"class": "scale"}),
                )
                bucket.append((name, person))
            self.rows.append(
                {
                    "goal": goal,
                    "progress": progress,
                    "family": family_fields,
                    "workers": worker_fields,
                }
            )

    def general_fields(self) -> list[Any]:
        return [self[n] for n in ("held_on", "moment")]

    def closing_fields(self) -> list[Any]:
        return [self[n] for n in ("overall_note", "next_on")]

    def goal_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "goal": row["goal"],
                "progress": self[row["progress"]],
                "family": [self[name] for name, _p in row["family"]],
                "workers": [self[name] for name, _p in row["workers"]],
            }
            for row in self.rows
        ]

    def progress_data(self) -> list[GoalProgressData]:
        data = self.cleaned_data
        result = []
        for row in self.rows:
            answers = [
                AnswerData(value=data[name], member=person)
                for name, person in row["family"]
                if data.get(name) is not None
            ] + [
                AnswerData(value=data[name], involvement=person)
                for name, person in row["workers"]
                if data.get(name) is not None
            ]
            result.append(
                GoalProgressData(
                    goal=row["goal"], progress=data.get(row["progress"], ""), answers=answers
                )
            )
        return result


def hint_url(family: Family) -> str:
    return reverse("plans:goal_hint", kwargs={"uuid": family.uuid})


class StepProposeForm(SpilForm):
    """A betrokken professional proposes a step for their own organisation (issue 20)."""

    involvement = forms.ModelChoiceField(
        label=_("Voor welke organisatie?"),
        queryset=Involvement.objects.none(),
        help_text=_("Uw eigen organisatie in het team rond het gezin."),
    )
    what = forms.CharField(
        label=_("Wat gaat uw organisatie doen?"),
        max_length=300,
        help_text=_("Een kleine, concrete stap."),
    )
    due_on = forms.DateField(label=_("Klaar op"), required=False, widget=DateInput())

    def __init__(self, *args: Any, family: Family, involvements: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["involvement"].queryset = (  # type: ignore[attr-defined]
            involvements if involvements is not None else active_involvements(family)
        )


class StepProposalDecisionForm(VersionedFormMixin, SpilForm):
    """The coach takes a proposed step into the plan, or declines it with a reason."""

    accept = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[
            ("ja", _("Overnemen in het plan (in het nieuwe concept)")),
            ("nee", _("Niet overnemen")),
        ],
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht als u de stap niet overneemt; de professional leest het."),
    )
