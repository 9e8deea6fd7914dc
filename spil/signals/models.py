"""Policy signals and breakthroughs (issue 15 §3, seed 002: the coaches are "de kanarie in de
kolenmijn"). A signal names a rule or a service that fails families, never a family: there
is no link to a family at all, and the texts are checked for the names of the families the
writer works with (`services`). See docs/adr/0016-policy-signals.md."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

MAX_FAMILIES = 10_000


class Category(models.TextChoices):
    RULE = "regel", _("regel of procedure")
    WAITING_LIST = "wachtlijst", _("wachtlijst")
    MONEY = "geld", _("geld")
    COOPERATION = "samenwerking", _("samenwerking")
    LAW = "wet", _("wet")
    OTHER = "anders", _("anders")


class Status(models.TextChoices):
    """The policy officer's answer. A signal without an answer has an empty status."""

    RECEIVED = "ontvangen", _("ontvangen")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    SOLVED = "opgelost", _("opgelost")
    NOT_TAKEN_UP = "niet_opgepakt", _("niet opgepakt")


# An answer with one of these statuses says why.
REASON_REQUIRED = frozenset({Status.SOLVED, Status.NOT_TAKEN_UP})
NO_ANSWER = ""


class Bundle(BaseModel):
    """Signals the team lead brings together and passes on to the municipality."""

    retention_category = RetentionCategory.ANONIEM

    title = models.CharField(
        _("titel"), max_length=150, help_text=_("Waar de signalen samen over gaan.")
    )
    summary = models.TextField(
        _("samenvatting"),
        max_length=2000,
        help_text=_("Kort: wat gaat er mis en wat vraagt het team van de gemeente. Geen namen."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De teamleider die de bundel maakte."),
    )
    passed_at = models.DateTimeField(
        _("doorgegeven op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de bundel aan de gemeente is doorgegeven; leeg zolang niet."),
    )
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doorgegeven door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De teamleider die de bundel doorgaf."),
    )
    status = models.CharField(
        _("stand"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Het laatste antwoord van de gemeente op de bundel; leeg zolang er geen is."),
    )

    class Meta:
        verbose_name = _("bundel signalen")
        verbose_name_plural = _("bundels signalen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_passed(self) -> bool:
        return self.passed_at is not None


class Signal(BaseModel):
    """What goes wrong for families, in which rule or organisation; no family named."""

    retention_category = RetentionCategory.ANONIEM

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="policy_signals",
        help_text=_("De coach die het signaal gaf."),
    )
    problem = models.TextField(
        _("wat gaat er mis"),
        max_length=3000,
        help_text=_("Wat loopt vast voor gezinnen? Geen namen."),
    )
    regulation = models.CharField(
        _("regeling of organisatie"),
        max_length=200,
        help_text=_("Welke regel, wet, voorziening of organisatie het betreft."),
    )
    category = models.CharField(
        _("soort"), max_length=20, choices=Category.choices, help_text=_("Waar het om draait.")
    )
    families_affected = models.PositiveIntegerField(
        _("aantal gezinnen"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FAMILIES)],
        help_text=_("Bij hoeveel gezinnen u dit ziet (ongeveer)."),
    )
    example = models.TextField(
        _("voorbeeld"),
        max_length=3000,
        help_text=_("Een voorbeeld zonder namen, adressen of andere herkenbare gegevens."),
    )
    bundle = models.ForeignKey(
        Bundle,
        verbose_name=_("bundel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
        help_text=_("De bundel waarin de teamleider het signaal doorgeeft (hoogstens één)."),
    )
    status = models.CharField(
        _("stand"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Het laatste antwoord van de gemeente; leeg zolang er geen is."),
    )
    first_answered_at = models.DateTimeField(
        _("eerste antwoord op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de gemeente voor het eerst antwoordde (op het signaal of de bundel)."),
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(families_affected__gte=1), name="signal_families_affected_positive"
            )
        ]

    def __str__(self) -> str:
        return self.regulation

    @property
    def is_passed(self) -> bool:
        return self.bundle is not None and self.bundle.passed_at is not None


class Answer(BaseModel):
    """One answer of the municipality, to a bundle (it counts for every signal in it) or to
    one signal. Answers are kept, never changed: the latest one is the status."""

    retention_category = RetentionCategory.ANONIEM

    bundle = models.ForeignKey(
        Bundle,
        verbose_name=_("bundel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("De bundel die beantwoord is."),
    )
    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signaal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("Het signaal dat beantwoord is."),
    )
    status = models.CharField(
        _("stand"), max_length=20, choices=Status.choices, help_text=_("Hoe het ervoor staat.")
    )
    reason = models.TextField(
        _("toelichting"),
        max_length=3000,
        blank=True,
        help_text=_("Waarom; verplicht bij ‘opgelost’ en ‘niet opgepakt’."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De beleidsmedewerker die antwoordde."),
    )

    class Meta:
        verbose_name = _("antwoord op een signaal")
        verbose_name_plural = _("antwoorden op signalen")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(bundle__isnull=False) & Q(signal__isnull=True))
                | (Q(bundle__isnull=True) & Q(signal__isnull=False)),
                name="answer_to_bundle_or_signal",
            )
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class Beneficiary(models.TextChoices):
    """ "Wat is een doorbraak, en voor wie?" (seed 002)."""

    FAMILY = "gezin", _("het gezin")
    ORGANISATION = "organisatie", _("een organisatie")
    MUNICIPALITY = "gemeente", _("de gemeente")


class Breakthrough(BaseModel):
    """Something that was stuck and got moving; no family is linked or named."""

    retention_category = RetentionCategory.ANONIEM

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="breakthroughs",
        help_text=_("De coach of teamleider die de doorbraak vastlegde."),
    )
    title = models.CharField(
        _("wat is doorbroken"), max_length=200, help_text=_("In één regel. Geen namen.")
    )
    for_whom = models.CharField(
        _("voor wie"),
        max_length=20,
        choices=Beneficiary.choices,
        help_text=_("Voor wie het een doorbraak is."),
    )
    occurred_on = models.DateField(_("datum"), help_text=_("Wanneer de doorbraak er was."))
    description = models.TextField(
        _("toelichting"),
        max_length=3000,
        help_text=_("Wat er gebeurde en wat het opleverde. Geen namen."),
    )

    class Meta:
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return self.title
