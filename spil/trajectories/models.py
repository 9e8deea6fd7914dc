"""Trajectories: from the meldpunt's decision through phases, deadlines and extensions to
closing with a warm handover, aftercare and reopening (PRODUCT.md steps 5–11)."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory


class TrajectoryQuerySet(models.QuerySet["Trajectory"]):
    def running(self) -> "TrajectoryQuerySet":
        """Trajectories not closed: the family's one running trajectory lives here (a
        database constraint keeps it to one per family)."""
        return self.filter(closed_on__isnull=True)


class CoachKind(models.TextChoices):
    """Who the coach is (issue 20, point 1; seed 001 H6 and note 14): a staff member of the
    coaching organisation, a professional of another organisation (with a Spil account),
    or someone from the family's network or a volunteer — without an account. For the
    last two the meldpunt's coordinator records the coach and holds the file on their
    behalf: `Trajectory.coach` is then the coordinator (see ADR 0024)."""

    STAFF = "medewerker", _("Medewerker van de coachende organisatie")
    PROFESSIONAL = "professional", _("Professional van een andere organisatie")
    NETWORK = "netwerklid", _("Iemand uit het netwerk van het gezin")
    VOLUNTEER = "vrijwilliger", _("Vrijwilliger")


# Coaches without a Spil account: the coordinator holds the file for them.
LAY_COACH_KINDS = frozenset({CoachKind.NETWORK, CoachKind.VOLUNTEER})


class Trajectory(BaseModel):
    retention_category = RetentionCategory.DOSSIER

    objects = TrajectoryQuerySet.as_manager()

    class Kind(models.TextChoices):
        FAMILY_COACH = "gezinscoach", _("Gezinscoaching")
        CARE_COORDINATION = "coordinatie_van_zorg", _("Coördinatie van zorg")

    class Phase(models.TextChoices):
        INTRODUCTION = "kennismaking", _("Kennismaking")
        ORIENTATION = "orientatie", _("Oriëntatie")
        PLAN = "plan", _("Plan")
        EXECUTION = "uitvoering", _("Uitvoering")
        ROUNDING_OFF = "afronding", _("Afronding")
        AFTERCARE = "nazorg", _("Nazorg")
        CLOSED = "gesloten", _("Gesloten")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.PROTECT,
        related_name="trajectories",
        help_text=_("Het gezin."),
    )
    kind = models.CharField(
        _("soort"), max_length=30, choices=Kind.choices, help_text=_("Coaching of coördinatie.")
    )
    programme = models.ForeignKey(
        "directory.Programme",
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        help_text=_("Het programma met zijn regels."),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="coached_trajectories",
        help_text=_("De gezinscoach of casemanager."),
    )
    coach_kind = models.CharField(
        _("soort coach"),
        max_length=20,
        choices=CoachKind.choices,
        default=CoachKind.STAFF,
        help_text=_(
            "Medewerker, professional van een andere organisatie, netwerklid of vrijwilliger."
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
    backup_coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("back-up coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backup_trajectories",
        help_text=_("Nooit alleen: een tweede coach die het gezin ook kent."),
    )
    started_on = models.DateField(_("gestart op"), help_text=_("Eerste dag van het traject."))
    phase = models.CharField(
        _("fase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.INTRODUCTION,
        help_text=_("Waar het traject nu is."),
    )
    closed_on = models.DateField(
        _("gesloten op"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang het loopt, ook tijdens de nazorg."),
    )

    class Type(models.TextChoices):
        BASICS_IN_ORDER = "basis_op_orde", _("Basis op orde")
        FINGER_ON_PULSE = "vinger_aan_de_pols", _("Vinger aan de pols")
        PROP_AND_SUPPORT = "stut_en_steun", _("Stut en steun")
        AFTERCARE = "nazorg", _("Nazorg")
        SCALING_UP = "opschaling", _("Opschaling")

    class FamilyType(models.TextChoices):
        LEARNABLE = "leerbaar", _("Leerbaar")
        STABILISABLE = "stabiliseerbaar", _("Stabiliseerbaar")

    class Style(models.TextChoices):
        COACHING = "coachen", _("Coachen")
        PROPPING_UP = "stutten_en_steunen", _("Stutten en steunen")
        PRESENCE = "presentie", _("Presentie")
        TALKING = "gesprek", _("Gesprek")

    class BroadLine(models.TextChoices):
        """The broad lines of an assignment (seed 001 H8); alignment of help is always in."""

        REST = "rust", _("Rust in en om het gezin")
        GRIP = "grip", _("Grip op de situatie")
        CONTACT_WITH_HELP = "contact_hulp", _("Contact met de hulpverlening herstellen")
        RELIEVE_PARENTS = "ontlasten", _("De ouders ontlasten")
        INSIGHT = "inzicht", _("Inzicht in de problemen")

    trajectory_type = models.CharField(
        _("soort traject"),
        max_length=30,
        choices=Type.choices,
        blank=True,
        help_text=_("Basis op orde, vinger aan de pols, stut en steun, nazorg of opschaling."),
    )
    family_type = models.CharField(
        _("soort gezin"),
        max_length=20,
        choices=FamilyType.choices,
        blank=True,
        help_text=_("Leerbaar of stabiliseerbaar."),
    )
    style = models.CharField(
        _("coachingsstijl"),
        max_length=30,
        choices=Style.choices,
        blank=True,
        help_text=_("Coachen, stutten en steunen, presentie of gesprek."),
    )
    specific_tasks = models.TextField(
        _("specifieke taken"),
        blank=True,
        help_text=_("De opdracht: wat de coach concreet gaat doen."),
    )
    broad_lines = models.JSONField(
        _("brede lijnen"),
        default=list,
        blank=True,
        help_text=_("De opdracht in brede lijnen; afstemming van de hulp hoort er altijd bij."),
    )
    reachable_hours = models.CharField(
        _("bereikbaar op"), max_length=150, blank=True, help_text=_("Bijv. ma–vr 9–17 uur.")
    )
    reachable_channel = models.CharField(
        _("bereikbaar via"), max_length=150, blank=True, help_text=_("Bijv. telefoon, WhatsApp.")
    )
    out_of_hours_route = models.CharField(
        _("buiten kantoortijd"),
        max_length=250,
        blank=True,
        help_text=_("Wie het gezin belt in een crisis buiten kantoortijd."),
    )

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["coach", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(backup_coach=models.F("coach")),
                name="trajectory_backup_is_not_the_coach",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("started_on")),
                name="trajectory_closes_after_start",
            ),
            # A coach without an account has a name; one with an account has none here.
            models.CheckConstraint(
                condition=(
                    models.Q(coach_kind__in=["netwerklid", "vrijwilliger"])
                    & ~models.Q(lay_coach_name="")
                )
                | (
                    models.Q(coach_kind__in=["medewerker", "professional"])
                    & models.Q(lay_coach_name="", lay_coach_reach="")
                ),
                name="trajectory_lay_coach_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.family}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def has_lay_coach(self) -> bool:
        """The coach has no account: `coach` is the coordinator holding the file."""
        return self.coach_kind in LAY_COACH_KINDS

    @property
    def coach_display(self) -> str:
        """The coach as people know them: the network member's or volunteer's name (with
        the coordinator who holds the file), else the coach's own name."""
        if self.has_lay_coach:
            return str(
                _("%(name)s (%(kind)s; dossier bij %(holder)s)")
                % {
                    "name": self.lay_coach_name,
                    "kind": self.get_coach_kind_display().lower(),
                    "holder": self.coach.full_name,
                }
            )
        return str(self.coach.full_name)


