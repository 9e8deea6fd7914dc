"""The meldpunt: melden → wegen → beoordelen → besluiten → koppelen (seed 001, H4)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import Organisation
from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory
from spil.core.validators import validate_bsn
from spil.families.models import FamilyRole, InvolvementRole, age_on
from spil.trajectories.models import LAY_COACH_KINDS, CoachKind


class Outcome(models.TextChoices):
    """How a referral ended at the meldpunt; the codes of the import and the report."""

    RETURNED_WITH_ADVICE = "returned_with_advice", _("Teruggelegd met advies (weging)")
    RETURNED_AFTER_ASSESSMENT = "returned_after_assessment", _("Teruggelegd na beoordeling")
    EXTRA_HELP = "extra_help", _("Extra of aangepaste reguliere hulp")
    CARE_COORDINATION = "care_coordination", _("Coördinatie van zorg (casemanager)")
    FAMILY_COACH = "family_coach", _("Inzet gezinscoach")
    CHILD_PROTECTION = "child_protection", _("Raad voor de Kinderbescherming")


class Referral(BaseModel):
    """A melding: a professional reports a family to the meldpunt."""

    retention_category = RetentionCategory.MELDING

    class Status(models.TextChoices):
        RECEIVED = "ontvangen", _("Ontvangen")
        IN_ASSESSMENT = "in_beoordeling", _("In beoordeling")
        RETURNED = "teruggelegd", _("Teruggelegd met advies")
        DECIDED = "besloten", _("Besloten")
        MATCHED = "gekoppeld", _("Coach gekoppeld")

    class Urgency(models.TextChoices):
        NORMAL = "normaal", _("Normaal")
        PRIORITY = "voorrang", _("Met voorrang")
        CRISIS = "crisis", _("Crisis")

    meldpunt = models.ForeignKey(
        Organisation,
        verbose_name=_("meldpunt"),
        on_delete=models.PROTECT,
        related_name="referrals",
        limit_choices_to={"kind": Organisation.Kind.MELDPUNT},
        help_text=_("Het meldpunt dat de melding behandelt."),
    )
    external_id = models.CharField(
        _("kenmerk"),
        max_length=60,
        blank=True,
        help_text=_("Kenmerk uit een eerder systeem (import)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
        help_text=_("Waar de melding nu is."),
    )
    received_on = models.DateField(_("ontvangen op"), help_text=_("Datum van de melding."))
    urgency = models.CharField(
        _("urgentie"),
        max_length=20,
        choices=Urgency.choices,
        default=Urgency.NORMAL,
        help_text=_("Hoe snel moet het meldpunt iets doen?"),
    )
    # The referrer: a Spil user, or someone outside Spil.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder (gebruiker)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
        help_text=_("De melder, als die in Spil werkt."),
    )
    referrer_name = models.CharField(
        _("naam melder"),
        max_length=150,
        blank=True,
        help_text=_("Als de melder niet in Spil werkt."),
    )
    referrer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie melder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        help_text=_("De organisatie van de melder, als die in Spil staat."),
    )
    referrer_organisation_name = models.CharField(
        _("naam organisatie melder"),
        max_length=200,
        blank=True,
        help_text=_("Als de organisatie niet in Spil staat."),
    )
    referrer_organisation_kind = models.CharField(
        _("soort organisatie melder"),
        max_length=40,
        choices=Organisation.Kind.choices,
        help_text=_("Voor de monitoring: van wat voor organisatie komen meldingen?"),
    )
    referrer_phone = models.CharField(
        _("telefoon melder"), max_length=30, blank=True, help_text=_("Om terug te bellen.")
    )
    referrer_email = models.EmailField(
        _("e-mail melder"), blank=True, help_text=_("Voor de terugkoppeling.")
    )
    # The family as the referrer knows it.
    family_name = models.CharField(
        _("gezinsnaam"), max_length=120, blank=True, help_text=_("Achternaam van het gezin.")
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, help_text=_("1234AB."))
    house_number = models.CharField(
        _("huisnummer"), max_length=12, blank=True, help_text=_("Met toevoeging.")
    )
    concerns = models.TextField(
        _("zorgen volgens de melder"),
        blank=True,
        help_text=_(
            "In de woorden van de melder. Dit is de kijk van de melder, geen vastgestelde feiten."
        ),
    )
    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        help_text=_("Het gezin in Spil, zodra het meldpunt dat heeft vastgesteld."),
    )
    outcome = models.CharField(
        _("uitkomst"),
        max_length=40,
        choices=Outcome.choices,
        blank=True,
        db_index=True,
        help_text=_("De uitkomst van weging of besluit."),
    )
    decided_on = models.DateField(
        _("besloten op"),
        null=True,
        blank=True,
        help_text=_("Datum van de uitkomst; de doorlooptijd loopt tot hier."),
    )
    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
        help_text=_("Het traject dat uit deze melding volgde."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de melding in Spil zette."),
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meldpunt", "external_id"],
                condition=~models.Q(external_id=""),
                name="referral_unique_external_id",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_on__isnull=True)
                | models.Q(decided_on__gte=models.F("received_on")),
                name="referral_decided_after_received",
            ),
        ]
        indexes = [
            models.Index(fields=["meldpunt", "received_on"]),
            # The worklist's order, read a page at a time (newest first): without it the
            # database joins and sorts every referral to show fifty (`make bench`).
            models.Index(fields=["received_on", "id"], name="referral_received_order"),
        ]

    def __str__(self) -> str:
        return str(
            _("Melding van %(date)s") % {"date": date_format(self.received_on, "DATE_FORMAT")}
        )

    @property
    def referrer_display(self) -> str:
        return self.referred_by.full_name if self.referred_by else self.referrer_name

    @property
    def referrer_organisation_display(self) -> str:
        if self.referrer_organisation:
            return self.referrer_organisation.name
        return self.referrer_organisation_name

    def age_in_days(self, today: date) -> int:
        end = self.decided_on or today
        return (end - self.received_on).days

    def lead_time_days(self) -> int | None:
        return (self.decided_on - self.received_on).days if self.decided_on else None


class ReferralMember(BaseModel):
    """A family member as the referrer knows them."""

    retention_category = RetentionCategory.MELDING

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="members",
        help_text=_("De melding."),
    )
    role = models.CharField(
        _("rol in het gezin"), max_length=20, choices=FamilyRole.choices, help_text=_("Bijv. kind.")
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
        help_text=_("Optioneel; helpt dubbele gezinnen te vinden."),
    )
    lives_in_household = models.BooleanField(
        _("woont thuis"), default=True, help_text=_("Woont deze persoon in het huishouden?")
    )

    class Meta:
        verbose_name = _("gezinslid in de melding")
        verbose_name_plural = _("gezinsleden in de melding")
        ordering = ["birth_date", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.surname}"

    def age_at_referral(self) -> int | None:
        return age_on(self.birth_date, self.referral.received_on)

    @property
    def is_minor(self) -> bool:
        age = self.age_at_referral()
        return age is not None and age < 18


class ReferralHelper(BaseModel):
    """A helper already involved, as named by the referrer."""

    retention_category = RetentionCategory.MELDING

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="helpers",
        help_text=_("De melding."),
    )
    role = models.CharField(
        _("rol"), max_length=30, choices=InvolvementRole.choices, help_text=_("Wat deze hulp doet.")
    )
    organisation_name = models.CharField(
        _("organisatie"), max_length=200, blank=True, help_text=_("Naam van de organisatie.")
    )
    worker_name = models.CharField(
        _("naam hulpverlener"), max_length=150, blank=True, help_text=_("Naam, als bekend.")
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hulpverlener in Spil"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Als de hulpverlener in Spil werkt."),
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Telefoon of e-mail.")
    )

    class Meta:
        verbose_name = _("betrokken hulp in de melding")
        verbose_name_plural = _("betrokken hulp in de melding")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.worker_name or self.organisation_name}"


class Answer(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    UNKNOWN = "onbekend", _("Onbekend")


class WeighingCriterion(BaseModel):
    """One admission criterion the meldpunt weighs a referral on (issue 20, point 4).

    Configuration, not code: a criterion without a meldpunt belongs to the default set
    (the four criteria of seed 001 H4, created by a data migration); a meldpunt with
    criteria of its own weighs on those instead (other regions admit on other grounds,
    seeds 000 and 002). A *required* criterion must be answered, and a "nee" on it while
    accepting needs a note (a warning with a reason, not a wall); an *advisory* one may be
    left open. Answers keep the label as it was (`WeighingAnswer`), so a later change of
    the set never changes an old weighing."""

    # Configuration of the meldpunt: no personal data.
    retention_category = RetentionCategory.ANONIEM

    class Mode(models.TextChoices):
        REQUIRED = "verplicht", _("Verplicht")
        ADVISORY = "adviserend", _("Adviserend")

    meldpunt = models.ForeignKey(
        Organisation,
        verbose_name=_("meldpunt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="weighing_criteria",
        limit_choices_to={"kind": Organisation.Kind.MELDPUNT},
        help_text=_("Leeg: de standaardset voor elk meldpunt zonder eigen criteria."),
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "Vaste korte naam, bijv. minderjarig_kind; blijft gelijk als het label wijzigt."
        ),
    )
    label = models.CharField(
        _("criterium"), max_length=200, help_text=_("Zoals de coördinator het leest.")
    )
    help_text = models.TextField(
        _("uitleg"), blank=True, help_text=_("Wat de coördinator bij dit criterium nagaat.")
    )
    mode = models.CharField(
        _("soort"),
        max_length=20,
        choices=Mode.choices,
        default=Mode.REQUIRED,
        help_text=_("Verplicht: moet beantwoord worden. Adviserend: mag open blijven."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder.")
    )
    is_active = models.BooleanField(
        _("in gebruik"), default=True, help_text=_("Uit: niet meer gevraagd bij nieuwe wegingen.")
    )

    class Meta:
        verbose_name = _("wegingscriterium")
        verbose_name_plural = _("wegingscriteria")
        ordering = ["meldpunt_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meldpunt", "code"], name="weighing_criterion_code_per_meldpunt"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(meldpunt__isnull=True),
                name="weighing_criterion_code_in_default_set",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_required(self) -> bool:
        return self.mode == self.Mode.REQUIRED


# The code of the criterion the weighing form answers from the birth dates (seed 001 H4, 1).
MINOR_CHILD_CODE = "minderjarig_kind"


class Weighing(BaseModel):
    """Weging on the meldpunt's criteria (`WeighingCriterion`; by default the four of
    seed 001 H4). The answers are `WeighingAnswer`s; the three answer columns below are
    the first half's, kept so nothing is lost, and filled for the default criteria."""

    retention_category = RetentionCategory.MELDING

    class Decision(models.TextChoices):
        ACCEPT = "accepteren", _("Accepteren voor beoordeling")
        RETURN = "terugleggen", _("Terugleggen met advies")

    class ReturnReason(models.TextChoices):
        """Why the meldpunt returns a referral at weighing (issue 20, point 3; seed 001 H4)."""

        NO_MINOR_CHILD = "geen_minderjarig_kind", _("Geen minderjarig kind")
        HELP_EFFECTIVE = "hulp_effectief", _("De bestaande hulp is effectief genoeg")
        ONE_PROVIDER = "een_aanbieder", _("De problemen vallen binnen de hulp van één aanbieder")
        OWN_REGIE = "eigen_regie", _("Het gezin kan de regie zelf voeren")
        FAMILY_REFUSES = "gezin_weigert", _("Het gezin wil niet")
        OUTSIDE_AREA = "buiten_gebied", _("Buiten het werkgebied")
        OTHER = "anders", _("Anders")

    referral = models.OneToOneField(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="weighing",
        help_text=_("De melding."),
    )
    has_minor_child = models.BooleanField(
        _("minstens één minderjarig kind"),
        help_text=_("Berekend uit de geboortedata in de melding."),
    )
    help_not_effective = models.CharField(
        _("bestaande hulp onvoldoende effectief"),
        max_length=10,
        choices=Answer.choices,
        blank=True,
        help_text=_("Is de hulp die er al is niet effectief genoeg?"),
    )
    help_not_effective_note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waarom dit antwoord?")
    )
    broader_problems = models.CharField(
        _("problemen breder dan de hulp van de melder"),
        max_length=10,
        choices=Answer.choices,
        blank=True,
        help_text=_("Gaat het om meer dan waar de melder zelf bij helpt?"),
    )
    broader_problems_note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waarom dit antwoord?")
    )
    no_own_regie = models.CharField(
        _("gezin kan de regie niet zelf voeren"),
        max_length=10,
        choices=Answer.choices,
        blank=True,
        help_text=_("Lukt het het gezin niet om zelf de hulp te regelen?"),
    )
    no_own_regie_note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waarom dit antwoord?")
    )
    decision = models.CharField(
        _("uitkomst weging"),
        max_length=20,
        choices=Decision.choices,
        help_text=_("Accepteren voor beoordeling, of terugleggen met advies."),
    )
    advice = models.TextField(
        _("advies aan de melder"),
        blank=True,
        help_text=_("Verplicht bij terugleggen: wat kan de melder nu doen?"),
    )
    return_reason = models.CharField(
        _("reden van terugleggen"),
        max_length=30,
        choices=ReturnReason.choices,
        blank=True,
        help_text=_(
            "Verplicht bij terugleggen (voor de cijfers); leeg bij wegingen van vóór de codes."
        ),
    )
    weighed_on = models.DateField(_("gewogen op"), help_text=_("Datum van de weging."))
    weighed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewogen door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coördinator die woog."),
    )

    class Meta:
        verbose_name = _("weging")
        verbose_name_plural = _("wegingen")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="terugleggen") | ~models.Q(advice=""),
                name="weighing_return_needs_advice",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_decision_display()} ({date_format(self.weighed_on, 'SHORT_DATE_FORMAT')})"
        )


