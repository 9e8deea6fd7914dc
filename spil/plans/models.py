"""One family, one plan (issue 7): goals in the family's words, steps with an owner, each
organisation's contribution, evaluations with scaling questions, the family's agreement
and versions.

A plan has numbered versions. The newest is the *working version* (`is_current`): it is
what the coach and the team work with. A version is a draft (*concept*) until the family
agrees with it; from then on its content (goals, steps, contributions) is frozen. A change
after agreement starts a new draft that copies the agreed content, so the agreed version
stays readable exactly as it was agreed. Progress (a step done, a goal's status) is not a
change of what was agreed: it is recorded on the working version. See ADR 0005.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

SCALE_MIN, SCALE_MAX = 0, 10


class Plan(BaseModel):
    """The family's one plan (gezinsplan). Exactly one active plan per family."""

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        ACTIVE = "actief", _("Actief")
        CLOSED = "afgesloten", _("Afgesloten")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="plans",
        help_text=_("Het gezin van dit plan."),
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        help_text=_(
            "Het traject dat liep toen het plan begon; daaruit komen programma en termijnen."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Een gezin heeft precies één actief plan."),
    )
    started_on = models.DateField(_("begonnen op"), help_text=_("Wanneer het plan begon."))
    closed_on = models.DateField(
        _("afgesloten op"), null=True, blank=True, help_text=_("Leeg zolang het plan actief is.")
    )
    closing_note = models.TextField(
        _("waarom afgesloten"), blank=True, help_text=_("Bijv. het traject is afgesloten.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begonnen door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het plan begon."),
    )

    class Meta:
        verbose_name = _("gezinsplan")
        verbose_name_plural = _("gezinsplannen")
        ordering = ["-started_on", "-created_at"]
        constraints = [
            # One family, one plan: a second active plan is refused by the database too.
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="actief"),
                name="plan_one_active_per_family",
            ),
            models.CheckConstraint(
                condition=(Q(status="actief") & Q(closed_on__isnull=True))
                | (Q(status="afgesloten") & Q(closed_on__isnull=False)),
                name="plan_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Plan van %(family)s") % {"family": self.family})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class PlanVersionQuerySet(models.QuerySet["PlanVersion"]):
    def agreed(self) -> "PlanVersionQuerySet":
        """Versions the family agreed to (frozen); drafts are left out."""
        return self.filter(status=PlanVersion.Status.AGREED)


