from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from spil.core.forms import SpilForm, VersionedFormMixin

from .models import GRADE_MAX, GRADE_MIN, STATEMENT_MAX_LENGTH, STATEMENTS_MAX, Answer, Statement

EMAILS_MAX = 100
EMAIL_MAX_LENGTH = 254  # the column's length


class SurveyForm(VersionedFormMixin, SpilForm):
    """A new survey, or the edit of one. Statements one per line, in order. Once the survey
    is sent the statements are shown, not edited (`lock_statements`)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    intro = forms.CharField(
        label=_("Inleiding"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat de professional leest boven de vragen: waarom, voor wie, hoe lang."),
    )
    statements = forms.CharField(
        label=_("Stellingen"),
        max_length=STATEMENTS_MAX * (STATEMENT_MAX_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Eén stelling per regel, in de volgorde van de enquête. Elke stelling wordt "
            "beantwoord met helemaal oneens, oneens, eens of helemaal eens (of weet ik niet)."
        ),
        error_messages={"required": _("Zet er minstens één stelling in.")},
    )

    def __init__(self, *args: Any, lock_statements: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lock_statements:
            del self.fields["statements"]

    def clean_statements(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["statements"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError(_("Zet er minstens één stelling in."))
        if len(lines) > STATEMENTS_MAX:
            raise ValidationError(_("Hoogstens %(max)d stellingen.") % {"max": STATEMENTS_MAX})
        for number, line in enumerate(lines, 1):
            if len(line) > STATEMENT_MAX_LENGTH:
                raise ValidationError(
                    _("Stelling %(n)d is te lang: hoogstens %(max)d tekens.")
                    % {"n": number, "max": STATEMENT_MAX_LENGTH}
                )
        return lines


class RecipientChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})"


class SendForm(VersionedFormMixin, SpilForm):
    recipients = RecipientChoiceField(
        label=_("Betrokken professionals"),
        queryset=None,  # set in __init__
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wie al een link kreeg, staat hier niet meer tussen."),
    )
    emails = forms.CharField(
        label=_("Andere e-mailadressen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eén e-mailadres per regel, voor professionals zonder account."),
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = queryset  # type: ignore[attr-defined]

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails = [line.strip().lower() for line in raw.splitlines() if line.strip()]
        if len(emails) > EMAILS_MAX:
            raise ValidationError(_("Hoogstens %(max)d e-mailadressen.") % {"max": EMAILS_MAX})
        for email in emails:
            try:
                if len(email) > EMAIL_MAX_LENGTH:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("‘%(email)s’ is geen geldig e-mailadres.") % {"email": email[:80]}
                ) from None
        return list(dict.fromkeys(emails))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("recipients") and not data.get("emails"):
            raise ValidationError(_("Kies minstens één professional of vul een e-mailadres in."))
        return data


class CloseForm(VersionedFormMixin, SpilForm):
    """Only the revision: closing a survey that changed since the page was read is refused."""


# --- The public form --------------------------------------------------------------------------

SCALE_CHOICES = [
    (str(int(c)), c.label)
    for c in (
        Answer.Choice.STRONGLY_DISAGREE,
        Answer.Choice.DISAGREE,
        Answer.Choice.AGREE,
        Answer.Choice.STRONGLY_AGREE,
        Answer.Choice.DONT_KNOW,
    )
]


class AnswerForm(SpilForm):
    """One radio group per statement (`stelling_<position>`), and the grade."""

    grade = forms.IntegerField(
        label=_(
            "Welk cijfer geeft u de samenwerking rond gezinnen? (1 is heel slecht, 10 is heel goed)"
        ),
        min_value=GRADE_MIN,
        max_value=GRADE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Geef een cijfer van 1 tot en met 10."),
            "invalid": _("Geef een cijfer van 1 tot en met 10."),
            "min_value": _("Geef een cijfer van 1 tot en met 10."),
            "max_value": _("Geef een cijfer van 1 tot en met 10."),
        },
    )

    def __init__(self, *args: Any, statements: list[Statement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grade = self.fields.pop("grade")
        for statement in statements:
            self.fields[f"stelling_{statement.position}"] = forms.TypedChoiceField(
                label=statement.text,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies een antwoord bij deze stelling."),
                    "invalid_choice": _("Kies een antwoord bij deze stelling."),
                },
            )
        self.fields["grade"] = grade
        self.statements = statements

    def answers(self) -> dict[int, int]:
        return {s.position: self.cleaned_data[f"stelling_{s.position}"] for s in self.statements}
