"""Life domains and safety (issue 6): instruments as data, measurements over time, the
meldcode's five steps, Signs of Safety, the safety scale and escalation.

The hard rule of the meldcode is a database constraint on the decision row (which holds
the answers of the weighing it rests on) besides the service's check, see ADR 0004.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

# A measurement older than this is marked stale wherever it is shown.
STALE_AFTER_DAYS = 30


# --- Instruments (data, kept by the beheerder) ---------------------------------------


class Instrument(BaseModel):
    """A way of scoring: a set of domains on one scale (Leefgebieden, ZRM, ernsttaxatie)."""

    retention_category = RetentionCategory.ANONIEM

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Vaste korte naam, bijv. leefgebieden.")
    )
    name = models.CharField(_("naam"), max_length=120, help_text=_("Zoals coaches het noemen."))
    description = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waar het instrument voor is en wie het maakte.")
    )
    scale_min = models.PositiveSmallIntegerField(
        _("laagste score"), default=1, help_text=_("De laagste score op de schaal.")
    )
    scale_max = models.PositiveSmallIntegerField(
        _("hoogste score"), default=5, help_text=_("De hoogste score op de schaal.")
    )
    higher_is_better = models.BooleanField(
        _("hoger is beter"),
        default=True,
        help_text=_("Uit: een hogere score betekent meer zorg, zoals bij de ernsttaxatie."),
    )
    is_active = models.BooleanField(
        _("in gebruik"), default=True, help_text=_("Alleen instrumenten in gebruik zijn te kiezen.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=models.F("scale_max")), name="instrument_scale_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def in_scale(self, value: int) -> bool:
        return self.scale_min <= value <= self.scale_max


class ScaleLabel(BaseModel):
    retention_category = RetentionCategory.ANONIEM

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="scale_labels",
        help_text=_("Het instrument."),
    )
    value = models.PositiveSmallIntegerField(_("score"), help_text=_("Een score op de schaal."))
    label = models.CharField(
        _("betekenis"), max_length=120, help_text=_("Bijv. 1 = acute problematiek.")
    )

    class Meta:
        verbose_name = _("schaalwaarde")
        verbose_name_plural = _("schaalwaarden")
        ordering = ["instrument", "value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="scale_label_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} — {self.label}"

    def clean(self) -> None:
        if self.instrument_id and not self.instrument.in_scale(self.value):
            raise ValidationError(
                {"value": _("Deze score ligt buiten de schaal van het instrument.")}
            )


class Domain(BaseModel):
    retention_category = RetentionCategory.ANONIEM

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="domains",
        help_text=_("Het instrument."),
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Vaste korte naam, uniek binnen het instrument.")
    )
    label = models.CharField(_("naam"), max_length=120, help_text=_("Bijv. Financiën/schulden."))
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder.")
    )

    class Meta:
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        ordering = ["instrument", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_unique")
        ]

    def __str__(self) -> str:
        return self.label


class LevelDescription(BaseModel):
    """An organisation's own description of a level (the licensed ZRM texts are not
    shipped; an organisation that holds the licence may enter them here)."""

    retention_category = RetentionCategory.ANONIEM

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="level_descriptions",
        help_text=_("De organisatie die deze omschrijving gebruikt."),
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name=_("leefgebied"),
        on_delete=models.CASCADE,
        related_name="level_descriptions",
        help_text=_("Het leefgebied."),
    )
    value = models.PositiveSmallIntegerField(_("score"), help_text=_("Een score op de schaal."))
    text = models.TextField(_("omschrijving"), help_text=_("Wat deze score bij dit leefgebied is."))

    class Meta:
        verbose_name = _("omschrijving van een score")
        verbose_name_plural = _("omschrijvingen van scores")
        ordering = ["organisation", "domain", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "domain", "value"], name="level_description_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain} {self.value}"

    def clean(self) -> None:
        if self.domain_id and not self.domain.instrument.in_scale(self.value):
            raise ValidationError(
                {"value": _("Deze score ligt buiten de schaal van het instrument.")}
            )


# --- Measurements ---------------------------------------------------------------------


class Measurement(BaseModel):
    """Scores of a family (or one member) on one instrument at one moment."""

    retention_category = RetentionCategory.DOSSIER

    class Moment(models.TextChoices):
        START = "start", pgettext_lazy("meetmoment", "Start")
        HALFWAY = "halverwege", _("Halverwege")
        END = "einde", _("Einde")
        OTHER = "anders", _("Anders")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="measurements",
        help_text=_("Het gezin."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("over wie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        help_text=_("Leeg: het hele gezin."),
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
        help_text=_("Het traject dat liep toen gemeten werd."),
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="measurements",
        help_text=_("Waarmee gemeten is."),
    )
    measured_on = models.DateField(_("datum"), help_text=_("Wanneer gemeten is."))
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de meting deed en vastlegde."),
    )
    moment = models.CharField(
        _("moment"),
        max_length=20,
        choices=Moment.choices,
        default=Moment.OTHER,
        help_text=_("Start, halverwege, einde of een ander moment."),
    )
    note = models.TextField(_("toelichting"), blank=True, help_text=_("Bijv. samen met wie."))
    shared_with_family_on = models.DateField(
        _("gedeeld met het gezin op"),
        null=True,
        blank=True,
        help_text=_("Pas dan ziet het gezin de scores in het portaal (zonder toelichting)."),
    )

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["measured_on", "created_at"]
        indexes = [models.Index(fields=["family", "instrument", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.instrument} {date_format(self.measured_on, 'SHORT_DATE_FORMAT')}"

    def is_stale(self, today: date) -> bool:
        """Older than 30 days: still shown, but marked as no longer current."""
        return today - self.measured_on > timedelta(days=STALE_AFTER_DAYS)


class Score(BaseModel):
    retention_category = RetentionCategory.DOSSIER

    class Strength(models.TextChoices):
        OWN = "eigen", _("Eigen kracht")
        NETWORK = "netwerk", _("Netwerk")
        PROFESSIONAL = "professional", _("Professional")

    measurement = models.ForeignKey(
        Measurement,
        verbose_name=_("meting"),
        on_delete=models.CASCADE,
        related_name="scores",
        help_text=_("De meting."),
    )
    domain = models.ForeignKey(
        Domain,
        verbose_name=_("leefgebied"),
        on_delete=models.PROTECT,
        related_name="scores",
        help_text=_("Een leefgebied van het instrument van de meting."),
    )
    value = models.PositiveSmallIntegerField(_("score"), help_text=_("Binnen de schaal."))
    note = models.TextField(_("toelichting"), blank=True, help_text=_("Waarom deze score."))
    strength = models.CharField(
        _("kracht komt van"),
        max_length=20,
        choices=Strength.choices,
        blank=True,
        help_text=_("Waar de kracht op dit leefgebied vandaan komt."),
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["domain__order", "domain_id"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="score_one_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.value}"


# --- Safety ---------------------------------------------------------------------------


class SafetyConcern(BaseModel):
    """A concern about the safety of a child or another family member. Open until closed."""

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="safety_concerns",
        help_text=_("Het gezin."),
    )
    about = models.ForeignKey(
        "families.Member",
        verbose_name=_("over wie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_concerns",
        help_text=_("Leeg: het hele gezin."),
    )
    noticed_on = models.DateField(_("datum"), help_text=_("Wanneer de zorg ontstond."))
    signals = models.TextField(
        _("signalen"), help_text=_("Wat is gezien of gehoord, zo feitelijk mogelijk.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de zorg vastlegde."),
    )
    closed_on = models.DateField(
        _("afgesloten op"), null=True, blank=True, help_text=_("Leeg zolang de zorg open is.")
    )
    closing_note = models.TextField(
        _("waarom afgesloten"), blank=True, help_text=_("Verplicht bij afsluiten.")
    )

    class Meta:
        verbose_name = _("zorg over veiligheid")
        verbose_name_plural = _("zorgen over veiligheid")
        ordering = ["-noticed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("noticed_on")),
                name="safety_concern_closed_after_noticed",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closing_note=""),
                name="safety_concern_closing_has_note",
            ),
        ]
        indexes = [models.Index(fields=["family", "closed_on"])]

    def __str__(self) -> str:
        return str(_("Zorg van %(date)s") % {"date": date_format(self.noticed_on, "DATE_FORMAT")})

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class MeldcodeStep(BaseModel):
    """One logged step of the meldcode for a concern. The weighing (step 4) holds the five
    answers of the afwegingskader; the decision (step 5) holds the answers of the weighing
    it rests on, so the hard rule is a check on one row."""

    retention_category = RetentionCategory.DOSSIER

    class Step(models.IntegerChoices):
        SIGNALS = 1, _("Signalen in kaart brengen")
        CONSULT = 2, _("Collegiale consultatie en zo nodig Veilig Thuis raadplegen")
        TALK = 3, _("Gesprek met de betrokkenen")
        WEIGH = 4, _("Wegen met het afwegingskader")
        DECIDE = 5, _("Beslissen: hulp organiseren en/of melden bij Veilig Thuis")

    concern = models.ForeignKey(
        SafetyConcern,
        verbose_name=_("zorg"),
        on_delete=models.CASCADE,
        related_name="steps",
        help_text=_("De zorg over veiligheid."),
    )
    step = models.PositiveSmallIntegerField(
        _("stap"), choices=Step.choices, help_text=_("Welke stap van de meldcode.")
    )
    done_on = models.DateField(_("datum"), help_text=_("Wanneer de stap is gezet."))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de stap zette."),
    )
    note = models.TextField(_("notitie"), blank=True, help_text=_("Wat er gebeurde en met wie."))
    # The afwegingskader (steps 4 and 5).
    suspicion = models.BooleanField(
        _("1. vermoeden van huiselijk geweld of kindermishandeling"),
        null=True,
        blank=True,
        help_text=_("Is er op basis van stap 1 tot en met 3 een vermoeden?"),
    )
    unsafe = models.BooleanField(
        _("2. acute of structurele onveiligheid"),
        null=True,
        blank=True,
        help_text=_("Is er sprake van acute of structurele onveiligheid?"),
    )
    can_organise_help = models.BooleanField(
        _("3. effectieve hulp mogelijk"),
        null=True,
        blank=True,
        help_text=_("Kan ik effectieve hulp bieden of organiseren?"),
    )
    help_accepted = models.BooleanField(
        _("4. hulp aanvaard"),
        null=True,
        blank=True,
        help_text=_("Aanvaarden de betrokkenen de hulp en zetten zij zich in?"),
    )
    safe_in_time = models.BooleanField(
        _("5. veiligheid op tijd"),
        null=True,
        blank=True,
        help_text=_("Leidt de hulp binnen de gewenste termijn tot de nodige veiligheid?"),
    )
    # The decision (step 5).
    weighing = models.ForeignKey(
        "self",
        verbose_name=_("op basis van de weging"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("Bij een besluit: de weging (stap 4) waarop het rust."),
    )
    organise_help = models.BooleanField(
        _("hulp organiseren"), null=True, blank=True, help_text=_("Bij een besluit.")
    )
    report_to_veilig_thuis = models.BooleanField(
        _("melden bij Veilig Thuis"), null=True, blank=True, help_text=_("Bij een besluit.")
    )

    ANSWERS = ("suspicion", "unsafe", "can_organise_help", "help_accepted", "safe_in_time")

    class Meta:
        verbose_name = _("stap van de meldcode")
        verbose_name_plural = _("stappen van de meldcode")
        ordering = ["done_on", "step", "created_at"]
        constraints = [
            # Steps 4 and 5 carry all five answers; steps 1–3 none.
            models.CheckConstraint(
                condition=(
                    Q(step__in=[4, 5])
                    & Q(
                        suspicion__isnull=False,
                        unsafe__isnull=False,
                        can_organise_help__isnull=False,
                        help_accepted__isnull=False,
                        safe_in_time__isnull=False,
                    )
                )
                | (
                    ~Q(step__in=[4, 5])
                    & Q(
                        suspicion__isnull=True,
                        unsafe__isnull=True,
                        can_organise_help__isnull=True,
                        help_accepted__isnull=True,
                        safe_in_time__isnull=True,
                    )
                ),
                name="meldcode_answers_only_when_weighing",
            ),
            # A decision rests on a weighing and decides: help, a report, or both.
            models.CheckConstraint(
                condition=(
                    Q(step=5, weighing__isnull=False)
                    & (Q(organise_help=True) | Q(report_to_veilig_thuis=True))
                    & Q(organise_help__isnull=False, report_to_veilig_thuis__isnull=False)
                )
                | (
                    ~Q(step=5)
                    & Q(
                        weighing__isnull=True,
                        organise_help__isnull=True,
                        report_to_veilig_thuis__isnull=True,
                    )
                ),
                name="meldcode_decision_fields",
            ),
            # HARD RULE: unsafe, or no effective help, or help not accepted, or no safety in
            # time → the decision includes a report to Veilig Thuis.
            models.CheckConstraint(
                condition=~Q(step=5)
                | Q(report_to_veilig_thuis=True)
                | Q(unsafe=False, can_organise_help=True, help_accepted=True, safe_in_time=True),
                name="meldcode_report_when_weighing_requires_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({date_format(self.done_on, 'SHORT_DATE_FORMAT')})"

    @property
    def answers(self) -> dict[str, bool | None]:
        return {name: getattr(self, name) for name in self.ANSWERS}


def report_required(
    *, unsafe: bool, can_organise_help: bool, help_accepted: bool, safe_in_time: bool
) -> bool:
    """The meldcode's hard rule: acute or structural unsafety, or help that cannot be
    organised, is not accepted or does not bring safety in time → report to Veilig Thuis.
    (The first question, the suspicion itself, does not change the answer.)"""
    return unsafe or not can_organise_help or not help_accepted or not safe_in_time


class SafetyMapping(BaseModel):
    """A Signs of Safety mapping: three columns."""

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="safety_mappings",
        help_text=_("Het gezin."),
    )
    mapped_on = models.DateField(_("datum"), help_text=_("Wanneer het overzicht is gemaakt."))
    mapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het overzicht vastlegde."),
    )
    worries = models.TextField(_("zorgen"), blank=True, help_text=_("Wat zorgen geeft."))
    going_well = models.TextField(
        _("wat gaat goed"), blank=True, help_text=_("Wat goed gaat, ook kleine dingen.")
    )
    next_steps = models.TextField(
        _("wat moet er gebeuren"), blank=True, help_text=_("Wat er moet gebeuren en door wie.")
    )

    class Meta:
        verbose_name = _("Signs of Safety-overzicht")
        verbose_name_plural = _("Signs of Safety-overzichten")
        ordering = ["-mapped_on", "-created_at"]

    def __str__(self) -> str:
        return date_format(self.mapped_on, "SHORT_DATE_FORMAT")


class SafetyRating(BaseModel):
    """The safety scale (0–10) as one person sees it on one day."""

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="safety_ratings",
        help_text=_("Het gezin."),
    )
    rated_on = models.DateField(_("datum"), help_text=_("Wanneer het cijfer is gegeven."))
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_ratings",
        help_text=_("Het gezinslid dat het cijfer gaf."),
    )
    rater = models.CharField(
        _("of: wie"),
        max_length=120,
        blank=True,
        help_text=_("Wie het cijfer gaf als het geen gezinslid is, bijv. de coach of school."),
    )
    value = models.PositiveSmallIntegerField(
        _("cijfer"),
        help_text=_("0 = zo onveilig dat het kind niet thuis kan blijven; 10 = veilig."),
    )
    note = models.TextField(_("toelichting"), blank=True, help_text=_("Waarom dit cijfer."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het cijfer vastlegde."),
    )

    class Meta:
        verbose_name = _("veiligheidscijfer")
        verbose_name_plural = _("veiligheidscijfers")
        ordering = ["rated_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=10), name="safety_rating_0_to_10"
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(rater=""), name="safety_rating_names_rater"
            ),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.rated_on, 'SHORT_DATE_FORMAT')}: {self.value}"

    @property
    def rater_label(self) -> str:
        return str(self.member) if self.member_id else self.rater


class Escalation(BaseModel):
    """Opschaling when progress stalls, a child is unsafe, or the work around the family
    gets stuck (seed 004's sticking points, issue 20 point 2); open until resolved."""

    retention_category = RetentionCategory.DOSSIER

    class Target(models.TextChoices):
        TEAM_LEAD = "teamleider", _("Teamleider")
        DEPARTMENT_HEAD = "afdelingshoofd", _("Afdelingshoofd")
        COORDINATOR = "coordinator", _("Coördinator van het meldpunt")
        MUNICIPALITY = "gemeente", _("Gemeente (doorzettingsmacht)")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        CHILD_PROTECTION = "raad", _("Raad voor de Kinderbescherming")

    class Reason(models.TextChoices):
        STALLED = "stagnatie", _("De voortgang stagneert")
        UNSAFE = "onveilig", _("Het dreigt onveilig te worden voor het kind")
        # Seed 004, the pitfalls of working with other organisations (question 14).
        WHO_DECIDES = (
            "doorzettingsmacht",
            _("Geen overeenstemming over wie beslist (doorzettingsmacht)"),
        )
        OPPOSITE_INTERESTS = "tegengestelde_belangen", _("Tegengestelde belangen")
        NOT_DELIVERING = (
            "organisatie_levert_niet",
            _("Een organisatie doet haar deel van het plan niet"),
        )
        NO_TEAMWORK = "team_niet_samen", _("Het team rond het gezin trekt niet samen op")
        FINANCIAL_RULES = "financiele_regels", _("Financiële regels staan de hulp in de weg")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_behandeling", _("In behandeling")
        RESOLVED = "opgelost", _("Opgelost")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="escalations",
        help_text=_("Het gezin."),
    )
    concern = models.ForeignKey(
        SafetyConcern,
        verbose_name=_("zorg over veiligheid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        help_text=_("De zorg waarover opgeschaald wordt, als die er is."),
    )
    raised_on = models.DateField(_("datum"), help_text=_("Wanneer opgeschaald is."))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie opschaalde."),
    )
    target = models.CharField(
        _("naar"), max_length=30, choices=Target.choices, help_text=_("Naar wie opgeschaald is.")
    )
    reason = models.CharField(
        _("reden"),
        max_length=30,
        choices=Reason.choices,
        help_text=_("Waarom: stagnatie, onveiligheid of waar de samenwerking vastloopt."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        help_text=_(
            "De organisatie waar het om gaat; verplicht als een organisatie haar deel niet doet."
        ),
    )
    arguments = models.TextField(
        _("argumenten"), help_text=_("Waarom opschalen nodig is: feiten en wat al geprobeerd is.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Open tot het is opgelost."),
    )
    resolved_on = models.DateField(
        _("opgelost op"), null=True, blank=True, help_text=_("Leeg zolang niet opgelost.")
    )
    resolution = models.TextField(
        _("uitkomst"), blank=True, help_text=_("Wat er besloten of gedaan is.")
    )

    class Meta:
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")
        ordering = ["-raised_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="opgelost") & Q(resolved_on__isnull=False))
                | (~Q(status="opgelost") & Q(resolved_on__isnull=True)),
                name="escalation_resolved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="escalation_resolved_after_raised",
            ),
            models.CheckConstraint(
                condition=~Q(reason="organisatie_levert_niet") | Q(organisation__isnull=False),
                name="escalation_not_delivering_names_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} ({date_format(self.raised_on, 'SHORT_DATE_FORMAT')})"
