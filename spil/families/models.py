"""The family file. This issue holds what the meldpunt needs; the family-file issue
grows it (relations, network, the full team around the family, consent kinds)."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.core import access
from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory
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
    FOSTER_PARENT = "pleegouder", _("Pleegouder")
    CHILD = "kind", _("Kind")
    FOSTER_CHILD = "pleegkind", _("Pleegkind")
    GRANDPARENT = "grootouder", _("Grootouder")
    AUNT_UNCLE = "oom_tante", _("Oom of tante")
    OTHER = "anders", _("Anders")


class Gender(models.TextChoices):
    MALE = "man", _("Man")
    FEMALE = "vrouw", _("Vrouw")
    OTHER = "anders", _("Anders")
    UNKNOWN = "onbekend", _("Onbekend")


class PortalLanguage(models.TextChoices):
    """Which version of the family portal a member is offered (the portal's languages)."""

    PLAIN_DUTCH = "nl", _("Eenvoudig Nederlands")
    ENGLISH = "en", _("Engels")


class Family(BaseModel):
    retention_category = RetentionCategory.DOSSIER

    name = models.CharField(
        _("gezinsnaam"), max_length=120, help_text=_("De achternaam waaronder het gezin bekend is.")
    )
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, help_text=_("Als 1234AB."), db_index=True
    )
    house_number = models.CharField(
        _("huisnummer"), max_length=12, blank=True, help_text=_("Met toevoeging, bijv. 12a.")
    )
    # Issue 20 point 7 (seed 003): a practical warning for whoever visits, not a judgement
    # of the family; seen by everyone with access to the family.
    safety_note = models.TextField(
        _("veiligheidsnotitie voor hulpverleners"),
        blank=True,
        help_text=_(
            "Een praktische waarschuwing voor wie op bezoek gaat (bijv. 'kom met z'n tweeën', "
            "'hond los in de tuin'); geen oordeel over het gezin."
        ),
    )
    safety_note_on = models.DateField(
        _("notitie van"), null=True, blank=True, help_text=_("Wanneer de notitie is geschreven.")
    )
    safety_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("notitie door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de notitie schreef."),
    )

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(_("Gezin %(name)s") % {"name": self.name})