class WeighingAnswer(BaseModel):
    """The answer on one criterion of one weighing, with the criterion's label and kind as
    they were when weighed: an old weighing reads the same after the set changes."""

    # Part of the weighing of a referral, kept with the referral.
    retention_category = RetentionCategory.MELDING

    weighing = models.ForeignKey(
        Weighing,
        verbose_name=_("weging"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("De weging."),
    )
    criterion = models.ForeignKey(
        WeighingCriterion,
        verbose_name=_("criterium"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        help_text=_("Het criterium; leeg als het later is verwijderd (het label blijft)."),
    )
    code = models.SlugField(_("code"), max_length=40, help_text=_("De code van het criterium."))
    label = models.CharField(
        _("criterium"), max_length=200, help_text=_("Het label zoals het was bij het wegen.")
    )
    mode = models.CharField(
        _("soort"),
        max_length=20,
        choices=WeighingCriterion.Mode.choices,
        help_text=_("Verplicht of adviserend, zoals het was bij het wegen."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0, help_text=_("Volgorde."))
    answer = models.CharField(
        _("antwoord"),
        max_length=10,
        choices=Answer.choices,
        blank=True,
        help_text=_("Ja, nee, onbekend; leeg als een adviserend criterium open bleef."),
    )
    note = models.TextField(_("toelichting"), blank=True, help_text=_("Waarom dit antwoord?"))

    class Meta:
        verbose_name = _("antwoord op een wegingscriterium")
        verbose_name_plural = _("antwoorden op wegingscriteria")
        ordering = ["weighing", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["weighing", "code"], name="weighing_answer_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_answer_display() or '—'}"


class Assessment(BaseModel):
    """Beoordeling: a conversation with the family and the helpers."""

    retention_category = RetentionCategory.MELDING

    class Kind(models.TextChoices):
        FAMILY_TALK = "gezinsgesprek", _("Gezinsgesprek")
        ROUND_TABLE = "ronde_tafel", _("Ronde-tafelgesprek")

    referral = models.OneToOneField(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="assessment",
        help_text=_("De melding."),
    )
    kind = models.CharField(
        _("soort gesprek"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Gezinsgesprek of ronde-tafelgesprek."),
    )
    held_on = models.DateField(_("datum gesprek"), help_text=_("Wanneer het gesprek is."))
    family_participants = models.ManyToManyField(
        "families.Member",
        verbose_name=_("gezinsleden aanwezig"),
        blank=True,
        related_name="+",
        help_text=_("Wie van het gezin meedoet."),
    )
    other_participants = models.TextField(
        _("hulpverleners en anderen"),
        blank=True,
        help_text=_("Naam en organisatie, één per regel."),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinator"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coördinator die het gesprek leidt."),
    )
    tie_breaker = models.CharField(
        _("wie besluit zonder consensus"),
        max_length=200,
        help_text=_("Vooraf afgesproken: wie besluit als de deelnemers het niet eens worden?"),
    )
    findings = models.TextField(
        _("wat heeft dit gezin nodig?"),
        blank=True,
        help_text=_("De bevindingen van het gesprek."),
    )

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({date_format(self.held_on, 'SHORT_DATE_FORMAT')})"


class Decision(BaseModel):
    """Besluit, coded, always with a reason."""

    retention_category = RetentionCategory.MELDING

    class ReturnReason(models.TextChoices):
        REGULAR_HELP_SUFFICES = "reguliere_hulp_volstaat", _("Reguliere hulp volstaat")
        EXTRA_HELP_ARRANGED = "extra_hulp_geregeld", _("Extra hulp is geregeld")
        NOT_MOTIVATED = "niet_gemotiveerd", _("Gezin is niet gemotiveerd")
        CHILD_PROTECTION_REQUESTED = (
            "maatregel_aangevraagd",
            _("Kinderbeschermingsmaatregel aangevraagd"),
        )

    referral = models.OneToOneField(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="decision",
        help_text=_("De melding."),
    )
    outcome = models.CharField(
        _("besluit"),
        max_length=40,
        choices=[c for c in Outcome.choices if c[0] != Outcome.RETURNED_WITH_ADVICE],
        help_text=_("Wat het meldpunt besluit."),
    )
    return_reason = models.CharField(
        _("reden van terugleggen"),
        max_length=40,
        choices=ReturnReason.choices,
        blank=True,
        help_text=_("Alleen bij terugleggen na beoordeling."),
    )
    reason = models.TextField(_("onderbouwing"), help_text=_("Waarom dit besluit?"))
    decided_on = models.DateField(_("besloten op"), help_text=_("Datum van het besluit."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coördinator die besloot."),
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="decision_needs_reason"),
            models.CheckConstraint(
                condition=~models.Q(outcome="returned_after_assessment")
                | ~models.Q(return_reason=""),
                name="decision_return_needs_reason_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({date_format(self.decided_on, 'SHORT_DATE_FORMAT')})"


class CoachProposal(BaseModel):
    """Matching: a coach proposed to the family, who may choose, agree or veto (001 H6)."""

    retention_category = RetentionCategory.MELDING

    class Category(models.TextChoices):
        ALREADY_INVOLVED = "al_betrokken", _("Professional die al bij het gezin betrokken is")
        UNKNOWN_PROFESSIONAL = (
            "onbekende_professional",
            _("Professional die het gezin nog niet kent"),
        )
        NETWORK = "netwerk", _("Iemand uit het netwerk van het gezin")

    class Response(models.TextChoices):
        PENDING = "open", _("Nog geen antwoord")
        CHOSEN = "gekozen", _("Gezin koos deze coach zelf")
        AGREED = "akkoord", _("Gezin zei ja op het voorstel")
        VETOED = "veto", _("Gezin wil deze coach niet (veto)")

    referral = models.ForeignKey(
        Referral,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        related_name="proposals",
        help_text=_("De melding."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De voorgestelde coach."),
    )
    programme = models.ForeignKey(
        "directory.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Binnen welk programma."),
    )
    category = models.CharField(
        _("soort coach"),
        max_length=30,
        choices=Category.choices,
        help_text=_("Al betrokken professional, onbekende professional of iemand uit het netwerk."),
    )
    coach_kind = models.CharField(
        _("wie is de coach"),
        max_length=20,
        choices=CoachKind.choices,
        default=CoachKind.STAFF,
        help_text=_(
            "Medewerker van de coachende organisatie, professional van een andere organisatie, "
            "netwerklid of vrijwilliger (die twee zonder account: de coördinator houdt het "
            "dossier bij)."
        ),
    )
    lay_coach_name = models.CharField(
        _("naam coach (zonder account)"),
        max_length=150,
        blank=True,
        help_text=_("Bij een netwerklid of vrijwilliger: de naam van de coach."),
    )
    lay_coach_reach = models.CharField(
        _("coach bereikbaar via"),
        max_length=200,
        blank=True,
        help_text=_("Bij een netwerklid of vrijwilliger: telefoon of e-mail."),
    )
    proposed_on = models.DateField(
        _("voorgesteld op"), help_text=_("Wanneer de coach aan het gezin is voorgesteld.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het voorstel deed."),
    )
    response = models.CharField(
        _("antwoord van het gezin"),
        max_length=10,
        choices=Response.choices,
        default=Response.PENDING,
        help_text=_("Koos het gezin zelf, zei het ja, of wil het deze coach niet?"),
    )
    responded_on = models.DateField(
        _("geantwoord op"), null=True, blank=True, help_text=_("Wanneer het gezin antwoordde.")
    )
    veto_reason = models.TextField(
        _("reden veto"), blank=True, help_text=_("Wat het gezin zegt over waarom niet.")
    )
    introduced_by = models.CharField(
        _("voorgesteld aan het gezin door"),
        max_length=150,
        blank=True,
        help_text=_("Warme overdracht: wie stelde de coach persoonlijk voor?"),
    )
    introduced_on = models.DateField(
        _("kennismaking op"), null=True, blank=True, help_text=_("Wanneer.")
    )
    introduced_in_person = models.BooleanField(
        _("persoonlijk voorgesteld"),
        default=False,
        help_text=_("Was de melder of een bekende hulpverlener er zelf bij?"),
    )

    class Meta:
        verbose_name = _("koppelvoorstel")
        verbose_name_plural = _("koppelvoorstellen")
        ordering = ["proposed_on", "id"]

    def __str__(self) -> str:
        return f"{self.coach_display} ({self.get_response_display()})"

    @property
    def coach_display(self) -> str:
        if self.coach_kind in LAY_COACH_KINDS:
            return f"{self.lay_coach_name} ({self.get_coach_kind_display().lower()})"
        return str(self.coach.full_name)
