"""Daily work with a family: contacts, appointments, promises (toezeggingen) and the
crisis log. Meetings live in their own app (`spil.meetings`, ADR 0006)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory

_WITH_WHOM = "_with_whom_text"


def with_whom_text(first_names: list[str], helpers: list[str]) -> str:
    """The members' first names, then the helpers ("" for nobody)."""
    return "; ".join(part for part in (", ".join(first_names), ", ".join(helpers)) if part)


def remember_with_whom(row: "Contact | Appointment", text: str) -> None:
    """Gives a row its "met wie" read beforehand (`contacts.selectors`: a list page reads
    the texts of all its rows in two queries of plain values)."""
    row.__dict__[_WITH_WHOM] = text


def _with_whom(row: "Contact | Appointment") -> str:
    """The text read beforehand, else from the row's members and helpers (prefetched by
    the reads of one row) in one pass, instead of a template walking them three times."""
    read: str | None = row.__dict__.get(_WITH_WHOM)
    if read is not None:
        return read
    return with_whom_text(
        [member.first_name for member in row.members.all()],
        [str(involvement) for involvement in row.involvements.all()],
    )


class Contact(BaseModel):
    """A home visit, call, message or meeting with the family or a helper.

    The summary may be read by the team as far as consent allows (part "contacten"); the
    working note never leaves the author's organisation.
    """

    retention_category = RetentionCategory.DOSSIER

    class Kind(models.TextChoices):
        HOME_VISIT = "huisbezoek", _("Huisbezoek")
        PHONE = "telefoon", _("Telefoon")
        MESSAGE = "bericht", _("Bericht")
        OFFICE = "kantoor", _("Gesprek op kantoor")
        OUTREACH = "outreachend", _("Outreachend (op straat, school, …)")
        HELPER = "hulpverlener", _("Contact met een hulpverlener")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="contacts",
        help_text=_("Het gezin."),
    )
    occurred_at = models.DateTimeField(
        _("wanneer"), help_text=_("Datum en tijd van het contact."), db_index=True
    )
    kind = models.CharField(
        _("soort contact"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.HOME_VISIT,
        help_text=_("Huisbezoek, telefoon, bericht, kantoor, outreachend of met een hulpverlener."),
    )
    members = models.ManyToManyField(
        "families.Member",
        verbose_name=_("met gezinsleden"),
        blank=True,
        related_name="contacts",
        help_text=_("Met wie van het gezin."),
    )
    involvements = models.ManyToManyField(
        "families.Involvement",
        verbose_name=_("met hulpverleners"),
        blank=True,
        related_name="contacts",
        help_text=_("Met wie van de betrokken hulpverlening."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), null=True, blank=True, help_text=_("Hoe lang het duurde.")
    )
    summary = models.TextField(
        _("samenvatting"),
        blank=True,
        help_text=_("Wat het team mag lezen, voor zover het gezin toestemming gaf."),
    )
    working_note = models.TextField(
        _("werkaantekening"),
        blank=True,
        help_text=_("Alleen voor uw eigen organisatie; gaat nooit naar anderen."),
    )
    is_crisis = models.BooleanField(
        _("crisis"), default=False, help_text=_("Was dit contact een crisis?")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie het contact vastlegde."),
    )
    author_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie van wie het vastlegde; de werkaantekening blijft daar."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-occurred_at", "-id"]
        # The list and the timeline read a page on (occurred_at, id) within the family.
        indexes = [
            models.Index(fields=["family", "occurred_at", "id"], name="contact_family_moment")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__isnull=True)
                | models.Q(duration_minutes__lte=24 * 60),
                name="contact_duration_within_a_day",
            )
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.occurred_at), "SHORT_DATETIME_FORMAT")
        return f"{self.get_kind_display()} {when}"

    @property
    def with_whom(self) -> str:
        return _with_whom(self)