class PhaseChange(BaseModel):
    """Each move between phases, with when and who; skipping a phase is allowed."""

    retention_category = RetentionCategory.DOSSIER

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="phase_changes",
        help_text=_("Het traject."),
    )
    from_phase = models.CharField(
        _("van fase"),
        max_length=20,
        choices=Trajectory.Phase.choices,
        help_text=_("De fase ervoor."),
    )
    to_phase = models.CharField(
        _("naar fase"),
        max_length=20,
        choices=Trajectory.Phase.choices,
        help_text=_("De nieuwe fase."),
    )
    on = models.DateField(_("datum"), help_text=_("Wanneer de fase begon."))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de fase wijzigde."),
    )

    class Meta:
        verbose_name = _("faseovergang")
        verbose_name_plural = _("faseovergangen")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"


class Extension(BaseModel):
    """A request to extend a fixed-duration trajectory, decided by the teamleider."""

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        REQUESTED = "aangevraagd", _("Aangevraagd")
        APPROVED = "toegekend", _("Toegekend")
        REJECTED = "afgewezen", _("Afgewezen")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="extensions",
        help_text=_("Het traject."),
    )
    months = models.PositiveSmallIntegerField(_("maanden"), help_text=_("Hoeveel maanden langer."))
    reason = models.TextField(_("reden"), help_text=_("Waarom is meer tijd nodig?"))
    requested_on = models.DateField(
        _("aangevraagd op"), help_text=_("Wanneer de verlenging is aangevraagd.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De coach die verlenging vroeg."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REQUESTED,
        help_text=_("Aangevraagd, toegekend of afgewezen."),
    )
    decided_on = models.DateField(
        _("besloten op"), null=True, blank=True, help_text=_("Wanneer de teamleider besloot.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De teamleider die besloot."),
    )
    decision_note = models.TextField(
        _("toelichting besluit"), blank=True, help_text=_("Waarom toegekend of afgewezen.")
    )
    override_reason = models.TextField(
        _("reden om boven het maximum te gaan"),
        blank=True,
        help_text=_("Alleen als de verlenging voorbij het maximum van het programma gaat."),
    )

    class Meta:
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")
        ordering = ["requested_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="extension_needs_reason"),
            models.CheckConstraint(
                condition=models.Q(months__gte=1), name="extension_months_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"+{self.months} ({self.get_status_display()})"


class Closure(BaseModel):
    """Closing the active work: reason, what was reached, who was told, the warm handover.
    A reopened trajectory keeps its earlier closures as history."""

    retention_category = RetentionCategory.DOSSIER

    class Reason(models.TextChoices):
        GOALS_REACHED = "doelen_bereikt", _("Doelen bereikt")
        MANAGEABLE = (
            "problemen_hanteerbaar",
            _("Problemen teruggebracht tot een hanteerbaar aantal"),
        )
        FAMILY_STOPS = "gezin_stopt", _("Gezin stopt")
        NO_MATCH = "geen_klik", _("Geen klik of geen vertrouwen")
        LIMIT = "termijn_of_financiering", _("Termijn of financiering op")
        MOVED = "verhuisd", _("Verhuisd")
        CHILD_PROTECTION = "kinderbescherming", _("Kinderbeschermingsmaatregel")
        YOUNGEST_18 = "jongste_18", _("Jongste kind 18 jaar")
        OTHER = "anders", _("Anders")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Het traject."),
    )
    closed_on = models.DateField(
        _("afgesloten op"), help_text=_("Laatste dag van het actieve werk.")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het traject afsloot."),
    )
    reason = models.CharField(
        _("reden"), max_length=30, choices=Reason.choices, help_text=_("Waarom het traject stopt.")
    )
    reason_note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Verplicht bij de reden 'anders'.")
    )
    reached = models.TextField(_("wat is bereikt"), help_text=_("In de woorden van het gezin."))
    informed = models.ManyToManyField(
        "families.Involvement",
        verbose_name=_("geïnformeerd"),
        blank=True,
        related_name="+",
        help_text=_("Welke betrokkenen zijn op de hoogte gebracht?"),
    )
    handover_organisation = models.CharField(
        _("overdracht aan organisatie"),
        max_length=200,
        blank=True,
        help_text=_("Warme overdracht: naar welke organisatie."),
    )
    handover_worker = models.CharField(
        _("overdracht aan medewerker"),
        max_length=150,
        blank=True,
        help_text=_("Warme overdracht: naar wie."),
    )
    handover_in_person = models.BooleanField(
        _("persoonlijk voorgesteld"),
        default=False,
        help_text=_("Warme overdracht: de coach stelde de nieuwe hulp persoonlijk voor."),
    )
    handover_on = models.DateField(
        _("overdracht op"), null=True, blank=True, help_text=_("Wanneer de overdracht was.")
    )
    handed_over = models.TextField(
        _("wat is overgedragen"), blank=True, help_text=_("Afspraken, plan, aandachtspunten.")
    )

    class FamilyAgreement(models.TextChoices):
        """The family's word on closing (issue 20, point 8): a trajectory closes with the
        family, not over its head. Closures from before the question read "not asked"."""

        AGREED = "eens", _("Het gezin is het eens met afsluiten")
        NOT_AGREED = "niet_eens", _("Het gezin is het niet eens met afsluiten")
        NOT_ASKED = "niet_gevraagd", _("Niet gevraagd of niet te bereiken")

    family_agreement = models.CharField(
        _("instemming van het gezin"),
        max_length=20,
        choices=FamilyAgreement.choices,
        default=FamilyAgreement.NOT_ASKED,
        help_text=_("Is het gezin het eens met afsluiten?"),
    )
    family_agreement_note = models.TextField(
        _("wat het gezin zei"),
        blank=True,
        help_text=_("Verplicht als het gezin het niet eens is: waarom niet?"),
    )

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        ordering = ["closed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({date_format(self.closed_on, 'SHORT_DATE_FORMAT')})"


class AftercareCheckIn(BaseModel):
    """A planned light check-in during aftercare (e.g. a monthly visit)."""

    retention_category = RetentionCategory.DOSSIER

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="checkins",
        help_text=_("Het traject."),
    )
    planned_on = models.DateField(
        _("gepland op"), help_text=_("Wanneer de coach langs wil komen of bellen.")
    )
    done_on = models.DateField(
        _("gedaan op"), null=True, blank=True, help_text=_("Leeg zolang het nog niet gebeurd is.")
    )
    note = models.TextField(_("notitie"), blank=True, help_text=_("Hoe het gaat."))

    class Meta:
        verbose_name = _("nazorgmoment")
        verbose_name_plural = _("nazorgmomenten")
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return date_format(self.planned_on, "SHORT_DATE_FORMAT")


class Reopening(BaseModel):
    """Reopening during or after aftercare, without a new intake."""

    retention_category = RetentionCategory.DOSSIER

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="reopenings",
        help_text=_("Het traject."),
    )
    reopened_on = models.DateField(_("heropend op"), help_text=_("Wanneer het traject weer begon."))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("heropend door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het traject heropende."),
    )
    reason = models.TextField(_("reden"), help_text=_("Bijv. terugval na de afsluiting."))

    class Meta:
        verbose_name = _("heropening")
        verbose_name_plural = _("heropeningen")
        ordering = ["reopened_on", "id"]

    def __str__(self) -> str:
        return date_format(self.reopened_on, "SHORT_DATE_FORMAT")


CLOSING_REMARK_MAX = 1000


class ClosingAnswer(BaseModel):
    """A family member's answer, in the portal, to closing the trajectory: the seeds say a
    trajectory closes with the family, not over its head. One answer per member per
    trajectory; the member may change it while the work is not closed. After a reopening
    only answers given since count (see `selectors.closing_answers`)."""

    retention_category = RetentionCategory.DOSSIER

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="closing_answers",
        help_text=_("Het traject."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        related_name="closing_answers",
        help_text=_("Het gezinslid dat antwoordde."),
    )
    agrees = models.BooleanField(
        _("eens met afsluiten"), help_text=_("Of het gezinslid het eens is met afsluiten.")
    )
    remark = models.TextField(
        _("opmerking"),
        max_length=CLOSING_REMARK_MAX,
        blank=True,
        help_text=_("Wat het gezinslid erbij zei."),
    )

    class Meta:
        verbose_name = _("antwoord van het gezin op afsluiten")
        verbose_name_plural = _("antwoorden van het gezin op afsluiten")
        ordering = ["trajectory", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "member"], name="closing_answer_once_per_member"
            )
        ]

    def __str__(self) -> str:
        return str(_("eens") if self.agrees else _("niet eens"))
