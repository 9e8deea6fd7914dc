"""The coach's work budget (issue 15, seed 002): a modest sum per coach (or per team) per
calendar year to act fast where a rule is in the way, a ledger of what was spent, and what
was recovered afterwards from a provision that could pay. See docs/adr/0017."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

# Bounds that refuse the absurd: one spending or recovery, and one year's budget.
LINE_MAX = Decimal("10000.00")
BUDGET_MAX = Decimal("250000.00")
YEAR_MIN = 2000
YEAR_MAX = 2100


class Budget(BaseModel):
    """The work budget of one holder — a coach or a team, never both — for one calendar
    year, set by the team lead."""

    retention_category = RetentionCategory.ACCOUNT

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_budgets",
        help_text=_("De coach van wie dit budget is (of leeg bij een teambudget)."),
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_budgets",
        help_text=_("Het team van wie dit budget is (of leeg bij een budget van één coach)."),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), help_text=_("Het kalenderjaar waarvoor het budget geldt.")
    )
    amount = models.DecimalField(
        _("budget (€)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Het bedrag voor het hele jaar, bijv. 5000,00."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De teamleider die het budget vaststelde of het laatst wijzigde."),
    )

    class Meta:
        verbose_name = _("werkbudget")
        verbose_name_plural = _("werkbudgetten")
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(coach__isnull=False) & Q(team__isnull=True))
                | (Q(coach__isnull=True) & Q(team__isnull=False)),
                name="budget_holder_coach_xor_team",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=BUDGET_MAX),
                name="budget_amount_in_range",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX),
                name="budget_year_in_range",
            ),
            models.UniqueConstraint(
                fields=["coach", "year"],
                condition=Q(coach__isnull=False),
                name="budget_one_per_coach_per_year",
            ),
            models.UniqueConstraint(
                fields=["team", "year"],
                condition=Q(team__isnull=False),
                name="budget_one_per_team_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} {self.year}"

    @property
    def holder_name(self) -> str:
        if self.coach_id is not None:
            return str(self.coach.full_name)  # type: ignore[union-attr]
        return str(self.team.name)  # type: ignore[union-attr]

    @property
    def is_team_budget(self) -> bool:
        return self.team_id is not None


class Category(models.TextChoices):
    """What the money was for (a purpose category; the dashboard counts per category)."""

    TRAVEL = "reiskosten", _("Reiskosten")
    MOVING = "verhuiskosten", _("Verhuiskosten")
    LIVING = "levensonderhoud", _("Levensonderhoud en boodschappen")
    DEBT = "schulden", _("Schulden en betalingsachterstand")
    CHILDCARE_SCHOOL = "kinderopvang_school", _("Kinderopvang en school")
    OTHER = "anders", _("Anders")


class Spending(BaseModel):
    """One line of the ledger. Above the balance it waits for the team lead's approval and
    does not count as spent until approved."""

    retention_category = RetentionCategory.ANONIEM

    class Status(models.TextChoices):
        BOOKED = "geboekt", _("Geboekt")
        PENDING = "wacht_op_akkoord", _("Wacht op akkoord")
        REFUSED = "afgewezen", _("Afgewezen")

    budget = models.ForeignKey(
        Budget,
        verbose_name=_("werkbudget"),
        on_delete=models.PROTECT,
        related_name="spendings",
        help_text=_("Het budget waaruit betaald is."),
    )
    spent_on = models.DateField(_("datum"), help_text=_("Wanneer het geld is uitgegeven."))
    amount = models.DecimalField(
        _("bedrag (€)"), max_digits=10, decimal_places=2, help_text=_("Bijv. 12,50.")
    )
    category = models.CharField(
        _("waarvoor"),
        max_length=30,
        choices=Category.choices,
        help_text=_("Het soort uitgave."),
    )
    purpose = models.CharField(
        _("omschrijving"),
        max_length=200,
        help_text=_("Kort, zonder namen: bijv. treinkaartje naar familie in Groningen."),
    )
    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_budget_spendings",
        help_text=_("Het gezin waarvoor het geld is uitgegeven, als het om één gezin gaat."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.BOOKED,
        help_text=_("Geboekt telt mee als uitgegeven; wacht op akkoord en afgewezen niet."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de uitgave vastlegde."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De teamleider die een uitgave boven het saldo goedkeurde of afwees."),
    )
    decided_at = models.DateTimeField(
        _("besloten op"), null=True, blank=True, help_text=_("Wanneer de teamleider besliste.")
    )
    refusal_reason = models.CharField(
        _("reden van afwijzing"),
        max_length=300,
        blank=True,
        help_text=_("Waarom de teamleider de uitgave afwees, zonder namen."),
    )

    class Meta:
        verbose_name = _("uitgave uit het werkbudget")
        verbose_name_plural = _("uitgaven uit het werkbudget")
        ordering = ["-spent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=LINE_MAX),
                name="spending_amount_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.spent_on:%Y-%m-%d}"


class Provision(models.TextChoices):
    """The provision (voorziening) that paid back afterwards."""

    SPECIAL_ASSISTANCE = "bijzondere_bijstand", _("Bijzondere bijstand")
    WMO = "wmo", _("Wmo")
    YOUTH_ACT = "jeugdwet", _("Jeugdwet")
    PARTICIPATION_ACT = "participatiewet", _("Participatiewet")
    OTHER = "anders", _("Anders")


class Recovery(BaseModel):
    """Money recovered afterwards from a provision, against one spending or the budget as a
    whole; it tops the balance up."""

    retention_category = RetentionCategory.ANONIEM

    budget = models.ForeignKey(
        Budget,
        verbose_name=_("werkbudget"),
        on_delete=models.PROTECT,
        related_name="recoveries",
        help_text=_("Het budget dat wordt aangevuld."),
    )
    spending = models.ForeignKey(
        Spending,
        verbose_name=_("uitgave"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recoveries",
        help_text=_("De uitgave die wordt terugbetaald, of leeg voor het budget als geheel."),
    )
    provision = models.CharField(
        _("voorziening"),
        max_length=30,
        choices=Provision.choices,
        help_text=_("Uit welke voorziening het geld terugkwam."),
    )
    provision_name = models.CharField(
        _("naam van de voorziening"),
        max_length=150,
        blank=True,
        help_text=_("Bij ‘anders’: welke voorziening of regeling."),
    )
    received_on = models.DateField(
        _("ontvangen op"), help_text=_("Wanneer het geld terugkwam of werd toegekend.")
    )
    amount = models.DecimalField(
        _("bedrag (€)"), max_digits=10, decimal_places=2, help_text=_("Bijv. 12,50.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de terugvordering vastlegde."),
    )

    class Meta:
        verbose_name = _("terugvordering")
        verbose_name_plural = _("terugvorderingen")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=LINE_MAX),
                name="recovery_amount_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(provision="anders") | ~Q(provision_name=""),
                name="recovery_other_provision_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_provision_display()} {self.received_on:%Y-%m-%d}"

    @property
    def provision_label(self) -> str:
        if self.provision == Provision.OTHER and self.provision_name:
            return self.provision_name
        label = self.get_provision_display()
        return f"{label}: {self.provision_name}" if self.provision_name else str(label)