class PlanVersion(BaseModel):
    """One version of the plan: a draft until the family agrees, then frozen."""

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        AGREED = "vastgesteld", _("Afgesproken met het gezin")

    objects = PlanVersionQuerySet.as_manager()

    class Method(models.TextChoices):
        PAPER = "op_papier", _("Op papier")
        CONVERSATION = "in_gesprek", _("In een gesprek")
        PORTAL = "portaal", _("Later in het portaal")

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="versions",
        help_text=_("Het plan."),
    )
    number = models.PositiveSmallIntegerField(
        _("versie"), help_text=_("1 voor de eerste versie, daarna oplopend.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Concept tot het gezin het eens is; daarna ligt de inhoud vast."),
    )
    is_current = models.BooleanField(
        _("werkversie"),
        default=True,
        help_text=_("De nieuwste versie: daarmee werken gezin, coach en team."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De afgesproken versie waarvan dit concept een kopie is."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie deze versie begon."),
    )
    agreed_on = models.DateField(
        _("afgesproken op"), null=True, blank=True, help_text=_("Wanneer het gezin instemde.")
    )
    agreed_how = models.CharField(
        _("hoe afgesproken"),
        max_length=20,
        choices=Method.choices,
        blank=True,
        help_text=_("Op papier, in een gesprek of later in het portaal."),
    )
    agreed_by = models.ManyToManyField(
        "families.Member",
        verbose_name=_("afgesproken door"),
        blank=True,
        related_name="+",
        help_text=_("De gezinsleden die met het plan instemden."),
    )
    agreement_note = models.TextField(
        _("toelichting bij de afspraak"),
        blank=True,
        help_text=_("Bijv. wat het gezin erbij zei."),
    )
    # Issue 20 point 6: the plan of an Eigen Kracht-conferentie is the family's own plan.
    authored_by_family = models.BooleanField(
        _("plan van de familie"),
        default=False,
        help_text=_("De familie en haar netwerk maakten dit plan zelf (Eigen Kracht-conferentie)."),
    )
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afspraak vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie de instemming van het gezin vastlegde."),
    )

    class Meta:
        verbose_name = _("versie van het plan")
        verbose_name_plural = _("versies van het plan")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="concept"), name="plan_version_one_draft"
            ),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(is_current=True), name="plan_version_one_current"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="vastgesteld")
                    & Q(agreed_on__isnull=False)
                    & ~Q(agreed_how="")
                    & Q(agreement_recorded_by__isnull=False)
                )
                | (
                    Q(status="concept")
                    & Q(agreed_on__isnull=True)
                    & Q(agreed_how="")
                    & Q(agreement_recorded_by__isnull=True)
                ),
                name="plan_version_agreed_has_agreement",
            ),
            # Only the working version can be a draft: an older draft would be lost work.
            models.CheckConstraint(
                condition=Q(status="vastgesteld") | Q(is_current=True),
                name="plan_version_draft_is_current",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Versie %(number)d") % {"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


class Goal(BaseModel):
    """A goal in the family's own words, on one life domain, with MAGIE fields."""

    retention_category = RetentionCategory.DOSSIER

    class Origin(models.TextChoices):
        FAMILY = "gezin", _("Het gezin")
        REFERRER = "melder", _("De melder")
        PROFESSIONAL = "professional", _("Een professional")
        INDICATION = "indicatiebesluit", _("Een indicatiebesluit")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REACHED = "bereikt", _("Bereikt")
        PARTLY_REACHED = "deels_bereikt", _("Deels bereikt")
        NOT_REACHED = "niet_bereikt", _("Niet bereikt")
        STOPPED = "gestopt", _("Gestopt")
        STILL_WORKING = "nog_mee_bezig", _("Nog mee bezig")

    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="goals",
        help_text=_("De versie van het plan waar dit doel in staat."),
    )
    key = models.UUIDField(
        _("doelsleutel"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Hetzelfde doel houdt in elke versie dezelfde sleutel."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder.")
    )
    title = models.CharField(
        _("doel"),
        max_length=300,
        help_text=_("In de woorden van het gezin, positief: wat willen jullie bereiken?"),
    )
    domain = models.ForeignKey(
        "assessments.Domain",
        verbose_name=_("leefgebied"),
        on_delete=models.PROTECT,
        related_name="goals",
        help_text=_("Het leefgebied van het instrument van het gezin."),
    )
    origin = models.CharField(
        _("herkomst"),
        max_length=20,
        choices=Origin.choices,
        default=Origin.FAMILY,
        help_text=_("Van wie het doel komt: gezin, melder, professional of indicatiebesluit."),
    )
    whole_family = models.BooleanField(
        _("voor het hele gezin"),
        default=True,
        help_text=_("Uit: het doel is voor de gekozen gezinsleden."),
    )
    members = models.ManyToManyField(
        "families.Member",
        verbose_name=_("voor wie"),
        blank=True,
        related_name="plan_goals",
        help_text=_("De gezinsleden voor wie het doel is, als het niet het hele gezin is."),
    )
    measurable = models.TextField(
        _("meetbaar"), blank=True, help_text=_("Waaraan merken we dat het doel bereikt is?")
    )
    acceptable = models.TextField(
        _("acceptabel"),
        blank=True,
        help_text=_("Waarom vindt het gezin dit doel goed en haalbaar?"),
    )
    communicated = models.TextField(
        _("gecommuniceerd"), blank=True, help_text=_("Wie weten van dit doel en hoe?")
    )
    inspiring = models.TextField(
        _("inspirerend"), blank=True, help_text=_("Wat maakt dit doel de moeite waard?")
    )
    engaging = models.TextField(
        _("engagerend"), blank=True, help_text=_("Wie zet zich ervoor in en waarom?")
    )
    target_on = models.DateField(
        _("streefdatum"), null=True, blank=True, help_text=_("Wanneer het doel bereikt moet zijn.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Open, bereikt, deels bereikt, niet bereikt, gestopt of nog mee bezig."),
    )
    status_on = models.DateField(
        _("status op"),
        null=True,
        blank=True,
        help_text=_("Sinds wanneer het doel deze status heeft."),
    )

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["version", "order", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="goal_key_once_per_version"),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(status_on__isnull=True))
                | (~Q(status="open") & Q(status_on__isnull=False)),
                name="goal_status_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "status_on"])]

    def __str__(self) -> str:
        return self.title


