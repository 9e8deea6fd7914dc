"""Daily work with a family. This part holds contacts (issue 8, point 1); appointments,
promises, the crisis log and meetings follow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel


class Contact(BaseModel):
    """A home visit, call, message or meeting with the family or a helper.

    The summary may be read by the team as far as consent allows (part "contacten"); the
    working note never leaves the author's organisation.
    """

    class Kind(models.TextChoices):
        HOME_VISIT = "huisbezoek", _("Huisbezoek")
        PHONE = "telefoon", _("Telefoon")
        MESSAGE = "bericht", _("Bericht")
        OFFICE = "kantoor", _("Gesprek op kantoor")
        OUTREACH = "outreachend", _("Outreachend (op straat, school, …)")
        HELPER = "hulpverlener", _("Contact met een hulpverlener")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="contacts",
        help_text=_("Het gezin."),
    )
    occurred_at = models.DateTimeField(
        _("wanneer"), help_text=_("Datum en tijd van het contact."), db_index=True
    )
    kind = models.CharField(
        _("soort contact"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.HOME_VISIT,
        help_text=_("Huisbezoek, telefoon, bericht, kantoor, outreachend of met een hulpverlener."),
    )
    members = models.ManyToManyField(
        "families.Member",
        verbose_name=_("met gezinsleden"),
        blank=True,
        related_name="contacts",
        help_text=_("Met wie van het gezin."),
    )
    involvements = models.ManyToManyField(
        "families.Involvement",
        verbose_name=_("met hulpverleners"),
        blank=True,
        related_name="contacts",
        help_text=_("Met wie van de betrokken hulpverlening."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), null=True, blank=True, help_text=_("Hoe lang het duurde.")
    )
    summary = models.TextField(
        _("samenvatting"),
        blank=True,
        help_text=_("Wat het team mag lezen, voor zover het gezin toestemming gaf."),
    )
    working_note = models.TextField(
        _("werkaantekening"),
        blank=True,
        help_text=_("Alleen voor uw eigen organisatie; gaat nooit naar anderen."),
    )
    is_crisis = models.BooleanField(
        _("crisis"), default=False, help_text=_("Was dit contact een crisis?")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het contact vastlegde."),
    )
    author_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie van wie het vastlegde; de werkaantekening blijft daar."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["family", "occurred_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=True)
                | models.Q(duration_minutes__lte=24 * 60),
                name="contact_duration_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d-%m-%Y %H:%M}"
