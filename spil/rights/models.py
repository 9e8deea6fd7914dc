"""The person's rights (AVG art. 15–18, 21) and the destruction of files (Jeugdwet 7.3.8).

A `RightsRequest` is what a family member asked: a full overview (inzage), correction,
erasure, restriction or objection. It is answered within a month (AVG art. 12(3)):
granted, or refused with a reason that is sent to the person. A `DestructionLog` line
says what `apply_retention` destroyed: a category, a count, the rule, when and by whom —
never a name.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

ANSWER_DAYS = 30  # AVG art. 12(3): answer within one month


class RightsRequest(BaseModel):
    """One request of a family member about their own data: recorded by the coach, or
    asked by the member in the portal (`recorded_by` is then their family account)."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        ACCESS = "inzage", _("Inzage: volledig overzicht (art. 15)")
        CORRECTION = "correctie", _("Correctie (art. 16)")
        ERASURE = "wissing", _("Vernietiging (art. 17)")
        RESTRICTION = "beperking", _("Beperking (art. 18)")
        OBJECTION = "bezwaar", _("Bezwaar (art. 21)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        GRANTED = "toegekend", _("Toegekend")
        REFUSED = "afgewezen", _("Afgewezen, met reden")

    class Notified(models.TextChoices):
        NOT_YET = "", _("Nog niet")
        EMAIL = "email", _("Per e-mail")
        RECORDED = "vastgelegd", _("Vastgelegd; geen e-mailadres, zelf doorgeven")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="rights_requests",
        help_text=_("Het gezin."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.CASCADE,
        related_name="rights_requests",
        help_text=_("Wie het vroeg, over de eigen gegevens."),
    )
    kind = models.CharField(
        _("soort verzoek"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Inzage, correctie, vernietiging, beperking of bezwaar."),
    )
    request = models.TextField(
        _("wat er gevraagd is"),
        max_length=2000,
        help_text=_("In de woorden van het gezinslid: wat, en waarom."),
    )
    received_on = models.DateField(_("ontvangen op"), help_text=_("De dag van het verzoek."))
    due_on = models.DateField(_("antwoord uiterlijk"), help_text=_("Binnen een maand."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
        help_text=_("Open, toegekend of afgewezen."),
    )
    answer = models.TextField(
        _("antwoord"),
        max_length=2000,
        blank=True,
        help_text=_("Wat er gedaan is, of waarom niet (dit gaat naar het gezinslid)."),
    )
    # A granted correction of the member's own record: which field, the old and the new
    # value. The old value stays here, in the file's history, as art. 16 asks.
    corrected_field = models.CharField(
        _("verbeterd gegeven"),
        max_length=40,
        blank=True,
        help_text=_("Bij een toegekende correctie van het gezinslid zelf: welk gegeven."),
    )
    old_value = models.CharField(
        _("oude waarde"), max_length=200, blank=True, help_text=_("Wat er stond.")
    )
    new_value = models.CharField(
        _("nieuwe waarde"), max_length=200, blank=True, help_text=_("Wat er nu staat.")
    )
    decided_on = models.DateField(
        _("besloten op"), null=True, blank=True, help_text=_("Wanneer het besluit viel.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie besloot."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het verzoek vastlegde."),
    )
    notified = models.CharField(
        _("bericht aan het gezinslid"),
        max_length=20,
        choices=Notified.choices,
        default=Notified.NOT_YET,
        blank=True,
        help_text=_("Hoe het besluit het gezinslid bereikte."),
    )

    class Meta:
        verbose_name = _("verzoek over eigen gegevens")
        verbose_name_plural = _("verzoeken over eigen gegevens")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(decided_on__isnull=True))
                | (~Q(status="open") & Q(decided_on__isnull=False)),
                name="rights_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(answer=""),
                name="rights_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("received_on")), name="rights_due_after"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class DestructionLog(BaseModel):
    """One line per category and rule of a run of `apply_retention`: no names, no ids of
    what went — only how many, under which rule, when and by whom."""

    # Evidence of what was destroyed, kept like the audit trail it complements.
    retention_category = RetentionCategory.AUDIT

    category = models.CharField(
        _("categorie"),
        max_length=20,
        choices=RetentionCategory.choices,
        help_text=_("De bewaarcategorie van wat vernietigd is."),
    )
    count = models.PositiveIntegerField(
        _("aantal"), help_text=_("Hoeveel gezinsdossiers of meldingen er vernietigd zijn.")
    )
    rule = models.CharField(
        _("regel"), max_length=200, help_text=_("De bewaartermijn die is toegepast.")
    )
    run_at = models.DateTimeField(_("uitgevoerd op"), help_text=_("Wanneer."))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie het startte; leeg bij de geplande taak."),
    )
    run_as = models.CharField(
        _("gestart als"),
        max_length=20,
        help_text=_("'commando' (met de hand) of 'taak' (gepland)."),
    )

    class Meta:
        verbose_name = _("vernietiging")
        verbose_name_plural = _("vernietigingen")
        ordering = ["-run_at", "id"]

    def __str__(self) -> str:
        return f"{self.category} × {self.count}"
