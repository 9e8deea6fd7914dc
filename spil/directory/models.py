"""The sociale kaart. This issue holds the programme with its caseload norm; the
trajectories issue grows programmes into full configuration (duration, frame, limits)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel


class Programme(BaseModel):
    """A coaching programme of a provider, with its own rules (configuration, not code)."""

    name = models.CharField(_("naam"), max_length=150, unique=True, help_text=_("Bijv. VIG."))
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("De organisatie waar de coaches werken."),
    )
    caseload_min = models.PositiveSmallIntegerField(
        _("caseload minimaal"),
        null=True,
        blank=True,
        help_text=_("Aantal gezinnen per voltijd coach, ondergrens van de norm."),
    )
    caseload_max = models.PositiveSmallIntegerField(
        _("caseload maximaal"),
        null=True,
        blank=True,
        help_text=_("Aantal gezinnen per voltijd coach, bovengrens van de norm."),
    )
    is_active = models.BooleanField(_("actief"), default=True, help_text=_("Nog in gebruik?"))

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_min__isnull=True)
                | models.Q(caseload_max__isnull=True)
                | models.Q(caseload_min__lte=models.F("caseload_max")),
                name="programme_caseload_min_le_max",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def caseload_norm(self) -> str:
        if self.caseload_min and self.caseload_max:
            return f"{self.caseload_min}–{self.caseload_max}"
        return str(self.caseload_max or self.caseload_min or "—")
