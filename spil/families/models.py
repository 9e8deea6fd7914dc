"""The family file. This issue holds what the meldpunt needs; the family-file issue
grows it (relations, network, the full team around the family, consent kinds)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.validators import validate_bsn


def age_on(birth_date: date | None, on: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


class FamilyRole(models.TextChoices):
    """A person's place in the family, shared by referrals and the family file."""

    PARENT = "ouder", _("Ouder")
    STEP_PARENT = "stiefouder", _("Stiefouder")
    CHILD = "kind", _("Kind")
    GRANDPARENT = "grootouder", _("Grootouder")
    OTHER = "anders", _("Anders")


class Family(BaseModel):
    name = models.CharField(
        _("gezinsnaam"), max_length=120, help_text=_("De achternaam waaronder het gezin bekend is.")
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("Als 1234AB."), db_index=True
    )
    house_number = models.CharField(
        _("huisnummer"), max_length=12, blank=True, help_text=_("Met toevoeging, bijv. 12a.")
    )

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(_("Gezin %(name)s") % {"name": self.name})


class Member(BaseModel):
    """Everyone in the family, in or out of the household."""

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="members",
        help_text=_("Het gezin."),
    )
    role = models.CharField(
        _("rol in het gezin"),
        max_length=20,
        choices=FamilyRole.choices,
        help_text=_("Bijv. ouder."),
    )
    first_name = models.CharField(_("voornaam"), max_length=80, help_text=_("Roepnaam."))
    surname = models.CharField(_("achternaam"), max_length=120, help_text=_("Achternaam."))
    birth_date = models.DateField(
        _("geboortedatum"), null=True, blank=True, help_text=_("Leeg als onbekend.")
    )
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Optioneel. Wordt nooit getoond in lijsten, adressen of exports."),
    )
    lives_in_household = models.BooleanField(
        _("woont in het huishouden"), default=True, help_text=_("Woont deze persoon thuis?")
    )

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        ordering = ["birth_date", "first_name"]
        indexes = [models.Index(fields=["surname", "birth_date"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.surname}"

    def age_on(self, on: date) -> int | None:
        return age_on(self.birth_date, on)


class InvolvementRole(models.TextChoices):
    """What a helper does for the family; `gezinsvoogd` carries legal power."""

    GEZINSVOOGD = "gezinsvoogd", _("Gezinsvoogd")
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder")
    DEBT_COUNSELLING = "schuldhulp", _("Schuldhulpverlening")
    SCHOOL = "school", _("School")
    NEIGHBOURHOOD_OFFICER = "wijkagent", _("Wijkagent")
    MENTAL_HEALTH = "ggz", _("GGZ")
    HOUSING = "woningcorporatie", _("Woningcorporatie")
    YOUTH_CARE = "jeugdhulp", _("Jeugdhulp")
    SOCIAL_WORK = "maatschappelijk_werk", _("Maatschappelijk werk")
    GP = "huisarts", _("Huisarts")
    SOCIAL_SERVICES = "sociale_dienst", _("Sociale dienst")
    CASE_MANAGER = "casemanager", _("Casemanager")
    FAMILY_COACH = "gezinscoach", _("Gezinscoach")
    OTHER = "anders", _("Anders")


class Involvement(BaseModel):
    """A worker of an organisation involved with the family (the team around it)."""

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="involvements",
        help_text=_("Het gezin."),
    )
    role = models.CharField(
        _("rol"), max_length=30, choices=InvolvementRole.choices, help_text=_("Wat deze hulp doet.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        help_text=_("De organisatie, als die in Spil staat."),
    )
    organisation_name = models.CharField(
        _("naam organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Als die niet in Spil staat."),
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        help_text=_("De medewerker, als die in Spil werkt."),
    )
    worker_name = models.CharField(
        _("naam medewerker"), max_length=150, blank=True, help_text=_("Als die niet in Spil werkt.")
    )
    contact = models.CharField(
        _("contactgegevens"), max_length=200, blank=True, help_text=_("Telefoon of e-mail.")
    )
    since = models.DateField(_("sinds"), null=True, blank=True, help_text=_("Betrokken sinds."))
    until = models.DateField(_("tot"), null=True, blank=True, help_text=_("Leeg zolang betrokken."))

    class Meta:
        verbose_name = _("betrokken hulpverlener")
        verbose_name_plural = _("betrokken hulpverlening")
        ordering = ["role"]

    def __str__(self) -> str:
        who = self.worker.full_name if self.worker else self.worker_name
        return f"{self.get_role_display()}: {who or self.organisation_name}"


class Consent(BaseModel):
    """Consent, its kinds kept apart (the family-file issue adds named parts and sharing)."""

    class Kind(models.TextChoices):
        HELP = "hulp", _("Instemming met de hulp")
        GATHER_INFORMATION = "informatie_opvragen", _("Informatie opvragen bij hulpverleners")

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="consents",
        help_text=_("Het gezin."),
    )
    kind = models.CharField(
        _("soort toestemming"), max_length=30, choices=Kind.choices, help_text=_("Waarvoor.")
    )
    given_by = models.ForeignKey(
        Member,
        verbose_name=_("gegeven door"),
        on_delete=models.PROTECT,
        related_name="consents_given",
        help_text=_("Het gezinslid dat toestemming gaf (ouder met gezag)."),
    )
    parties = models.TextField(
        _("bij wie"),
        help_text=_("De hulpverleners of organisaties die het betreft, één per regel."),
    )
    purpose = models.CharField(
        _("doel"), max_length=250, help_text=_("Waarvoor de informatie gebruikt wordt.")
    )
    given_on = models.DateField(_("gegeven op"), help_text=_("Datum van de toestemming."))
    valid_until = models.DateField(
        _("geldig tot"), null=True, blank=True, help_text=_("Leeg als er geen einddatum is.")
    )
    withdrawn_on = models.DateField(
        _("ingetrokken op"), null=True, blank=True, help_text=_("Leeg zolang niet ingetrokken.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de toestemming vastlegde."),
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.given_on:%d-%m-%Y})"

    def is_valid_on(self, on: date) -> bool:
        if self.given_on > on:
            return False
        if self.withdrawn_on and self.withdrawn_on <= on:
            return False
        return not (self.valid_until and self.valid_until < on)