class Step(BaseModel):
    """A small step under a goal, always with an owner: a family member, the coach, an
    involved worker or someone from the network."""

    retention_category = RetentionCategory.DOSSIER

    class OwnerKind(models.TextChoices):
        MEMBER = "gezinslid", _("Gezinslid")
        COACH = "coach", _("De coach")
        WORKER = "betrokkene", _("Betrokken hulpverlener")
        NETWORK = "netwerk", _("Iemand uit het netwerk")

    goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.CASCADE,
        related_name="steps",
        help_text=_("Het doel waar deze stap bij hoort."),
    )
    key = models.UUIDField(
        _("stapsleutel"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Dezelfde stap houdt in elke versie dezelfde sleutel."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder.")
    )
    what = models.CharField(
        _("wat"), max_length=300, help_text=_("Een kleine, concrete stap: wat gaat er gebeuren?")
    )
    owner_kind = models.CharField(
        _("soort eigenaar"),
        max_length=20,
        choices=OwnerKind.choices,
        help_text=_("Gezinslid, coach, betrokken hulpverlener of iemand uit het netwerk."),
    )
    owner_member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_steps",
        help_text=_("Als een gezinslid de stap zet."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_steps",
        help_text=_("Als de coach de stap zet."),
    )
    owner_involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("betrokken hulpverlener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_steps",
        help_text=_("Als een hulpverlener uit het team rond het gezin de stap zet."),
    )
    owner_network = models.ForeignKey(
        "families.NetworkContact",
        verbose_name=_("netwerkcontact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        help_text=_("Als iemand uit het netwerk de stap zet (de naam blijft bewaard)."),
    )
    owner_name = models.CharField(
        _("naam eigenaar"),
        max_length=200,
        help_text=_("De naam van wie de stap zet, zoals die was bij het vastleggen."),
    )
    due_on = models.DateField(
        _("klaar op"), null=True, blank=True, help_text=_("Wanneer de stap gezet moet zijn.")
    )
    done_on = models.DateField(
        _("gedaan op"), null=True, blank=True, help_text=_("Leeg zolang de stap open is.")
    )
    offer = models.ForeignKey(
        "directory.Offer",
        verbose_name=_("aanbod"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_steps",
        help_text=_("Als de stap aanmelden bij aanbod van de sociale kaart is."),
    )

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["goal", "order", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "key"], name="step_key_once_per_goal"),
            # A step without an owner is refused: exactly the owner of its kind is named.
            models.CheckConstraint(
                condition=(
                    Q(
                        owner_kind="gezinslid",
                        owner_member__isnull=False,
                        owner_user__isnull=True,
                        owner_involvement__isnull=True,
                        owner_network__isnull=True,
                    )
                    | Q(
                        owner_kind="coach",
                        owner_member__isnull=True,
                        owner_user__isnull=False,
                        owner_involvement__isnull=True,
                        owner_network__isnull=True,
                    )
                    | Q(
                        owner_kind="betrokkene",
                        owner_member__isnull=True,
                        owner_user__isnull=True,
                        owner_involvement__isnull=False,
                        owner_network__isnull=True,
                    )
                    # A removed network contact leaves the name: the FK may then be empty.
                    | Q(
                        owner_kind="netwerk",
                        owner_member__isnull=True,
                        owner_user__isnull=True,
                        owner_involvement__isnull=True,
                    )
                )
                & ~Q(owner_name=""),
                name="step_has_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.what

    @property
    def owner(self) -> object | None:
        return self.owner_member or self.owner_user or self.owner_involvement or self.owner_network

    @property
    def owner_label(self) -> str:
        """Who does it, as the family reads it."""
        if self.owner_member_id and self.owner_member is not None:
            return str(self.owner_member)
        if self.owner_user_id and self.owner_user is not None:
            return str(_("%(name)s (coach)") % {"name": self.owner_user.full_name})
        return self.owner_name

    @property
    def organisation_label(self) -> str:
        """Where the owner works, or "gezin" / "netwerk"."""
        if self.owner_kind == self.OwnerKind.MEMBER:
            return str(_("Gezin"))
        if self.owner_kind == self.OwnerKind.NETWORK:
            return str(_("Netwerk"))
        if self.owner_kind == self.OwnerKind.COACH:
            return str(_("Gezinscoach"))
        involvement = self.owner_involvement
        if involvement is None:
            return ""
        if involvement.organisation_id and involvement.organisation is not None:
            return involvement.organisation.name
        return involvement.organisation_name or involvement.get_role_display()


class Contribution(BaseModel):
    """What one involved organisation does for one goal: its part in the plan."""

    retention_category = RetentionCategory.DOSSIER

    goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.CASCADE,
        related_name="contributions",
        help_text=_("Het doel."),
    )
    involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("betrokken hulpverlener"),
        on_delete=models.PROTECT,
        related_name="plan_contributions",
        help_text=_("De hulpverlener en organisatie uit het team rond het gezin."),
    )
    part = models.TextField(
        _("bijdrage"), help_text=_("Wat deze organisatie doet om het doel te bereiken.")
    )

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["goal", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "involvement"], name="contribution_once_per_goal"
            ),
            models.CheckConstraint(condition=~Q(part=""), name="contribution_has_text"),
        ]

    def __str__(self) -> str:
        return self.part[:60]

    @property
    def organisation_label(self) -> str:
        involvement = self.involvement
        if involvement.organisation_id and involvement.organisation is not None:
            return involvement.organisation.name
        return involvement.organisation_name or involvement.get_role_display()


