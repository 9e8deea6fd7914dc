"""The upload form (multipart) and the form that changes what is recorded about a
document (versioned: a stale save is refused and keeps the input)."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from spil.core.forms import LINE_MAX_LENGTH, DateInput, SpilForm, VersionedFormMixin
from spil.families.models import Family, Member
from spil.trajectories.models import Trajectory

from .models import Document, Part

FILE_HELP = _(
    "PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) of OpenDocument-tekst (ODT). Spil kijkt naar de "
    "inhoud van het bestand; de naam van het bestand wordt niet bewaard."
)


class _DocumentFields(SpilForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=LINE_MAX_LENGTH,
        help_text=_(
            "Waar het document over gaat, kort. Bijv. 'Beschikking ondertoezichtstelling'."
        ),
    )
    kind = forms.ChoiceField(label=_("Soort document"), choices=Document.Kind.choices)
    part = forms.ChoiceField(
        label=_("Onderdeel van het dossier"),
        choices=Part.choices,
        initial=Part.PLAN,
        help_text=_(
            "Wie dit onderdeel mag zien, ziet het document. Een professional van een andere "
            "organisatie alleen als het gezin toestemming gaf om dit onderdeel te delen."
        ),
    )
    member = forms.ModelChoiceField(
        label=_("Over gezinslid"),
        queryset=Member.objects.none(),  # the family's, set below
        required=False,
        empty_label=_("Het hele gezin"),
    )
    trajectory = forms.ModelChoiceField(
        label=_("Bij traject"),
        queryset=Trajectory.objects.none(),
        required=False,
        empty_label=_("Geen bepaald traject"),
    )
    dated_on = forms.DateField(
        label=_("Datum van het document"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = family.members.order_by(  # type: ignore[attr-defined]
            "birth_date", "id"
        )
        self.fields["trajectory"].queryset = family.trajectories.order_by(  # type: ignore[attr-defined]
            "-started_on", "-id"
        )
        self.fields["trajectory"].label_from_instance = _trajectory_label  # type: ignore[attr-defined]


def _trajectory_label(trajectory: Any) -> str:
    started = date_format(trajectory.started_on, "SHORT_DATE_FORMAT")
    return str(format_lazy("{} ({} {})", trajectory.get_kind_display(), _("vanaf"), started))


class DocumentUploadForm(_DocumentFields):
    file = forms.FileField(label=_("Bestand"), help_text=FILE_HELP)

    field_order = ["file", "title", "kind", "part", "member", "trajectory", "dated_on"]


class DocumentForm(VersionedFormMixin, _DocumentFields):
    """What is recorded about a stored document; the file itself never changes."""

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, family=family, **kwargs)

    @staticmethod
    def initial_for(document: Document) -> dict[str, Any]:
        return {
            "title": document.title,
            "kind": document.kind,
            "part": document.part,
            "member": document.member,
            "trajectory": document.trajectory,
            "dated_on": document.dated_on,
            "revision": document.revision,
        }
