"""Forms for meetings. The decision form is the plan's step form (`plans.forms.StepForm`)
with the goal in front: the same owner choices, the same checks."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import User
from spil.core.forms import DateInput, SpilForm, VersionedFormMixin
from spil.families.models import Family, NetworkContact
from spil.plans.forms import StepForm, active_involvements, living_members
from spil.plans.models import Goal

from .models import RHYTHM_MAX_WEEKS, RHYTHM_MIN_WEEKS, Meeting
from .services import NO_OWNER, Person

MINUTES_MAX_LENGTH = 20_000  # a long meeting's minutes; other texts keep the default 5000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _textarea(label: Any, help_text: Any = "", rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _PersonChoice(forms.ChoiceField):
    """One person of the family's circle, in groups: family, coach, workers, network.
    The value is "<kind>:<uuid>" (as in the plan's step form); `clean` gives the person."""

    def __init__(self, *, family: Family, coaches: list[User], **kwargs: Any) -> None:
        self.people: dict[str, Person] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        for label, prefix, items in (
            (_("Gezin"), "lid", living_members(family)),
            (_("Coach"), "coach", coaches),
            (_("Betrokken hulpverleners"), "hulp", active_involvements(family)),
            (_("Netwerk"), "netwerk", NetworkContact.objects.filter(family=family)),
        ):
            choices = []
            for item in items:
                value = f"{prefix}:{item.uuid}"
                self.people[value] = item
                name = item.full_name if isinstance(item, User) else str(item)
                choices.append((value, name))
            if choices:
                groups.append((str(label), choices))
        super().__init__(choices=[("", "—"), *groups], **kwargs)

    def clean(self, value: Any) -> Person | None:
        value = super().clean(value)
        return self.people.get(value or "")


class MeetingForm(VersionedFormMixin, SpilForm):
    """When, where and who: the chair, the participants, whether the family is present,
    and who decides when there is no consensus. For a new meeting also the agenda."""

    kind = forms.ChoiceField(label=_("Soort overleg"), choices=Meeting.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Wanneer"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Vul de datum en de tijd van het overleg in.")},
    )
    place = forms.CharField(
        label=_("Waar"),
        max_length=200,
        required=False,
        help_text=_("Bijv. bij het gezin thuis, op school."),
    )
    family_present = forms.BooleanField(
        label=_("Het gezin is erbij"),
        required=False,
        initial=True,
        help_text=_(
            "Bij voorkeur wel: dan gaat het gesprek niet over het hoofd van het gezin heen."
        ),
    )
    family_absent_reason = _textarea(
        _("Waarom is het gezin er niet bij?"),
        _(
            "Verplicht als het gezin er niet bij is. Bijv. het gezin wil niet, of heeft "
            "vertrouwen in de gezinscoach als woordvoerder en rapporteur."
        ),
    )
    guests = _textarea(
        _("Gasten"),
        _("Anderen die meedoen, één per regel, bijv. “wijkagent De Vries”."),
    )
    tie_breaker_role = forms.CharField(
        label=_("… of een rol"),
        max_length=200,
        required=False,
        help_text=_("Als het geen deelnemer is, bijv. het afdelingshoofd."),
    )
    agenda_from_plan = forms.BooleanField(
        label=_("Agenda uit het plan halen"),
        required=False,
        initial=True,
        help_text=_("De open doelen en de stappen die te laat zijn."),
    )
    own_agenda = _textarea(
        _("Eigen agendapunten"), _("Eén per regel. Bijv. bereikbaarheid afspreken."), rows=3
    )

    def __init__(
        self, *args: Any, family: Family, coaches: list[User], new: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"] = _PersonChoice(
            family=family,
            coaches=coaches,
            label=_("Voorzitter"),
            help_text=_("In principe de gezinscoach."),
            error_messages={"required": _("Kies wie het overleg voorzit.")},
        )
        self.fields["members"] = forms.ModelMultipleChoiceField(
            label=_("Wie van het gezin"),
            queryset=living_members(family),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["coaches"] = forms.ModelMultipleChoiceField(
            label=_("Coaches"),
            queryset=User.objects.filter(pk__in=[c.pk for c in coaches]).order_by("full_name"),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["involvements"] = forms.ModelMultipleChoiceField(
            label=_("Betrokken hulpverleners"),
            queryset=active_involvements(family),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["network"] = forms.ModelMultipleChoiceField(
            label=_("Uit het netwerk"),
            queryset=NetworkContact.objects.filter(family=family),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["tie_breaker"] = _PersonChoice(
            family=family,
            coaches=coaches,
            label=_("Wie beslist als er geen overeenstemming is?"),
            required=False,
            help_text=_("Een deelnemer, of vul hieronder een rol in."),
        )
        order = [
            "kind",
            "starts_at",
            "place",
            "chair",
            "members",
            "coaches",
            "involvements",
            "network",
            "guests",
            "family_present",
            "family_absent_reason",
            "tie_breaker",
            "tie_breaker_role",
        ]
        if new:
            order += ["agenda_from_plan", "own_agenda"]
        else:
            del self.fields["agenda_from_plan"]
            del self.fields["own_agenda"]
        self.order_fields(order)

    def clean_guests(self) -> list[str]:
        return _lines(self.cleaned_data.get("guests", ""))

    def clean_own_agenda(self) -> list[str]:
        return _lines(self.cleaned_data.get("own_agenda", ""))

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        """The form's values for an existing meeting."""
        rows = list(meeting.participants.all())

        def of(kind: str, attr: str) -> list[Any]:
            return [getattr(r, attr) for r in rows if r.kind == kind and getattr(r, attr)]

        chair = next((r for r in rows if r.is_chair), None)
        tie = next((r for r in rows if r.is_tie_breaker), None)
        return {
            "kind": meeting.kind,
            "starts_at": meeting.starts_at,
            "place": meeting.place,
            "chair": StepForm.value_for(chair.person) if chair else "",
            "members": of("gezinslid", "member"),
            "coaches": of("coach", "user"),
            "involvements": of("betrokkene", "involvement"),
            "network": of("netwerk", "network"),
            "guests": "\n".join(r.name for r in rows if r.kind == "gast"),
            "family_present": meeting.family_present,
            "family_absent_reason": meeting.family_absent_reason,
            "tie_breaker": StepForm.value_for(tie.person) if tie else "",
            "tie_breaker_role": meeting.tie_breaker_role,
        }


class MinutesForm(SpilForm):
    minutes = forms.CharField(
        label=_("Verslag"),
        max_length=MINUTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat is er besproken? Het gezin krijgt het verslag."),
        error_messages={"required": _("Schrijf het verslag op: wat is er besproken?")},
    )
    family_present = forms.BooleanField(label=_("Het gezin was erbij"), required=False)
    family_absent_reason = _textarea(
        _("Waarom was het gezin er niet bij?"), _("Verplicht als het gezin er niet bij was.")
    )
    shared_on = forms.DateField(
        label=_("Verslag gedeeld met het gezin op"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg laten zolang het gezin het verslag nog niet heeft."),
    )
    next_on = forms.DateField(label=_("Volgend overleg"), required=False, widget=DateInput())
    plan_next = forms.BooleanField(
        label=_("Het volgende overleg meteen plannen"),
        required=False,
        help_text=_("Zelfde soort, tijd, voorzitter en deelnemers; de agenda komt uit het plan."),
    )


class DecisionForm(StepForm):
    """A decision that becomes a step in the plan: the plan's step form (same owners,
    same checks) with the goal in front and the date required."""

    def __init__(
        self, *args: Any, family: Family, coaches: list[User], goals: list[Goal], **kwargs: Any
    ) -> None:
        super().__init__(*args, family=family, coaches=coaches, **kwargs)
        self.fields["goal"] = forms.ModelChoiceField(
            label=_("Bij welk doel?"),
            queryset=Goal.objects.filter(pk__in=[g.pk for g in goals]).order_by(
                "order", "created_at"
            ),
            to_field_name="uuid",
            empty_label="—" if len(goals) != 1 else None,
            error_messages={"required": _("Kies het doel waar dit besluit bij hoort.")},
        )
        what = self.fields["what"]
        what.label = _("Wat is er besloten?")
        what.help_text = _("Een kleine, concrete stap: die komt zo in het plan.")
        owner = self.fields["owner"]
        owner.label = _("Wie voert het uit?")
        owner.error_messages = {**owner.error_messages, "required": NO_OWNER}
        due_on = self.fields["due_on"]
        due_on.required = True
        due_on.error_messages = {
            **due_on.error_messages,
            "required": _("Vul in wanneer het klaar moet zijn."),
        }
        self.order_fields(["goal", "what", "owner", "due_on"])


class RhythmForm(VersionedFormMixin, SpilForm):
    """How often; carries the rhythm's revision when there is one (no rhythm yet: a
    first one is added, there is no record to hold the form to)."""

    every_weeks = forms.IntegerField(
        label=_("Een afstemgesprek elke zoveel weken"),
        required=False,
        min_value=RHYTHM_MIN_WEEKS,
        max_value=RHYTHM_MAX_WEEKS,
        help_text=_(
            "Bijv. 4 (maandelijks), 13 (elk kwartaal) of 26 (elk half jaar). Leeg: geen vast ritme."
        ),
    )
