"""Communication rules (who is told per event), the inbox, and the coach's mark of a
significant change in the situation. The registry of events lives in `rules.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

from . import rules

EVENT_CHOICES = [(spec.event.value, spec.label) for spec in rules.RULES.values()]


class CommunicationRule(BaseModel):
    """Who is told when an event happens. One row per event of the registry in code; the
    beheerder changes the audiences, nobody adds or removes events."""

    retention_category = RetentionCategory.ANONIEM

    event = models.CharField(
        _("gebeurtenis"),
        max_length=40,
        choices=EVENT_CHOICES,
        unique=True,
        help_text=_("Het kritieke moment; de lijst staat vast in Spil."),
    )
    to_coach = models.BooleanField(
        _("coach"), default=False, help_text=_("De coach van het lopende traject.")
    )
    to_backup = models.BooleanField(
        _("back-up coach"), default=False, help_text=_("De back-up coach van het lopende traject.")
    )
    to_team_lead = models.BooleanField(
        _("teamleider"), default=False, help_text=_("De teamleider van het team van de coach.")
    )
    to_team = models.BooleanField(
        _("team rond het gezin"),
        default=False,
        help_text=_(
            "Betrokken hulpverleners van wie de organisatie nu toestemming heeft om mee te lezen."
        ),
    )
    to_concerned = models.BooleanField(
        _("betrokkene"),
        default=False,
        help_text=_(
            "De persoon om wie het gaat, bijv. de hulpverlener van de afspraak. Alleen bij "
            "gebeurtenissen die zo iemand hebben."
        ),
    )
    by_email = models.BooleanField(
        _("ook per e-mail"),
        default=True,
        help_text=_("Naast het bericht in Spil een e-mail zonder gegevens van het gezin."),
    )
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten: dan wordt niemand meer bericht.")
    )

    class Meta:
        verbose_name = _("communicatieregel")
        verbose_name_plural = _("communicatieregels")
        ordering = ["event"]

    def __str__(self) -> str:
        return str(self.spec.label)

    @property
    def spec(self) -> rules.RuleSpec:
        return rules.spec_for(self.event)

    def clean(self) -> None:
        known = self.event in {e.value for e in rules.Event}
        if self.to_concerned and known and not self.spec.has_concerned:
            raise ValidationError(
                {"to_concerned": _("Bij deze gebeurtenis is er geen betrokkene om te berichten.")}
            )

    def audiences(self) -> frozenset[rules.Audience]:
        return frozenset(
            audience for audience, field in rules.AUDIENCE_FIELDS.items() if getattr(self, field)
        )

    def as_setting(self) -> rules.Setting:
        return rules.Setting(
            event=rules.Event(self.event),
            audiences=self.audiences(),
            by_email=self.by_email,
            is_active=self.is_active,
        )


class Notification(BaseModel):
    """One notice in one person's inbox. The key makes a notice unique per recipient, so
    the same notice is never stored, nor e-mailed, twice."""

    retention_category = RetentionCategory.DOSSIER

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text=_("Wie het bericht krijgt."),
    )
    event = models.CharField(
        _("gebeurtenis"),
        max_length=40,
        choices=EVENT_CHOICES,
        help_text=_("Over welk kritiek moment het bericht gaat."),
    )
    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("Het gezin waar het over gaat; openen gaat via de toegangsregels."),
    )
    title = models.CharField(
        _("titel"), max_length=150, help_text=_("Kort: wat er gebeurde. Zonder namen.")
    )
    body = models.CharField(
        _("bericht"), max_length=500, help_text=_("Een of twee zinnen. Zonder namen.")
    )
    key = models.CharField(
        _("sleutel"),
        max_length=200,
        help_text=_("Maakt het bericht uniek per ontvanger: nooit twee keer hetzelfde bericht."),
    )
    send_email = models.BooleanField(
        _("per e-mail"), default=True, help_text=_("Of er ook een e-mail over gaat.")
    )
    read_at = models.DateTimeField(
        _("gelezen op"), null=True, blank=True, help_text=_("Leeg zolang ongelezen.")
    )
    emailed_at = models.DateTimeField(
        _("gemaild op"), null=True, blank=True, help_text=_("Leeg zolang er geen e-mail uit is.")
    )
    email_claimed_at = models.DateTimeField(
        _("e-mail bezig sinds"),
        null=True,
        blank=True,
        help_text=_(
            "Wanneer een achtergrondtaak de e-mail ging versturen. Na enkele minuten zonder "
            "verzending probeert een volgende taak het opnieuw."
        ),
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def label(self) -> str:
        return str(rules.spec_for(self.event).label)

    def family_url(self) -> str:
        return (
            reverse("families:overview", kwargs={"uuid": self.family.uuid}) if self.family else ""
        )


class SituationChange(BaseModel):
    """The coach marks a significant change in the family's situation (seed 004: "een
    verandering in een situatie" is a critical point). A category only, no free text: the
    notice goes to the team within consent."""

    retention_category = RetentionCategory.DOSSIER

    class Category(models.TextChoices):
        COMPOSITION = "gezinssamenstelling", _("gezinssamenstelling (iemand komt of gaat)")
        HOUSING = "wonen", _("wonen")
        HEALTH = "gezondheid", _("gezondheid")
        MONEY = "financien", _("geld en schulden")
        WORK_SCHOOL = "werk_school", _("werk of school")
        JUSTICE = "justitie", _("politie of justitie")
        SAFETY = "veiligheid", _("veiligheid")
        OTHER = "anders", _("iets anders")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="situation_changes",
        help_text=_("Het gezin."),
    )
    category = models.CharField(
        _("soort verandering"),
        max_length=30,
        choices=Category.choices,
        help_text=_("Kort: op welk gebied de situatie veranderde."),
    )
    noticed_on = models.DateField(_("datum"), help_text=_("Wanneer de verandering er was."))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coach die de verandering meldde."),
    )

    class Meta:
        verbose_name = _("verandering in de situatie")
        verbose_name_plural = _("veranderingen in de situatie")
        ordering = ["-noticed_on", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.get_category_display()} ({date_format(self.noticed_on, 'SHORT_DATE_FORMAT')})"
        )