class Evaluation(BaseModel):
    """An evaluation of the plan: per goal the progress and the scaling answers."""

    retention_category = RetentionCategory.DOSSIER

    class Moment(models.TextChoices):
        HALFWAY = "halverwege", _("Halverwege")
        END = "einde", _("Einde")
        INTERIM = "tussentijds", _("Tussentijds")

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="evaluations",
        help_text=_("Het plan."),
    )
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("versie"),
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("De versie van het plan die geëvalueerd is."),
    )
    held_on = models.DateField(_("datum"), help_text=_("Wanneer de evaluatie was."))
    moment = models.CharField(
        _("moment"),
        max_length=20,
        choices=Moment.choices,
        default=Moment.INTERIM,
        help_text=_("Halverwege en aan het einde van het traject, of tussentijds."),
    )
    overall_note = models.TextField(
        _("algemene notitie"), blank=True, help_text=_("Hoe gaat het in het algemeen?")
    )
    next_on = models.DateField(
        _("volgende evaluatie"),
        null=True,
        blank=True,
        help_text=_("Wanneer we het plan weer samen bekijken."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de evaluatie vastlegde."),
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["held_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_on__isnull=True) | Q(next_on__gt=models.F("held_on")),
                name="evaluation_next_after_held",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_moment_display()} ({date_format(self.held_on, 'SHORT_DATE_FORMAT')})"


class GoalEvaluation(BaseModel):
    """One goal in one evaluation: how it is going."""

    retention_category = RetentionCategory.DOSSIER

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluatie"),
        on_delete=models.CASCADE,
        related_name="goal_evaluations",
        help_text=_("De evaluatie."),
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("Het doel zoals het in de geëvalueerde versie stond."),
    )
    goal_key = models.UUIDField(
        _("doelsleutel"),
        db_index=True,
        help_text=_("De sleutel van het doel, om het over versies heen te volgen."),
    )
    progress = models.TextField(
        _("voortgang"), blank=True, help_text=_("Wat is er bereikt, wat gaat goed, wat niet?")
    )

    class Meta:
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        ordering = ["evaluation", "goal__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "goal_key"], name="goal_evaluation_once_per_goal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.goal}"


class ScalingAnswer(BaseModel):
    """A scaling question 0–10 answered by a family member or by a worker (kept apart)."""

    retention_category = RetentionCategory.DOSSIER

    goal_evaluation = models.ForeignKey(
        GoalEvaluation,
        verbose_name=_("evaluatie van het doel"),
        on_delete=models.CASCADE,
        related_name="answers",
        help_text=_("Het doel in de evaluatie."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scaling_answers",
        help_text=_("Het gezinslid dat antwoordde."),
    )
    involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("hulpverlener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scaling_answers",
        help_text=_("De hulpverlener die antwoordde."),
    )
    value = models.PositiveSmallIntegerField(
        _("cijfer"), help_text=_("0 = het doel is nog ver weg; 10 = het doel is bereikt.")
    )

    class Meta:
        verbose_name = _("antwoord op de schaalvraag")
        verbose_name_plural = _("antwoorden op de schaalvraag")
        ordering = ["goal_evaluation", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
                name="scaling_answer_0_to_10",
            ),
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(involvement__isnull=True))
                | (Q(member__isnull=True) & Q(involvement__isnull=False)),
                name="scaling_answer_one_participant",
            ),
            models.UniqueConstraint(
                fields=["goal_evaluation", "member"],
                condition=Q(member__isnull=False),
                name="scaling_answer_once_per_member",
            ),
            models.UniqueConstraint(
                fields=["goal_evaluation", "involvement"],
                condition=Q(involvement__isnull=False),
                name="scaling_answer_once_per_worker",
            ),
        ]

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_family(self) -> bool:
        return self.member_id is not None