class Appointment(BaseModel):
    """An appointment with the family: planned, then kept or missed.

    Trust grows when the coach comes on time (seed 000); the kept-appointment rate per
    family and per worker is computed from `status`.
    """

    retention_category = RetentionCategory.DOSSIER

    class Status(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        KEPT = "nagekomen", _("Nagekomen")
        CANCELLED_BY_FAMILY = "afgezegd_gezin", _("Afgezegd door het gezin")
        CANCELLED_BY_WORKER = "afgezegd_werker", _("Afgezegd door de hulpverlener")
        NO_SHOW = "niet_verschenen", _("Niet verschenen")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="appointments",
        help_text=_("Het gezin."),
    )
    starts_at = models.DateTimeField(
        _("begint om"), help_text=_("Datum en tijd van het begin."), db_index=True
    )
    ends_at = models.DateTimeField(
        _("eindigt om"), null=True, blank=True, help_text=_("Datum en tijd van het einde.")
    )
    place = models.CharField(
        _("waar"), max_length=200, blank=True, help_text=_("Bijv. thuis, op kantoor, op school.")
    )
    purpose = models.CharField(
        _("waarover"),
        max_length=300,
        blank=True,
        help_text=_("Kort: waar de afspraak over gaat. Het team mag dit lezen binnen toestemming."),
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hulpverlener"),
        on_delete=models.PROTECT,
        related_name="appointments",
        help_text=_("Wie de afspraak heeft met het gezin (meestal de coach)."),
    )
    worker_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie van de hulpverlener bij het maken van de afspraak."),
    )
    members = models.ManyToManyField(
        "families.Member",
        verbose_name=_("met gezinsleden"),
        blank=True,
        related_name="appointments",
        help_text=_("Met wie van het gezin."),
    )
    involvements = models.ManyToManyField(
        "families.Involvement",
        verbose_name=_("met hulpverleners"),
        blank=True,
        related_name="appointments",
        help_text=_("Met wie van de betrokken hulpverlening."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        db_index=True,
        help_text=_("Gepland, nagekomen, afgezegd door gezin of hulpverlener, niet verschenen."),
    )
    status_note = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Bijv. waarom de afspraak niet doorging."),
    )
    contact = models.OneToOneField(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment",
        help_text=_("Het contact dat bij een nagekomen afspraak is vastgelegd."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de afspraak vastlegde."),
    )
    # The family's answer in its portal (issue 14): confirmed, or cancelled with a reason
    # (then `status` is "afgezegd_gezin" and `status_note` holds the reason).
    confirmed_at = models.DateTimeField(
        _("bevestigd door het gezin op"),
        null=True,
        blank=True,
        help_text=_("Wanneer het gezin de afspraak in het portaal bevestigde."),
    )
    answered_by_member = models.ForeignKey(
        "families.Member",
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Het gezinslid dat de afspraak in het portaal bevestigde of afzegde."),
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["starts_at", "id"]
        indexes = [
            # The list reads a page on (starts_at, id) within the family, both ways.
            models.Index(fields=["family", "starts_at", "id"], name="appointment_family_moment"),
            models.Index(fields=["worker", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")

    @property
    def with_whom(self) -> str:
        return _with_whom(self)

    @property
    def is_cancelled(self) -> bool:
        return self.status in (self.Status.CANCELLED_BY_FAMILY, self.Status.CANCELLED_BY_WORKER)


class Promise(BaseModel):
    """A toezegging: who promised what to whom, by when, and whether it was kept.

    Trust grows when promises are kept (seed 000). A renegotiated promise is closed as
    such and continues as a new promise (`follows`), so the figure stays honest.
    """

    retention_category = RetentionCategory.DOSSIER

    class Direction(models.TextChoices):
        COACH_TO_FAMILY = "coach_gezin", _("Coach aan gezin")
        WORKER_TO_FAMILY = "hulpverlener_gezin", _("Hulpverlener aan gezin")
        FAMILY_TO_COACH = "gezin_coach", _("Gezin aan coach")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        KEPT = "nagekomen", _("Nagekomen")
        BROKEN = "niet_nagekomen", _("Niet nagekomen")
        RENEGOTIATED = "opnieuw_afgesproken", _("Opnieuw afgesproken")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="promises",
        help_text=_("Het gezin."),
    )
    direction = models.CharField(
        _("wie aan wie"),
        max_length=20,
        choices=Direction.choices,
        help_text=_("Coach aan gezin, hulpverlener aan gezin of gezin aan coach."),
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beloofd door (coach)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises",
        help_text=_("De coach die het beloofde."),
    )
    by_involvement = models.ForeignKey(
        "families.Involvement",
        verbose_name=_("beloofd door (hulpverlener)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises",
        help_text=_("De betrokken hulpverlener die het beloofde."),
    )
    by_member = models.ForeignKey(
        "families.Member",
        verbose_name=_("beloofd door (gezinslid)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises_made",
        help_text=_("Het gezinslid dat het beloofde."),
    )
    to_member = models.ForeignKey(
        "families.Member",
        verbose_name=_("beloofd aan (gezinslid)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="promises_received",
        help_text=_("Leeg: aan het hele gezin."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie van wie het beloofde (leeg als het gezin belooft)."),
    )
    what = models.CharField(
        _("wat"), max_length=300, help_text=_("Wat er beloofd is, kort en concreet.")
    )
    due_on = models.DateField(_("uiterlijk op"), help_text=_("Wanneer het gedaan moet zijn."))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
        help_text=_("Open, nagekomen, niet nagekomen of opnieuw afgesproken."),
    )
    status_on = models.DateField(
        _("status op"), null=True, blank=True, help_text=_("Sinds wanneer deze status geldt.")
    )
    status_note = models.CharField(
        _("toelichting"),
        max_length=300,
        blank=True,
        help_text=_("Bijv. waarom de toezegging niet is nagekomen of opnieuw is afgesproken."),
    )
    follows = models.OneToOneField(
        "self",
        verbose_name=_("vervolg op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        help_text=_("De eerdere toezegging die opnieuw is afgesproken."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de toezegging vastlegde."),
    )

    class Meta:
        verbose_name = _("toezegging")
        verbose_name_plural = _("toezeggingen")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["family", "status", "due_on"]),
            # The closed ones are read a page at a time on (status_on, id).
            models.Index(fields=["family", "status_on", "id"], name="promise_family_closed"),
            # The monitoring counts the promises made or closed in a period, of all families.
            models.Index(fields=["created_at"], name="promise_made"),
            models.Index(fields=["status_on"], name="promise_closed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="open") & models.Q(status_on__isnull=True))
                | (~models.Q(status="open") & models.Q(status_on__isnull=False)),
                name="promise_status_has_date",
            ),
            # Exactly the promisor the direction names.
            models.CheckConstraint(
                condition=(
                    models.Q(direction="coach_gezin")
                    & models.Q(by_user__isnull=False)
                    & models.Q(by_involvement__isnull=True)
                    & models.Q(by_member__isnull=True)
                )
                | (
                    models.Q(direction="hulpverlener_gezin")
                    & models.Q(by_user__isnull=True)
                    & models.Q(by_involvement__isnull=False)
                    & models.Q(by_member__isnull=True)
                )
                | (
                    models.Q(direction="gezin_coach")
                    & models.Q(by_user__isnull=True)
                    & models.Q(by_involvement__isnull=True)
                    & models.Q(by_member__isnull=False)
                ),
                name="promise_promisor_matches_direction",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def promisor(self) -> Any:
        """Who promised: the coach (a user), a worker (an involvement) or a member."""
        return self.by_user or self.by_involvement or self.by_member

    @property
    def is_overdue(self) -> bool:
        """Open and past its date (Europe/Amsterdam)."""
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class Crisis(BaseModel):
    """An entry in the crisis log, apart from the plan: what happened and what was done.

    A contact logged with the crisis flag gets its entry at once (`contact`, one entry per
    contact, so it is counted once); its words stay with the contact, in the part
    "contacten". The crisis log itself belongs to the part "veiligheid".
    """

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="crises",
        help_text=_("Het gezin."),
    )
    occurred_at = models.DateTimeField(
        _("wanneer"), help_text=_("Datum en tijd van de crisis."), db_index=True
    )
    what_happened = models.TextField(
        _("wat er gebeurde"),
        blank=True,
        help_text=_("Kort en feitelijk: wat er gebeurde."),
    )
    what_was_done = models.TextField(
        _("wat er is gedaan"),
        blank=True,
        help_text=_("Wat de coach, het gezin en anderen deden om de crisis te keren."),
    )
    contact = models.OneToOneField(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="crisis",
        help_text=_("Het contact dat als crisis is vastgelegd, als de crisis zo begon."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de crisis vastlegde."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie van wie het vastlegde."),
    )

    class Meta:
        verbose_name = _("crisis")
        verbose_name_plural = _("crisislog")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["family", "occurred_at"])]
        constraints = [
            # An entry says what happened, or points at the contact that does.
            models.CheckConstraint(
                condition=models.Q(contact__isnull=False) | ~models.Q(what_happened=""),
                name="crisis_says_what_happened",
            )
        ]

    def __str__(self) -> str:
        return date_format(timezone.localtime(self.occurred_at), "SHORT_DATETIME_FORMAT")


class WhatIfAgreement(BaseModel):
    """A wat-als-afspraak (seed 002, §3B): if this happens, who does what and who tells
    whom. Made to anticipate escalation; ended when it no longer holds."""

    retention_category = RetentionCategory.DOSSIER

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("gezin"),
        on_delete=models.CASCADE,
        related_name="what_if_agreements",
        help_text=_("Het gezin."),
    )
    crisis = models.ForeignKey(
        Crisis,
        verbose_name=_("naar aanleiding van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("De crisis waarna deze afspraak is gemaakt, als die er was."),
    )
    situation = models.CharField(
        _("als dit gebeurt"),
        max_length=300,
        help_text=_("De situatie waarvoor de afspraak geldt, bijv. “als vader weer dreigt”."),
    )
    who_does_what = models.TextField(
        _("wie doet wat"), help_text=_("Wie doet dan wat, in welke volgorde.")
    )
    who_tells_whom = models.TextField(
        _("wie informeert wie"), help_text=_("Wie wie op de hoogte brengt, en hoe snel.")
    )
    agreed_on = models.DateField(_("afgesproken op"), help_text=_("Wanneer dit is afgesproken."))
    ended_on = models.DateField(
        _("beëindigd op"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang de afspraak geldt."),
    )
    end_reason = models.CharField(
        _("waarom beëindigd"),
        max_length=300,
        blank=True,
        help_text=_("Bijv. de situatie doet zich niet meer voor."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Wie de afspraak vastlegde."),
    )

    class Meta:
        verbose_name = _("wat-als-afspraak")
        verbose_name_plural = _("wat-als-afspraken")
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("agreed_on")),
                name="what_if_ends_after_agreed",
            )
        ]

    def __str__(self) -> str:
        return self.situation

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
