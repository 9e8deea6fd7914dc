"""The family's own portal (issue 14): who of the family logs in, how they were invited,
the family's messages with its coach and its requests for correction. What the family
does to the plan, appointments and consents is written in those apps' own models."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

INVITATION_VALID_DAYS = 7
CORRECTION_DAYS = 30  # AVG art. 12(3): answer within one month


def token_hash(token: str) -> str:
    """Only the hash of an invitation token is stored: a leaked database opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class FamilyAccount(BaseModel):
    """The link between a login and the family member it stands for."""

    retention_category = RetentionCategory.DOSSIER

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="family_account",
        help_text=_("Het inlogaccount van het gezinslid."),
    )
    member = models.OneToOneField(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.CASCADE,
        related_name="portal_account",
        help_text=_("Voor wie dit account is."),
    )
    reminders_by_email = models.BooleanField(
        _("herinnering per e-mail"),
        default=True,
        help_text=_("Een dag voor een afspraak een e-mail, zonder details in het onderwerp."),
    )

    class Meta:
        verbose_name = _("gezinsaccount")
        verbose_name_plural = _("gezinsaccounts")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return str(self.member)


class Invitation(BaseModel):
    """A single-use link, valid seven days, with which a member sets their password."""

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        USED = "gebruikt", _("Gebruikt")
        EXPIRED = "verlopen", _("Verlopen")
        REVOKED = "ingetrokken", _("Ingetrokken")

    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.CASCADE,
        related_name="portal_invitations",
        help_text=_("Wie wordt uitgenodigd."),
    )
    email = models.EmailField(
        _("e-mailadres"),
        help_text=_("Hierheen gaat de uitnodiging; hiermee logt het gezinslid in."),
    )
    token_hash = models.CharField(
        _("sleutel (hash)"), max_length=64, unique=True, help_text=_("Alleen de hash.")
    )
    mail_token_hash = models.CharField(
        _("sleutel in de e-mail (hash)"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Alleen de hash. De link in de e-mail wordt gemaakt bij het versturen; hij werkt "
            "net als de link die de coach ziet, en één van beide werkt één keer."
        ),
    )
    expires_at = models.DateTimeField(_("geldig tot"), help_text=_("Zeven dagen na het maken."))
    used_at = models.DateTimeField(
        _("gebruikt op"), null=True, blank=True, help_text=_("Wanneer het wachtwoord is gezet.")
    )
    revoked_at = models.DateTimeField(
        _("ingetrokken op"), null=True, blank=True, help_text=_("Wanneer de coach hem introk.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coach die uitnodigde."),
    )

    class Meta:
        verbose_name = _("uitnodiging voor het portaal")
        verbose_name_plural = _("uitnodigingen voor het portaal")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_used_or_revoked_not_both",
            )
        ]

    def __str__(self) -> str:
        return str(self.member)

    @staticmethod
    def default_expiry() -> datetime:
        return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)

    @property
    def status(self) -> str:
        if self.used_at is not None:
            return self.Status.USED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class Message(BaseModel):
    """One message in the family's thread with its coach (not a chat)."""

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="portal_messages",
        help_text=_("Het gezin."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("van"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het schreef."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het gezinslid dat het schreef; leeg als de coach schreef."),
    )
    # A young person's messages are theirs and the coach's: a parent does not read them,
    # and a young person does not read the parents' thread (the policy's rule for a
    # young person: what is about the family as a whole or about them).
    young_person = models.ForeignKey(
        "families.Member",
        verbose_name=_("gesprek met jongere"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het gesprek van de coach met deze jongere; leeg: met de ouders."),
    )
    body = models.TextField(_("bericht"), max_length=2000, help_text=_("Het bericht."))
    read_at = models.DateTimeField(
        _("gelezen op"), null=True, blank=True, help_text=_("Wanneer de ander het las.")
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["family", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=True)
                | Q(member__isnull=True)
                | Q(member=models.F("young_person")),
                name="message_young_thread_is_theirs",
            )
        ]

    def __str__(self) -> str:
        return str(_("Bericht"))

    @property
    def from_family(self) -> bool:
        return self.member_id is not None


class CorrectionRequest(BaseModel):
    """A request to correct a fact in the file (AVG art. 16), answered within a month."""

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CORRECTED = "aangepast", _("Aangepast")
        DECLINED = "niet_aangepast", _("Niet aangepast, met uitleg")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
        help_text=_("Het gezin."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Het gezinslid dat de vraag stelde."),
    )
    about = models.CharField(
        _("waarover"), max_length=200, help_text=_("Waar staat het? Bijv. 'ons plan, doel 2'.")
    )
    request = models.TextField(
        _("wat klopt niet"),
        max_length=2000,
        help_text=_("Wat klopt er niet, en wat moet het zijn?"),
    )
    requested_on = models.DateField(_("gevraagd op"), help_text=_("De dag van de vraag."))
    due_on = models.DateField(_("antwoord uiterlijk"), help_text=_("Binnen een maand."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
        help_text=_("Open, aangepast of niet aangepast."),
    )
    answer = models.TextField(
        _("antwoord"), max_length=2000, blank=True, help_text=_("Wat de coach deed of waarom niet.")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de vraag afhandelde."),
    )
    handled_on = models.DateField(
        _("afgehandeld op"), null=True, blank=True, help_text=_("Wanneer.")
    )

    class Meta:
        verbose_name = _("verzoek om correctie")
        verbose_name_plural = _("verzoeken om correctie")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(handled_on__isnull=True))
                | (~Q(status="open") & Q(handled_on__isnull=False) & ~Q(answer="")),
                name="correction_handled_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("requested_on")), name="correction_due_after"
            ),
        ]

    def __str__(self) -> str:
        return self.about


class ReminderSent(BaseModel):
    """An appointment reminder went to this member: never a second one."""

    retention_category = RetentionCategory.DOSSIER

    appointment = models.ForeignKey(
        "contacts.Appointment",
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("De afspraak."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Aan wie."),
    )

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "member"], name="reminder_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.appointment)
