"""Trajectories. This issue opens them from the meldpunt's decision; the trajectories
issue grows phases, deadlines, extensions, closing and aftercare."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel


class Trajectory(BaseModel):
    class Kind(models.TextChoices):
        FAMILY_COACH = "gezinscoach", _("Gezinscoaching")
        CARE_COORDINATION = "coordinatie_van_zorg", _("Coördinatie van zorg")

    class Phase(models.TextChoices):
        INTRODUCTION = "kennismaking", _("Kennismaking")
        ORIENTATION = "orientatie", _("Oriëntatie")
        PLAN = "plan", _("Plan")
        EXECUTION = "uitvoering", _("Uitvoering")
        ROUNDING_OFF = "afronding", _("Afronding")
        AFTERCARE = "nazorg", _("Nazorg")
        CLOSED = "gesloten", _("Gesloten")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("Het gezin."),
    )
    kind = models.CharField(
        _("soort"), max_length=30, choices=Kind.choices, help_text=_("Coaching of coördinatie.")
    )
    programme = models.ForeignKey(
        "directory.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        help_text=_("Het programma met zijn regels."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="coached_trajectories",
        help_text=_("De gezinscoach of casemanager."),
    )
    backup_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("back-up coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backup_trajectories",
        help_text=_("Nooit alleen: een tweede coach die het gezin ook kent."),
    )
    started_on = models.DateField(_("gestart op"), help_text=_("Eerste dag van het traject."))
    phase = models.CharField(
        _("fase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.INTRODUCTION,
        help_text=_("Waar het traject nu is."),
    )
    closed_on = models.DateField(
        _("gesloten op"), null=True, blank=True, help_text=_("Leeg zolang het loopt.")
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["coach", "closed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.family}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
