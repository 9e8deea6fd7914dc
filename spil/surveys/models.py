"""The coordination survey (samenwerkingsmonitor, seed 004): statements on a 4-point scale
and a report grade, sent to partner professionals by single-use link.

Anonymity is a matter of the tables (ADR 0018): an `Invitation` knows its recipient and
whether and when it was answered; a `Response` and its `Answer`s know only their survey and
statement. There is no key, no timestamp and no sequential id that ties a response to an
invitation: a response's primary key is a random UUID and it carries no date at all.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

GRADE_MIN = 1
GRADE_MAX = 10
MIN_ANSWERS_SHOWN = 5  # results stay hidden below this many answers
STATEMENTS_MAX = 30
STATEMENT_MAX_LENGTH = 300


def token_hash(token: str) -> str:
    """Only the hash of a link's token is stored: a leaked database opens no link."""
    return hashlib.sha256(token.encode()).hexdigest()


class Survey(BaseModel):
    retention_category = RetentionCategory.ANONIEM

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        SENT = "verstuurd", _("Verstuurd")
        CLOSED = "gesloten", _("Gesloten")

    title = models.CharField(_("titel"), max_length=200, help_text=_("De naam van de enquête."))
    intro = models.TextField(
        _("inleiding"),
        max_length=2000,
        blank=True,
        help_text=_("Wat de professional leest boven de vragen: waarom en voor wie."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Concept, verstuurd of gesloten."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De beleidsmedewerker die de enquête maakte."),
    )
    sent_at = models.DateTimeField(
        _("verstuurd op"), null=True, blank=True, help_text=_("Wanneer de eerste links uitgingen.")
    )
    closed_at = models.DateTimeField(
        _("gesloten op"), null=True, blank=True, help_text=_("Vanaf dan werkt geen link meer.")
    )

    class Meta:
        verbose_name = _("samenwerkingsmonitor")
        verbose_name_plural = _("samenwerkingsmonitors")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Statement(BaseModel):
    retention_category = RetentionCategory.ANONIEM

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("enquête"),
        on_delete=models.CASCADE,
        related_name="statements",
        help_text=_("De enquête waar de stelling in staat."),
    )
    position = models.PositiveSmallIntegerField(
        _("volgorde"), help_text=_("De plaats van de stelling in de enquête, vanaf 1.")
    )
    text = models.CharField(
        _("stelling"), max_length=STATEMENT_MAX_LENGTH, help_text=_("De tekst van de stelling.")
    )

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="surveys_statement_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Invitation(BaseModel):
    """One recipient's single-use link. Records whether and when it was used, never what
    was answered."""

    retention_category = RetentionCategory.ACCOUNT

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "ingevuld", _("Ingevuld")
        DECLINED = "afgemeld", _("Doet niet mee")

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("enquête"),
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("De enquête waarvoor de link is."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De betrokken professional met een account; leeg bij een los e-mailadres."),
    )
    email = models.EmailField(
        _("e-mailadres"), help_text=_("Waar de link naartoe ging (kleine letters).")
    )
    token_hash = models.CharField(
        _("sleutel (hash)"), max_length=64, unique=True, help_text=_("Alleen de hash.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Open, ingevuld of afgemeld."),
    )
    responded_at = models.DateTimeField(
        _("beantwoord op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de link werd gebruikt (ingevuld of afgemeld)."),
    )

    class Meta:
        verbose_name = _("uitnodiging voor de samenwerkingsmonitor")
        verbose_name_plural = _("uitnodigingen voor de samenwerkingsmonitor")
        ordering = ["survey", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"], name="surveys_invitation_unique_email"
            )
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class Response(models.Model):
    """One filled-in questionnaire. No BaseModel on purpose: no sequential id, no
    created/updated time, no revision — nothing that orders it beside the invitations."""

    retention_category = RetentionCategory.ANONIEM

    id = models.UUIDField(
        _("sleutel"),
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Willekeurig: zegt niets over de volgorde van binnenkomst."),
    )
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("enquête"),
        on_delete=models.CASCADE,
        related_name="responses",
        help_text=_("De enquête die is ingevuld."),
    )
    grade = models.PositiveSmallIntegerField(
        _("rapportcijfer"),
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
        help_text=_("Het cijfer voor de samenwerking, 1 tot en met 10."),
    )

    class Meta:
        verbose_name = _("ingevulde enquête")
        verbose_name_plural = _("ingevulde enquêtes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__gte=GRADE_MIN, grade__lte=GRADE_MAX),
                name="surveys_response_grade_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.id)


class Answer(models.Model):
    """One statement's answer in one response."""

    retention_category = RetentionCategory.ANONIEM

    class Choice(models.IntegerChoices):
        DONT_KNOW = 0, _("Weet ik niet / niet van toepassing")
        STRONGLY_DISAGREE = 1, _("Helemaal oneens")
        DISAGREE = 2, _("Oneens")
        AGREE = 3, _("Eens")
        STRONGLY_AGREE = 4, _("Helemaal eens")

    id = models.UUIDField(
        _("sleutel"),
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Willekeurig: zegt niets over de volgorde van binnenkomst."),
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("ingevulde enquête"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("Bij welke ingevulde enquête het antwoord hoort."),
    )
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("stelling"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("Op welke stelling het antwoord is."),
    )
    choice = models.PositiveSmallIntegerField(
        _("antwoord"),
        choices=Choice.choices,
        help_text=_("Helemaal oneens tot helemaal eens; 0 is weet ik niet (telt niet mee)."),
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="surveys_answer_unique_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(choice__gte=0, choice__lte=4),
                name="surveys_answer_choice_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)


# The four points that count, in order (weet ik niet is not counted).
SCALE = (
    Answer.Choice.STRONGLY_DISAGREE,
    Answer.Choice.DISAGREE,
    Answer.Choice.AGREE,
    Answer.Choice.STRONGLY_AGREE,
)
