"""Documents in the family file (issue 18): letters, reports, court decisions
(*beschikkingen*), signed plans, uploaded to a family and optionally about one member or
one trajectory.

Each document belongs to one part of the file (`core.access.FamilyPart`): the one access
policy and the family's consents decide who sees it, as for everything else in that part.
A professional without the part sees neither the document nor its title.

The bytes live in the storage alias "documents" (settings.STORAGES; never a public media
URL) under a random name; the row keeps that name, the type found in the content, the size
and a SHA-256 of the bytes. Deleting a row (also through the cascade when a family is
destroyed) removes the file once the deletion is committed (`signals.py`). See
docs/adr/0026."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.access import FamilyPart
from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory


class Part(models.TextChoices):
    """The part of the file a document belongs to; the values are `FamilyPart`'s."""

    BASICS = FamilyPart.BASICS.value, _("Basis: wie is wie (ziet iedereen met toegang)")
    FAMILY_STORY = FamilyPart.FAMILY_STORY.value, _("Familieverhaal (nooit gedeeld)")
    PLAN = FamilyPart.PLAN.value, _("Het gezinsplan")
    CONTACTS = FamilyPart.CONTACTS.value, _("Contacten en afspraken")
    ASSESSMENTS = FamilyPart.ASSESSMENTS.value, _("Metingen van de leefgebieden")
    SAFETY = FamilyPart.SAFETY.value, _("Veiligheid")


class DocumentQuerySet(models.QuerySet["Document"]):
    def in_parts(self, parts: frozenset[FamilyPart]) -> "DocumentQuerySet":
        return self.filter(part__in=[str(part) for part in parts])


class Document(BaseModel):
    """One stored file in a family's file."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        LETTER = "brief", _("Brief")
        REPORT = "rapport", _("Rapport of verslag")
        COURT_DECISION = "beschikking", _("Beschikking (rechter)")
        SIGNED_PLAN = "ondertekend_plan", _("Ondertekend plan")
        OTHER = "overig", _("Overig")

    objects = DocumentQuerySet.as_manager()

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="documents",
        help_text=_("Het gezin in wiens dossier het document staat."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Leeg als het document over het hele gezin gaat."),
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Het traject waar het document bij hoort, als het bij één traject hoort."),
    )
    part = models.CharField(
        _("onderdeel van het dossier"),
        max_length=20,
        choices=Part.choices,
        help_text=_(
            "Wie het onderdeel mag zien, ziet het document; een professional alleen als het "
            "gezin toestemming gaf om dat onderdeel te delen."
        ),
    )
    kind = models.CharField(
        _("soort document"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.LETTER,
        help_text=_("Brief, rapport, beschikking, ondertekend plan of iets anders."),
    )
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("Waar het document over gaat, kort.")
    )
    dated_on = models.DateField(
        _("datum van het document"),
        null=True,
        blank=True,
        help_text=_("De datum die op het document staat, als die er is."),
    )
    stored_name = models.CharField(
        _("naam in de opslag"),
        max_length=100,
        unique=True,
        editable=False,
        help_text=_(
            "Een willekeurige naam in de opslag 'documents'; nooit de naam van het bestand."
        ),
    )
    content_type = models.CharField(
        _("bestandstype"),
        max_length=100,
        editable=False,
        help_text=_("Het type zoals de inhoud het laat zien, bijv. application/pdf."),
    )
    extension = models.CharField(
        _("extensie"), max_length=10, editable=False, help_text=_("Bijv. pdf, png, docx.")
    )
    size = models.PositiveBigIntegerField(
        _("grootte"), editable=False, help_text=_("Het aantal bytes.")
    )
    sha256 = models.CharField(
        _("controlegetal"),
        max_length=64,
        editable=False,
        help_text=_("SHA-256 over de inhoud: zo blijkt of het bestand ongeschonden is."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het document toevoegde."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Namens welke organisatie het document werd toegevoegd."),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["family", "part", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def family_part(self) -> FamilyPart:
        return FamilyPart(self.part)