# --- The family's answer in the portal (issue 14) --------------------------------------------

RESPONSE_REMARK_MAX = 1000


class PlanResponse(BaseModel):
    """A family member's own answer to a version of the plan, given in the portal: agreed,
    or not — and then what they do not agree with. One answer per member per version; the
    member may change it while the version is a draft. The coach still records the formal
    agreement (`PlanVersion.agreed_by`); this is what the family said."""

    retention_category = RetentionCategory.DOSSIER

    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="responses",
        help_text=_("De versie van het plan waar het gezinslid op antwoordde."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        related_name="plan_responses",
        help_text=_("Het gezinslid dat antwoordde."),
    )
    agrees = models.BooleanField(
        _("eens met het plan"), help_text=_("Of het gezinslid het eens is met deze versie.")
    )
    remark = models.TextField(
        _("waar niet mee eens"),
        max_length=RESPONSE_REMARK_MAX,
        blank=True,
        help_text=_("Wat het gezinslid anders wil; verplicht als het gezinslid het niet eens is."),
    )

    class Meta:
        verbose_name = _("antwoord van het gezin op het plan")
        verbose_name_plural = _("antwoorden van het gezin op het plan")
        ordering = ["version", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"], name="plan_response_once_per_member"
            ),
            models.CheckConstraint(
                condition=Q(agrees=True) | ~Q(remark=""),
                name="plan_response_disagreement_has_remark",
            ),
        ]

    def __str__(self) -> str:
        return str(_("eens") if self.agrees else _("niet eens"))


class StepProposal(BaseModel):
    """A step a betrokken professional proposes for their own organisation (issue 20,
    point 5; seed 004 "Iedere hulpverlener kan zijn stukje in het plan aandragen"). The
    coach accepts it into the next version of the plan (a step owned by that organisation's
    involvement) or declines it with a reason; the proposal stays as the record of both."""

    # Part of the family file, kept and destroyed with it.
    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op de coach")
        ACCEPTED = "overgenomen", _("Overgenomen in het plan")
        DECLINED = "afgewezen", _("Niet overgenomen")

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="step_proposals",
        help_text=_("Het plan."),
    )
    goal_key = models.UUIDField(
        _("doelsleutel"), help_text=_("Het doel, in elke versie van het plan dezelfde sleutel.")
    )
    goal_title = models.CharField(
        _("doel"), max_length=300, help_text=_("De naam van het doel bij het voorstellen.")
    )
    involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="step_proposals",
        help_text=_("De betrokken organisatie die de stap zet."),
    )
    what = models.CharField(
        _("wat"), max_length=300, help_text=_("Een kleine, concrete stap: wat gaat er gebeuren?")
    )
    due_on = models.DateField(
        _("klaar op"), null=True, blank=True, help_text=_("Wanneer de stap gezet moet zijn.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De professional die de stap voorstelde."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Wacht op de coach, overgenomen of niet overgenomen."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De coach die besloot."),
    )
    decided_on = models.DateField(
        _("besloten op"), null=True, blank=True, help_text=_("Wanneer de coach besloot.")
    )
    decline_reason = models.TextField(
        _("reden"), blank=True, help_text=_("Waarom de coach de stap niet overnam.")
    )
    step_key = models.UUIDField(
        _("stapsleutel"),
        null=True,
        blank=True,
        help_text=_("De stap in het plan, als de coach het voorstel overnam."),
    )

    class Meta:
        verbose_name = _("voorgestelde stap")
        verbose_name_plural = _("voorgestelde stappen")
        ordering = ["plan", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", decided_on__isnull=True)
                | (~Q(status="open") & Q(decided_on__isnull=False)),
                name="step_proposal_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgewezen") | ~Q(decline_reason=""),
                name="step_proposal_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def organisation_label(self) -> str:
        involvement = self.involvement
        if involvement.organisation_id and involvement.organisation is not None:
            return involvement.organisation.name
        return involvement.organisation_name or involvement.get_role_display()
