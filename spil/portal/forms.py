"""The portal's forms: the family's, and the coach's side of messages and corrections.
Every form is a `SpilForm` (bounded input); messages are plain Dutch at B1, "je" for a
young person and "u" for an adult (`young`)."""

from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from spil.core.forms import SpilForm, VersionedFormMixin

from .models import CorrectionRequest
from .services import ABOUT_MAX_LENGTH, CORRECTION_MAX_LENGTH, MESSAGE_MAX_LENGTH

# === plan and closing (issue 14: agree to the plan, score goals, agree to closing) ===

ANSWER_REMARK_MAX = 1000  # as PlanResponse.remark and ClosingAnswer.remark


def _you(young: bool, je: Any, u: Any) -> Any:
    return je if young else u


class _AnswerForm(SpilForm):
    """Agree, or not — then say why. The choice comes from the button pressed; the
    remark is required when the member does not agree (the message: `missing_remark`,
    "je" and "u")."""

    AGREE, DISAGREE = "eens", "oneens"
    missing_remark_je: Any = _("Schrijf op waar je het niet mee eens bent.")
    missing_remark_u: Any = _("Schrijf op waar u het niet mee eens bent.")

    answer = forms.ChoiceField(choices=[(AGREE, _("Eens")), (DISAGREE, _("Niet eens"))])
    remark = forms.CharField(
        required=False,
        max_length=ANSWER_REMARK_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.young = young
        self.fields["answer"].error_messages = {
            "required": _("Kies: eens of niet eens."),
            "invalid_choice": _("Kies: eens of niet eens."),
        }
        self.fields["remark"].widget.attrs["maxlength"] = str(ANSWER_REMARK_MAX)

    @property
    def agrees(self) -> bool:
        return self.cleaned_data["answer"] == self.AGREE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == self.DISAGREE and not (data.get("remark") or "").strip():
            self.add_error("remark", self.missing_remark())
        return data

    def missing_remark(self) -> Any:
        return _you(self.young, self.missing_remark_je, self.missing_remark_u)


class PlanResponseForm(_AnswerForm):
    """ "Ik ben het eens met dit plan" / "Ik ben het niet eens met…" and what not. Hidden:
    the version read (an answer to a plan changed since is refused) and the revision of
    the member's answer shown (0: none yet), so a second tab cannot overwrite unseen."""

    version = forms.UUIDField(widget=forms.HiddenInput)
    revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, young=young, **kwargs)
        self.fields["remark"].label = _you(
            young, _("Waar ben je het niet mee eens?"), _("Waar bent u het niet mee eens?")
        )
        self.fields["remark"].help_text = _you(
            young,
            _("Alleen nodig als je het niet eens bent. De coach leest het."),
            _("Alleen nodig als u het niet eens bent. De coach leest het."),
        )

    def service_arguments(self) -> dict[str, Any]:
        revision = self.cleaned_data.get("revision")
        return {
            "agrees": self.agrees,
            "remark": self.cleaned_data.get("remark", ""),
            "revision": revision if revision is not None else 0,
            "version_uuid": self.cleaned_data["version"],
        }


class ClosingAnswerForm(_AnswerForm):
    """ "Ja, we kunnen afsluiten" / "Nee, nog niet" and why not."""

    def __init__(self, *args: Any, young: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, young=young, **kwargs)
        self.fields["remark"].label = _you(
            young, _("Wil je er iets over zeggen?"), _("Wilt u er iets over zeggen?")
        )
        self.fields["remark"].help_text = _you(
            young,
            _("Nodig als je het niet eens bent. De coach leest het."),
            _("Nodig als u het niet eens bent. De coach leest het."),
        )

    missing_remark_je = _("Schrijf op waarom je het (nog) niet eens bent.")
    missing_remark_u = _("Schrijf op waarom u het (nog) niet eens bent.")


SCORE_PREFIX = "doel_"
SCORE_MESSAGE = _("Vul een cijfer in van 0 tot en met 10.")


class GoalScoresForm(SpilForm):
    """ "Hoe staat het ervoor?" — a number 0–10 per goal the member sees, for one
    evaluation. A goal left empty is not answered; at least one is needed. Only the goals
    offered become fields: anything else that is posted is ignored."""

    def __init__(
        self, *args: Any, goals: list[tuple[Any, int | None]], young: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.young = young
        self.goal_fields: list[tuple[Any, str]] = []
        for goal_evaluation, current in goals:
            name = f"{SCORE_PREFIX}{goal_evaluation.uuid}"
            self.fields[name] = forms.IntegerField(
                label=goal_evaluation.goal.title,
                required=False,
                min_value=0,
                max_value=10,
                initial=current,
                error_messages={
                    "invalid": SCORE_MESSAGE,
                    "min_value": SCORE_MESSAGE,
                    "max_value": SCORE_MESSAGE,
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "scale"}),
            )
            self.goal_fields.append((goal_evaluation, name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.scores():
            raise forms.ValidationError(_("Vul bij minstens één doel een cijfer in."))
        return data

    def scores(self) -> dict[UUID, int]:
        data = getattr(self, "cleaned_data", {})
        return {
            goal_evaluation.uuid: data[name]
            for goal_evaluation, name in self.goal_fields
            if data.get(name) is not None
        }


# === messages and corrections ===


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
