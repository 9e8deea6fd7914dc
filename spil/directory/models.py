"""The sociale kaart: programmes with their own rules (configuration, not code)."""

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

    class Frame(models.TextChoices):
        VOLUNTARY = "vrijwillig", _("Vrijwillig")
        PRESSURE = "drang", _("Drang")
        COMPULSION = "dwang", _("Dwang")

    class Duration(models.TextChoices):
        FIXED = "vast", _("Vast aantal maanden, met verlenging tot een maximum")
        UNTIL_YOUNGEST_18 = "tot_jongste_18", _("Open: tot het jongste kind 18 wordt")
        AS_LONG_AS_NEEDED = "zolang_nodig", _("Zo lang als nodig")

    frame = models.CharField(
        _("kader"),
        max_length=20,
        choices=Frame.choices,
        default=Frame.VOLUNTARY,
        help_text=_("Vrijwillig, drang (weigeren kost bijv. een uitkering) of dwang."),
    )
    duration = models.CharField(
        _("duur"),
        max_length=20,
        choices=Duration.choices,
        default=Duration.FIXED,
        help_text=_("Hoe lang een traject mag duren."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duur in maanden"),
        null=True,
        blank=True,
        help_text=_("Bij een vaste duur: bijv. 6."),
    )
    max_months = models.PositiveSmallIntegerField(
        _("maximum met verlenging"),
        null=True,
        blank=True,
        help_text=_("Bij een vaste duur: bijv. 12. Daarna stopt de financiering."),
    )
    plan_due_weeks = models.PositiveSmallIntegerField(
        _("plan klaar binnen (weken)"), default=6, help_text=_("Het plan van aanpak is er binnen…")
    )
    first_plan_goal_limit = models.PositiveSmallIntegerField(
        _("doelen in het eerste plan"),
        default=3,
        help_text=_("Een waarschuwing, geen blokkade, als het eerste plan meer doelen heeft."),
    )
    contact_intensity = models.CharField(
        _("verwachte contactintensiteit"),
        max_length=200,
        blank=True,
        help_text=_("Bijv. wekelijks een huisbezoek; 1 uur per 2–3 weken tot 3–4 dagen per week."),
    )
    reachable_24_7 = models.BooleanField(
        _("coach 24/7 bereikbaar"), default=False, help_text=_("Zoals bij VIG.")
    )
    work_budget_eur = models.PositiveIntegerField(
        _("standaard werkbudget per coach per jaar (€)"),
        null=True,
        blank=True,
        help_text=_(
            "Het bedrag dat de teamleider voorgesteld krijgt bij het vaststellen van het "
            "werkbudget van een coach voor een kalenderjaar, bijv. 5000. Het echte budget "
            "staat per coach (of team) per jaar bij Werkbudget."
        ),
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
            ),
            models.CheckConstraint(
                condition=~models.Q(duration="vast")
                | (
                    models.Q(duration_months__isnull=False)
                    & models.Q(max_months__gte=models.F("duration_months"))
                ),
                name="programme_fixed_duration_has_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def caseload_norm(self) -> str:
        if self.caseload_min and self.caseload_max:
            return f"{self.caseload_min}–{self.caseload_max}"
        return str(self.caseload_max or self.caseload_min or "—")
