"""Meetings around the family (issue 8, point 5): startgesprek, afstemgesprek,
systeembijeenkomst, zorgconferentie, crisisoverleg and ronde tafel; and (issue 20 point 6)
the Eigen Kracht-conferentie, the familienetwerkberaad and the integraal casusoverleg, each
with its usual agenda (`AGENDA_TEMPLATES`).

A meeting has a date and time, a chair (*voorzitter*), participants (family members,
the coach(es), workers of the team around the family, people from the network, guests),
whether the family is present and if not why not, and who decides when there is no
consensus. Its agenda is a *snapshot* of the plan when the meeting is prepared (open
goals, overdue steps) so the record stays what was discussed, plus — for a
systeembijeenkomst — the five steps of seed 002 §3B. After the meeting: the minutes
(*verslag*), the date they were shared with the family, and the next meeting.

Decisions become plan steps in one action: a `Decision` keeps what was decided, with
whom and by when, and points to the `plans.Step` it became (and the step's key, so it is
followed over plan versions).

The rhythm of the afstemgesprekken (every N weeks) is kept per trajectory in
`MeetingRhythm`, here and not on the trajectory, so this app owns it.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory
from spil.plans.models import Step

RHYTHM_MIN_WEEKS, RHYTHM_MAX_WEEKS = 1, 52

# Seed 002 §3B, "Uitgelicht: een systeembijeenkomst": the five steps of the agenda.
SYSTEM_STEPS = (
    (
        _("De bedoeling van de hulp"),
        _("Alle aanwezigen kijken vanuit het gezinsperspectief naar de bedoeling van de hulp."),
    ),
    (
        _("Ieders eigen perspectief"),
        _("Elk systeem wordt gevraagd om ook het eigen perspectief te belichten."),
    ),
    (
        _("Wat heeft eerder goed gewerkt?"),
        _("Wat heeft er eerder goed gewerkt voor het gezin?"),
    ),
    (
        _("Uitbreiden wat werkt"),
        _("Kan dat type interventies nu uitgebreid worden?"),
    ),
    (
        _("Een gezamenlijke koers"),
        _("Samen komen tot een gezamenlijke koers en een integraal plan van aanpak."),
    ),
)


# Issue 20 point 6. Seed 003 names the Eigen Kracht-conferentie ("waarmee je bijvoorbeeld
# een Eigen Kracht-conferentie kunt organiseren") and the familienetwerkberaad ("Een
# mogelijkheid is het organiseren van een familienetwerkberaad"); seed 002 the integraal
# casusoverleg ("besproken in het gemeentelijk integraal casusoverleg"). Their agendas are
# the usual phases of each.
FAMILY_GROUP_CONFERENCE_STEPS = (
    (
        _("Informatie"),
        _(
            "De coördinator opent; de hulpverleners vertellen wat zij zien en wat zeker moet "
            "(bijv. de veiligheid van de kinderen). Familie en netwerk stellen vragen."
        ),
    ),
    (
        _("Besloten familietijd"),
        _("Het gezin en zijn netwerk maken zonder hulpverleners hun eigen plan."),
    ),
    (
        _("Het plan van de familie"),
        _(
            "De familie vertelt haar plan. De hulpverleners zeggen of het veilig genoeg is; "
            "wie doet wat en wanneer kijken we samen terug."
        ),
    ),
)
FAMILY_NETWORK_STEPS = (
    (_("De zorg op tafel"), _("Waarom we samen zijn: wat is er aan de hand en wat is de vraag?")),
    (_("Wat gaat goed"), _("Wat kan het gezin zelf, en wie in de familie helpt al?")),
    (_("Wie kan wat doen"), _("Wat kan ieder in de familie en het netwerk bieden?")),
    (_("Afspraken"), _("Wie doet wat, tot wanneer, en wie houdt het bij?")),
)
CASE_CONFERENCE_STEPS = (
    (_("De vraag"), _("Wie brengt het gezin in, met welke vraag, en met welke toestemming?")),
    (_("Wat iedere partner weet"), _("Elke organisatie vertelt kort wat zij weet en doet.")),
    (_("Wat is er nodig"), _("Samen kijken naar alle leefgebieden: wat is er nodig?")),
    (
        _("Besluit en regie"),
        _("Wie doet wat, wie heeft de regie, en wie beslist als we het niet eens worden?"),
    ),
    (_("Terug naar het gezin"), _("Wie vertelt het gezin wat er besproken is, en wanneer?")),
)


class Meeting(BaseModel):
    """One meeting about the family, planned, held or called off."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        START = "startgesprek", _("Startgesprek")
        ALIGNMENT = "afstemgesprek", _("Afstemgesprek")
        SYSTEM = "systeembijeenkomst", _("Systeembijeenkomst")
        CARE_CONFERENCE = "zorgconferentie", _("Zorgconferentie")
        CRISIS = "crisisoverleg", _("Crisisoverleg")
        ROUND_TABLE = "ronde_tafel", _("Ronde tafel")
        FAMILY_GROUP_CONFERENCE = "eigen_kracht", _("Eigen Kracht-conferentie")
        FAMILY_NETWORK = "familienetwerkberaad", _("Familienetwerkberaad")
        CASE_CONFERENCE = "casusoverleg", _("Integraal casusoverleg")

    class Status(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        HELD = "gehouden", _("Gehouden")
        CANCELLED = "afgelast", _("Afgelast")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="meetings",
        help_text=_("Het gezin waar het overleg over gaat."),
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text=_("Het traject dat liep toen het overleg werd gepland; daarop telt het ritme."),
    )
    kind = models.CharField(
        _("soort overleg"),
        max_length=20,
        choices=Kind.choices,
        help_text=_(
            "Startgesprek, afstemgesprek, systeembijeenkomst, zorgconferentie, crisisoverleg, "
            "ronde tafel, Eigen Kracht-conferentie, familienetwerkberaad of integraal "
            "casusoverleg."
        ),
    )
    starts_at = models.DateTimeField(
        _("wanneer"), db_index=True, help_text=_("Datum en tijd van het overleg.")
    )
    place = models.CharField(
        _("waar"), max_length=200, blank=True, help_text=_("Bijv. bij het gezin thuis, op school.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_("Gepland, gehouden (het verslag is vastgelegd) of afgelast."),
    )
    family_present = models.BooleanField(
        _("gezin aanwezig"),
        default=True,
        help_text=_(
            "Het gezin is bij voorkeur aanwezig, zodat het gesprek niet over het hoofd van het "
            "gezin heen gaat."
        ),
    )
    family_absent_reason = models.TextField(
        _("waarom het gezin er niet bij is"),
        blank=True,
        help_text=_(
            "Verplicht als het gezin er niet bij is. Bijv. het gezin wil niet, of heeft "
            "vertrouwen in de gezinscoach als woordvoerder en rapporteur."
        ),
    )
    tie_breaker_role = models.CharField(
        _("beslist zonder overeenstemming (rol)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Als niet één van de deelnemers beslist: de rol die de knoop doorhakt, bijv. het "
            "afdelingshoofd."
        ),
    )
    minutes = models.TextField(
        _("verslag"),
        blank=True,
        help_text=_("Wat er besproken is; het gezin krijgt het verslag."),
    )
    minutes_shared_on = models.DateField(
        _("verslag gedeeld met het gezin op"),
        null=True,
        blank=True,
        help_text=_("Wanneer het gezin het verslag kreeg; leeg zolang dat niet is gebeurd."),
    )
    next_on = models.DateField(
        _("volgend overleg"),
        null=True,
        blank=True,
        help_text=_("Wanneer het volgende overleg is."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("volgt op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text=_("Het overleg waarin dit overleg werd gepland."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepland door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het overleg vastlegde."),
    )

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["family", "starts_at"])]
        constraints = [
            # Without the family, why not is always written down.
            models.CheckConstraint(
                condition=Q(family_present=True) | ~Q(family_absent_reason=""),
                name="meeting_absent_family_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="gehouden") | ~Q(minutes=""),
                name="meeting_held_has_minutes",
            ),
            models.CheckConstraint(
                condition=Q(minutes_shared_on__isnull=True) | ~Q(minutes=""),
                name="meeting_shared_minutes_exist",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {date_format(when, 'SHORT_DATETIME_FORMAT')}"

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def chair(self) -> "Participant | None":
        """From the prefetched participants."""
        return next((p for p in self.participants.all() if p.is_chair), None)

    @property
    def tie_breaker(self) -> "Participant | None":
        return next((p for p in self.participants.all() if p.is_tie_breaker), None)

    @property
    def one_line(self) -> str:
        """A one-line summary for a timeline: kind, chair, the family, decisions, minutes.
        Uses the prefetched participants and `decision_count` when annotated. Names of
        people from the network are never shown here."""
        parts = [self.get_kind_display()]
        chair = self.chair
        if chair is not None:
            parts.append(gettext("voorzitter %(name)s") % {"name": chair.public_name})
        if self.family_present:
            parts.append(gettext("gezin aanwezig"))
        else:
            parts.append(gettext("zonder het gezin"))
        if self.is_cancelled:
            parts.append(gettext("afgelast"))
        count = getattr(self, "decision_count", None)
        if count:
            parts.append(
                ngettext("%(count)d besluit in het plan", "%(count)d besluiten in het plan", count)
                % {"count": count}
            )
        if self.minutes_shared_on:
            parts.append(
                gettext("verslag gedeeld op %(date)s")
                % {"date": date_format(self.minutes_shared_on, "DATE_FORMAT")}
            )
        elif self.is_held:
            parts.append(gettext("verslag nog niet gedeeld"))
        return "; ".join(parts)


class Participant(BaseModel):
    """Someone taking part: a family member, a coach, a worker of the team around the
    family, someone from the network, or a guest named in free text. The name is kept as
    it was, so the record stays readable."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        MEMBER = "gezinslid", _("Gezinslid")
        COACH = "coach", _("Coach")
        WORKER = "betrokkene", _("Betrokken hulpverlener")
        NETWORK = "netwerk", _("Iemand uit het netwerk")
        GUEST = "gast", _("Gast")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="participants",
        help_text=_("Het overleg."),
    )
    kind = models.CharField(
        _("soort deelnemer"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Gezinslid, coach, betrokken hulpverlener, netwerk of gast."),
    )
    member = models.ForeignKey(
        "families.Member",
        verbose_name=_("gezinslid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        help_text=_("Als een gezinslid meedoet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        help_text=_("Als de coach of de back-up coach meedoet."),
    )
    involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("betrokken hulpverlener"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        help_text=_("Als een hulpverlener uit het team rond het gezin meedoet."),
    )
    network = models.ForeignKey(
        "families.NetworkContact",
        verbose_name=_("netwerkcontact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
        help_text=_("Als iemand uit het netwerk meedoet (de naam blijft bewaard)."),
    )
    name = models.CharField(
        _("naam"),
        max_length=200,
        help_text=_("De naam zoals die was bij het vastleggen; bij een gast de getypte naam."),
    )
    is_chair = models.BooleanField(
        _("voorzitter"), default=False, help_text=_("Zit het overleg voor.")
    )
    is_tie_breaker = models.BooleanField(
        _("beslist zonder overeenstemming"),
        default=False,
        help_text=_("Hakt de knoop door als er geen overeenstemming is."),
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["meeting", "-is_chair", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="gezinslid",
                        member__isnull=False,
                        user__isnull=True,
                        involvement__isnull=True,
                        network__isnull=True,
                    )
                    | Q(
                        kind="coach",
                        member__isnull=True,
                        user__isnull=False,
                        involvement__isnull=True,
                        network__isnull=True,
                    )
                    | Q(
                        kind="betrokkene",
                        member__isnull=True,
                        user__isnull=True,
                        involvement__isnull=False,
                        network__isnull=True,
                    )
                    # A removed network contact leaves the name: the FK may then be empty.
                    | Q(
                        kind="netwerk",
                        member__isnull=True,
                        user__isnull=True,
                        involvement__isnull=True,
                    )
                    | Q(
                        kind="gast",
                        member__isnull=True,
                        user__isnull=True,
                        involvement__isnull=True,
                        network__isnull=True,
                    )
                )
                & ~Q(name=""),
                name="participant_one_person",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(is_chair=True), name="participant_one_chair"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(is_tie_breaker=True),
                name="participant_one_tie_breaker",
            ),
            models.UniqueConstraint(
                fields=["meeting", "member"],
                condition=Q(member__isnull=False),
                name="participant_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="participant_user_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "involvement"],
                condition=Q(involvement__isnull=False),
                name="participant_involvement_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "network"],
                condition=Q(network__isnull=False),
                name="participant_network_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self) -> object | None:
        return self.member or self.user or self.involvement or self.network

    @property
    def public_name(self) -> str:
        """The name for those who may not see the family's network (never shared)."""
        if self.kind == self.Kind.NETWORK:
            return gettext("iemand uit het netwerk")
        return self.name


class AgendaItem(BaseModel):
    """One point on the agenda, copied when the meeting was prepared: an open goal or an
    overdue step of the plan, a step of the systeembijeenkomst, or an own point."""

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        # The value stays "systeemstap" (existing rows); it is a step of any kind's agenda.
        SYSTEM_STEP = "systeemstap", _("Vaste stap van dit soort overleg")
        GOAL = "doel", _("Open doel uit het plan")
        STEP = "stap", _("Stap uit het plan die te laat is")
        OWN = "eigen", _("Eigen agendapunt")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="agenda",
        help_text=_("Het overleg."),
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder.")
    )
    kind = models.CharField(
        _("soort agendapunt"),
        max_length=20,
        choices=Kind.choices,
        help_text=_("Uit het plan, een stap van de systeembijeenkomst of een eigen punt."),
    )
    title = models.CharField(
        _("agendapunt"),
        max_length=300,
        help_text=_("Zoals het op de agenda stond (bij een doel of stap: de tekst van toen)."),
    )
    note = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Bijv. de uitleg bij een stap van de systeembijeenkomst."),
    )
    goal_key = models.UUIDField(
        _("doelsleutel"),
        null=True,
        blank=True,
        help_text=_("De sleutel van het doel in het plan, om het over versies te volgen."),
    )
    step_key = models.UUIDField(
        _("stapsleutel"),
        null=True,
        blank=True,
        help_text=_("De sleutel van de stap in het plan, om die over versies te volgen."),
    )
    owner_name = models.CharField(
        _("wie de stap zet"),
        max_length=200,
        blank=True,
        help_text=_("Bij een stap: wie hem zet, zoals het toen in het plan stond."),
    )
    due_on = models.DateField(
        _("klaar op"),
        null=True,
        blank=True,
        help_text=_("Bij een stap: wanneer hij gezet moest zijn."),
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="agenda_item_has_title"),
            models.CheckConstraint(
                condition=~Q(kind="doel") | Q(goal_key__isnull=False),
                name="agenda_item_goal_has_key",
            ),
            models.CheckConstraint(
                condition=~Q(kind="stap") | Q(step_key__isnull=False),
                name="agenda_item_step_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def from_plan(self) -> bool:
        return self.kind in (self.Kind.GOAL, self.Kind.STEP)


# The usual agenda of each kind of meeting that has one: drawn first when it is planned.
AGENDA_TEMPLATES: dict[str, tuple[tuple[Any, Any], ...]] = {
    Meeting.Kind.SYSTEM: SYSTEM_STEPS,
    Meeting.Kind.FAMILY_GROUP_CONFERENCE: FAMILY_GROUP_CONFERENCE_STEPS,
    Meeting.Kind.FAMILY_NETWORK: FAMILY_NETWORK_STEPS,
    Meeting.Kind.CASE_CONFERENCE: CASE_CONFERENCE_STEPS,
}


class Decision(BaseModel):
    """A decision of the meeting that became a step in the family's plan, with its owner
    and date. The step is linked; its key follows it over plan versions."""

    retention_category = RetentionCategory.DOSSIER

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="decisions",
        help_text=_("Het overleg waarin besloten is."),
    )
    what = models.CharField(
        _("besluit"),
        max_length=300,
        help_text=_("Wat er besloten is: een kleine, concrete stap."),
    )
    goal = models.ForeignKey(
        "plans.Goal",
        verbose_name=_("doel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        help_text=_("Het doel in het plan waar het besluit bij hoort."),
    )
    goal_key = models.UUIDField(
        _("doelsleutel"), help_text=_("De sleutel van het doel, over versies van het plan heen.")
    )
    goal_title = models.CharField(
        _("doel (toen)"), max_length=300, help_text=_("Het doel zoals het toen in het plan stond.")
    )
    step = models.ForeignKey(
        "plans.Step",
        verbose_name=_("stap in het plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_decisions",
        help_text=_("De stap die het besluit in het plan werd."),
    )
    step_key = models.UUIDField(
        _("stapsleutel"), help_text=_("De sleutel van de stap, over versies van het plan heen.")
    )
    owner_kind = models.CharField(
        _("soort eigenaar"),
        max_length=20,
        choices=Step.OwnerKind.choices,
        help_text=_("Gezinslid, coach, betrokken hulpverlener of iemand uit het netwerk."),
    )
    owner_name = models.CharField(
        _("wie voert het uit"),
        max_length=200,
        help_text=_("De naam van wie het besluit uitvoert, zoals die was bij het vastleggen."),
    )
    due_on = models.DateField(_("klaar op"), help_text=_("Wanneer het klaar moet zijn."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het besluit vastlegde."),
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["meeting", "created_at", "id"]
        constraints = [
            # A decision without an owner is refused, here too.
            models.CheckConstraint(
                condition=~Q(what="") & ~Q(owner_name="") & ~Q(owner_kind=""),
                name="decision_has_what_and_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def public_owner(self) -> str:
        if self.owner_kind == Step.OwnerKind.NETWORK:
            return gettext("iemand uit het netwerk")
        return self.owner_name


class MeetingRhythm(BaseModel):
    """How often the afstemgesprekken of a trajectory are held: every N weeks. Seed 001
    (H7): "van nooit tot een keer per half jaar tot een keer per 3 à 4 maanden tot
    maandelijks" — so no rhythm at all is fine too."""

    retention_category = RetentionCategory.DOSSIER

    trajectory = models.OneToOneField(
        "trajectories.Trajectory",
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="meeting_rhythm",
        help_text=_("Het traject."),
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("elke zoveel weken"),
        help_text=_("Bijv. 4 (maandelijks), 13 (elk kwartaal) of 26 (elk half jaar)."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het ritme vastlegde."),
    )

    class Meta:
        verbose_name = _("ritme van de afstemgesprekken")
        verbose_name_plural = _("ritmes van de afstemgesprekken")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__gte=RHYTHM_MIN_WEEKS, every_weeks__lte=RHYTHM_MAX_WEEKS),
                name="meeting_rhythm_1_to_52_weeks",
            )
        ]

    def __str__(self) -> str:
        return gettext("Elke %(weeks)d weken") % {"weeks": self.every_weeks}
