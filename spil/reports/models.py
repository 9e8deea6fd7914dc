"""The monitoring's one table of trajectory facts (issue 15, ADR 0015).

Every trajectory the municipality counts is one `TrajectoryRecord`: a live trajectory in
Spil (kept up to date by `spil.reports.facts` whenever the trajectory, its closure, an
extension, a reopening or a goal changes) and a past trajectory imported from a history
sheet (`spil.reports.importing`). The figures of `monitoring()` read this table only, so
live and past trajectories are counted by the very same queries.

A record holds no personal data: no family, no name, no free text — dates, codes and
counts. A live record points at its trajectory only to be kept up to date; the figures
never follow that link.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

RUNNING_UNTIL = date(9999, 12, 31)


class TrajectoryRecord(BaseModel):
    retention_category = RetentionCategory.ANONIEM

    class Source(models.TextChoices):
        LIVE = "spil", _("Traject in Spil")
        IMPORT = "import", _("Geïmporteerd uit de historie")

    source = models.CharField(
        _("bron"),
        max_length=10,
        choices=Source.choices,
        help_text=_("Een traject in Spil of een geïmporteerd traject uit het verleden."),
    )
    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitoring_record",
        help_text=_("Alleen bij een traject in Spil: om de feiten bij te houden."),
    )
    external_id = models.CharField(
        _("kenmerk in de historie"),
        max_length=60,
        blank=True,
        help_text=_("Alleen bij een geïmporteerd traject: de trajectory_id uit het bestand."),
    )
    programme = models.ForeignKey(
        "directory.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het programma van het traject."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Alleen bij een traject in Spil: voor het filter op team en de caseload."),
    )
    trajectory_type = models.CharField(
        _("soort traject"), max_length=30, blank=True, help_text=_("De code van de soort.")
    )
    started_on = models.DateField(_("gestart op"), help_text=_("Eerste dag van het traject."))
    closed_on = models.DateField(
        _("gesloten op"), null=True, blank=True, help_text=_("Leeg zolang het loopt.")
    )
    # The last day the trajectory counts as running: closed_on, or far in the future while it
    # runs. Kept by the database; one index range finds every trajectory of a period.
    ends_on = models.GeneratedField(
        expression=Coalesce("closed_on", models.Value(RUNNING_UNTIL)),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("loopt tot"),
        help_text=_("De afsluitdatum, of 31-12-9999 zolang het traject loopt."),
    )
    closure_reason = models.CharField(
        _("reden van afsluiten"),
        max_length=30,
        blank=True,
        help_text=_("De code van de reden; leeg zolang het loopt."),
    )
    closure_agreement = models.CharField(
        _("instemming van het gezin met afsluiten"),
        max_length=20,
        blank=True,
        help_text=_(
            "Eens, niet eens of niet gevraagd (issue 20); leeg zolang het loopt en in de historie."
        ),
    )
    coach_kind = models.CharField(
        _("soort coach"),
        max_length=20,
        blank=True,
        help_text=_("Medewerker, professional, netwerklid of vrijwilliger; leeg in de historie."),
    )
    duration_days = models.PositiveIntegerField(
        _("duur in dagen"),
        null=True,
        blank=True,
        help_text=_("Van start tot afsluiten; leeg zolang het loopt."),
    )
    frame_end = models.DateField(
        _("einde van het kader"),
        null=True,
        blank=True,
        help_text=_("Start plus het maximum van het programma; leeg zonder vaste duur."),
    )
    extensions = models.PositiveSmallIntegerField(
        _("verlengingen"), default=0, help_text=_("Aantal toegekende verlengingen.")
    )
    goals_set = models.PositiveIntegerField(
        _("doelen gesteld"), default=0, help_text=_("Aantal doelen in het plan.")
    )
    goals_reached = models.PositiveIntegerField(
        _("doelen bereikt"), default=0, help_text=_("Aantal bereikte doelen.")
    )
    reopened_on = models.DateField(
        _("heropend op"),
        null=True,
        blank=True,
        help_text=_("De laatste heropening binnen een jaar na een afsluiting."),
    )

    class Meta:
        verbose_name = _("trajectfeit voor de monitoring")
        verbose_name_plural = _("trajectfeiten voor de monitoring")
        ordering = ["started_on", "id"]
        indexes = [
            models.Index(fields=["started_on"], name="record_started"),
            models.Index(fields=["closed_on"], name="record_closed"),
            models.Index(fields=["ends_on", "started_on"], name="record_period"),
            models.Index(fields=["programme", "started_on"], name="record_programme"),
            models.Index(
                fields=["reopened_on"],
                condition=models.Q(reopened_on__isnull=False),
                name="record_reopened",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=models.Q(source="import"),
                name="record_import_once",
            ),
            models.CheckConstraint(
                condition=(models.Q(source="spil") & models.Q(trajectory__isnull=False))
                | (models.Q(source="import") & models.Q(trajectory__isnull=True)),
                name="record_source_matches_link",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("started_on")),
                name="record_closes_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(goals_reached__lte=models.F("goals_set")),
                name="record_reached_le_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.started_on.isoformat()}"