class Member(BaseModel):
    """Everyone in the family, in or out of the household."""

    retention_category = RetentionCategory.DOSSIER

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
    gender = models.CharField(
        _("geslacht"),
        max_length=10,
        choices=Gender.choices,
        default=Gender.UNKNOWN,
        help_text=_("Voor het genogram."),
    )
    is_deceased = models.BooleanField(
        _("overleden"), default=False, help_text=_("Overleden familieleden horen in het genogram.")
    )
    has_parental_authority = models.BooleanField(
        _("ouderlijk gezag"),
        default=False,
        help_text=_("Heeft gezag over de kinderen; alleen dan kan deze ouder toestemming geven."),
    )
    # Issue 20 point 7 (seed 002: families coached "zonder tolk").
    languages = models.CharField(
        _("talen"),
        max_length=200,
        blank=True,
        help_text=_(
            "De talen die dit gezinslid spreekt, de eerste het best. Bijv. Arabisch, Engels."
        ),
    )
    interpreter_needed = models.BooleanField(
        _("tolk nodig"), default=False, help_text=_("Bij gesprekken is een tolk nodig.")
    )
    literacy_support = models.BooleanField(
        _("hulp bij lezen en schrijven"),
        default=False,
        help_text=_("Brieven, formulieren en het plan samen lezen of voorlezen."),
    )
    portal_language = models.CharField(
        _("taal in het portaal"),
        max_length=2,
        choices=PortalLanguage.choices,
        default=PortalLanguage.PLAIN_DUTCH,
        help_text=_("Het portaal biedt deze versie aan."),
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


class Relation(BaseModel):
    """A tie between two members: parentage, partners, siblings, and its quality."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        PARENT_OF = "ouder_van", _("is ouder van")
        PARTNER = "partner", _("partner")
        EX_PARTNER = "ex_partner", _("ex-partner")
        SIBLING = "broer_zus", _("broer of zus")

    class Parentage(models.TextChoices):
        BIOLOGICAL = "biologisch", _("biologisch")
        STEP = "stief", _("stief")
        FOSTER = "pleeg", _("pleeg")
        ADOPTIVE = "adoptie", _("adoptie")

    class Quality(models.TextChoices):
        CLOSE = "hecht", _("hecht")
        NORMAL = "normaal", _("normaal")
        CONFLICT = "conflict", _("conflict")
        CUT_OFF = "verbroken", _("contact verbroken")

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="relations",
        help_text=_("Het gezin."),
    )
    from_member = models.ForeignKey(
        Member,
        verbose_name=_("van"),
        on_delete=models.CASCADE,
        related_name="relations_from",
        help_text=_("Bij 'is ouder van': de ouder."),
    )
    to_member = models.ForeignKey(
        Member,
        verbose_name=_("naar"),
        on_delete=models.CASCADE,
        related_name="relations_to",
        help_text=_("Bij 'is ouder van': het kind."),
    )
    kind = models.CharField(
        _("soort relatie"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Ouder van, partner, ex-partner of broer/zus."),
    )
    parentage = models.CharField(
        _("soort ouderschap"),
        max_length=20,
        choices=Parentage.choices,
        blank=True,
        help_text=_("Alleen bij 'is ouder van'."),
    )
    quality = models.CharField(
        _("kwaliteit"),
        max_length=20,
        choices=Quality.choices,
        default=Quality.NORMAL,
        help_text=_("Hoe de relatie nu is."),
    )

    class Meta:
        verbose_name = _("relatie")
        verbose_name_plural = _("relaties")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_member=models.F("to_member")), name="relation_not_self"
            ),
            models.UniqueConstraint(
                fields=["from_member", "to_member", "kind"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="ouder_van", parentage__gt="")
                | (~models.Q(kind="ouder_van") & models.Q(parentage="")),
                name="relation_parentage_only_for_parents",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_member} — {self.get_kind_display()} — {self.to_member}"


class NetworkContact(BaseModel):
    """An informal contact of the family (ecogram): who supports, who pulls down."""

    retention_category = RetentionCategory.DOSSIER

    class Sector(models.TextChoices):
        FAMILY = "familie", _("Familie")
        FRIENDS = "vrienden_buren", _("Vrienden en buren")
        SCHOOL_WORK = "school_werk", _("School en werk")
        PROFESSIONALS = "professionals", _("Professionals")

    class Influence(models.TextChoices):
        GOOD = "goed", _("Goede invloed")
        MIXED = "wisselend", _("Wisselend")
        BAD = "slecht", _("Slechte invloed")

    class Tie(models.TextChoices):
        STRONG = "sterk", _("Sterk")
        NORMAL = "normaal", _("Normaal")
        WEAK = "zwak", _("Zwak")
        STRESSFUL = "belastend", _("Belastend")

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="network",
        help_text=_("Het gezin."),
    )
    name = models.CharField(_("naam"), max_length=150, help_text=_("Zoals het gezin iemand noemt."))
    relation = models.CharField(
        _("relatie"), max_length=100, help_text=_("Bijv. buurvrouw, oma, trainer.")
    )
    sector = models.CharField(
        _("kring"),
        max_length=20,
        choices=Sector.choices,
        help_text=_("In welke kring van het ecogram deze persoon staat."),
    )
    practical_support = models.BooleanField(
        _("praktische steun"), default=False, help_text=_("Oppassen, vervoer, klussen.")
    )
    financial_support = models.BooleanField(
        _("financiële steun"), default=False, help_text=_("Geld lenen, boodschappen.")
    )
    emotional_support = models.BooleanField(
        _("emotionele steun"), default=False, help_text=_("Een luisterend oor.")
    )
    influence = models.CharField(
        _("invloed"),
        max_length=20,
        choices=Influence.choices,
        default=Influence.GOOD,
        help_text=_("Helpt deze persoon het gezin vooruit?"),
    )
    aware_of_problems = models.BooleanField(
        _("weet van de problemen"), default=False, help_text=_("Is deze persoon op de hoogte?")
    )
    tie = models.CharField(
        _("band"),
        max_length=20,
        choices=Tie.choices,
        default=Tie.NORMAL,
        help_text=_("Hoe sterk of belastend de band is."),
    )

    class Meta:
        verbose_name = _("netwerkcontact")
        verbose_name_plural = _("netwerk")
        ordering = ["sector", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


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

    retention_category = RetentionCategory.DOSSIER

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
    powers = models.CharField(
        _("bevoegdheden"),
        max_length=250,
        blank=True,
        help_text=_("Wat deze hulpverlener mag beslissen, bijv. een aanwijzing geven."),
    )
    is_coordinator = models.BooleanField(
        _("regiehouder"),
        default=False,
        help_text=_("De ene verantwoordelijke coördinator van de hulp rond het gezin."),
    )
    since = models.DateField(_("sinds"), null=True, blank=True, help_text=_("Betrokken sinds."))
    until = models.DateField(_("tot"), null=True, blank=True, help_text=_("Leeg zolang betrokken."))
    succeeded = models.OneToOneField(
        "self",
        verbose_name=_("opvolger van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        help_text=_("Bij een wisseling van hulpverlener: wie deze persoon opvolgde."),
    )

    class Meta:
        verbose_name = _("betrokken hulpverlener")
        verbose_name_plural = _("betrokken hulpverlening")
        ordering = ["-is_coordinator", "role"]
        constraints = [
            # Exactly one responsible coordinator at a time (seed 004: one plan, one coordinator).
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(is_coordinator=True, until__isnull=True),
                name="involvement_one_coordinator",
            )
        ]

    def __str__(self) -> str:
        who = self.worker.full_name if self.worker else self.worker_name
        return self.label(self.role, who, self.organisation_name)

    @staticmethod
    def label(role: str, who: str, organisation_name: str) -> str:
        """What `str()` says of an involvement, from its values alone (for a list that reads
        only those)."""
        return f"{dict(InvolvementRole.choices).get(role, role)}: {who or organisation_name}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, on: date) -> "ConsentQuerySet":
        """Consents that hold on `on`: given by then, not withdrawn, not expired. The same
        rule as `Consent.is_valid_on`, in the database."""
        return self.filter(given_on__lte=on).filter(
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )


class Consent(BaseModel):
    """Consent, its kinds kept apart (the family-file issue adds named parts and sharing)."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        HELP = "hulp", _("Instemming met de hulp")
        GATHER_INFORMATION = "informatie_opvragen", _("Informatie opvragen bij hulpverleners")
        SHARE = "delen", _("Informatie delen met een organisatie")

    class How(models.TextChoices):
        """How the consent was given (issue 20 point 8). Consents recorded before this was
        asked say "onbekend"."""

        UNKNOWN = "onbekend", _("Niet vastgelegd")
        MEETING = "overleg", _("In een gesprek of overleg")
        SIGNED_FORM = "formulier", _("Op een getekend formulier")
        PORTAL = "portaal", _("In het gezinsportaal")

    class Part(models.TextChoices):
        """The parts of the file a sharing consent may open to an organisation."""

        PLAN = "plan", _("het gezinsplan")
        CONTACTS = "contacten", _("contacten en afspraken")
        ASSESSMENTS = "metingen", _("metingen van de leefgebieden")
        SAFETY = "veiligheid", _("veiligheid")

    objects = ConsentQuerySet.as_manager()

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
        null=True,
        blank=True,
        related_name="consents_given",
        help_text=_(
            "Het gezinslid dat toestemming gaf (ouder met gezag); leeg bij een wettelijk "
            "vertegenwoordiger."
        ),
    )
    representative = models.CharField(
        _("wettelijk vertegenwoordiger"),
        max_length=200,
        blank=True,
        help_text=_(
            "Als geen gezinslid maar een wettelijk vertegenwoordiger toestemming gaf: wie "
            "(bijv. de voogd van de gecertificeerde instelling)."
        ),
    )
    given_how = models.CharField(
        _("hoe gegeven"),
        max_length=20,
        choices=How.choices,
        default=How.UNKNOWN,
        help_text=_("In een gesprek of overleg, op een getekend formulier of in het portaal."),
    )
    form_reference = models.CharField(
        _("formulier"),
        max_length=200,
        blank=True,
        help_text=_(
            "Bij een getekend formulier: waar het ligt (kenmerk of plaats in het archief)."
        ),
    )
    parties = models.TextField(
        _("bij wie"),
        blank=True,
        help_text=_("De hulpverleners of organisaties die het betreft, één per regel."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("Bij delen: de organisatie die de informatie krijgt."),
    )
    parts = models.JSONField(
        _("onderdelen"),
        default=list,
        blank=True,
        help_text=_("Bij delen: welke onderdelen van het dossier."),
    )
    concerns_member = models.ForeignKey(
        Member,
        verbose_name=_("over wie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents_about",
        help_text=_(
            "Leeg: het hele gezin. Een kind vanaf 12 jaar beslist mee over eigen gegevens."
        ),
    )
    purpose = models.CharField(
        _("doel"),
        max_length=250,
        blank=True,
        help_text=_("Waarvoor de informatie gebruikt wordt; verplicht bij delen."),
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
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="delen")
                | (models.Q(organisation__isnull=False) & ~models.Q(purpose="")),
                name="consent_sharing_names_organisation_and_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(given_by__isnull=False) | ~models.Q(representative=""),
                name="consent_names_who_gave_it",
            ),
            models.CheckConstraint(
                condition=~models.Q(given_how="formulier") | ~models.Q(form_reference=""),
                name="consent_signed_form_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({date_format(self.given_on, 'SHORT_DATE_FORMAT')})"

    @property
    def giver(self) -> str:
        """Who gave the consent: the member, or the legal representative."""
        if self.given_by_id:
            return str(self.given_by)
        return str(_("%(who)s (wettelijk vertegenwoordiger)") % {"who": self.representative})

    @property
    def parts_display(self) -> str:
        return ", ".join(str(Consent.Part(p).label) for p in self.parts if p in Consent.Part.values)

    def is_valid_on(self, on: date) -> bool:
        if self.given_on > on:
            return False
        if self.withdrawn_on and self.withdrawn_on <= on:
            return False
        return not (self.valid_until and self.valid_until < on)


class EmergencyAccess(BaseModel):
    """Break-the-glass (noodtoegang, issue 18): a teamleider or the meldpunt opened a
    family they have no access to, in an emergency, with a reason. The access policy
    (`core.access`) opens the whole file to the opener for `SPIL_EMERGENCY_ACCESS_HOURS`
    after `opened_at`; the audit trail marks it (`family.emergency_opened`, reason code
    only); the coach is told, and the opener's beheerder sees a weekly list.
    The free text stays here, never in the audit trail."""

    retention_category = RetentionCategory.DOSSIER

    class Reason(models.TextChoices):
        CHILD_UNSAFE = "acuut_onveilig", _("Acute onveiligheid van een kind of gezinslid")
        CRISIS = "crisis", _("Crisis in het gezin, coach niet bereikbaar")
        COACH_ABSENT = "coach_afwezig", _("Coach onverwacht afwezig, er moet nu iets gebeuren")
        AUTHORITY = (
            "vraag_instantie",
            _("Dringende vraag van Veilig Thuis, politie of de Raad voor de Kinderbescherming"),
        )
        OTHER = "anders", _("Anders (licht toe)")

    family = models.ForeignKey(
        Family,
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="emergency_accesses",
        help_text=_("Het gezin dat met noodtoegang is geopend."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geopend door"),
        on_delete=models.PROTECT,
        related_name="emergency_accesses",
        help_text=_("De teamleider of meldpunt-medewerker die het dossier opende."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emergency_accesses",
        help_text=_("Waar de opener werkt als teamleider of meldpunt-coördinator."),
    )
    reason = models.CharField(
        _("reden"), max_length=30, choices=Reason.choices, help_text=_("Waarom het nodig was.")
    )
    explanation = models.CharField(
        _("toelichting"),
        max_length=200,
        help_text=_("Kort, zonder namen: wat er aan de hand is."),
    )
    opened_at = models.DateTimeField(
        _("geopend op"), help_text=_("Vanaf dit moment loopt de noodtoegang.")
    )

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["user", "opened_at"], name="emergency_user_opened")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({date_format(self.opened_at, 'SHORT_DATE_FORMAT')})"

    @property
    def expires_at(self) -> Any:
        return self.opened_at + timedelta(hours=access.emergency_hours())

    def is_open(self, now: Any = None) -> bool:
        return (now or timezone.now()) < self.expires_at
