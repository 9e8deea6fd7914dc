from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory
from spil.core.roles import Role


def normalise_email(value: str | None) -> str:
    """The one spelling of an e-mail address: without surrounding spaces, in lower case.

    Stored addresses, the login form and the lockout's username all go through this, so
    `Coach@X.nl ` and `coach@x.nl` are one account with one failure count."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not normalise_email(email):
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def workers(self) -> "models.QuerySet[User]":
        """People who work in Spil and may be picked as a colleague, a worker or a coach:
        active, never a family's own account, never an API client's account."""
        return self.filter(is_active=True, is_family_account=False, is_api_client=False)

    def get_by_natural_key(self, username: str | None) -> "User":
        # Addresses are stored normalised; the typed one is normalised the same way.
        return self.get(email=normalise_email(username))


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A person who logs in to Spil, identified by e-mail address."""

    retention_category = RetentionCategory.ACCOUNT

    email = models.EmailField(
        _("e-mailadres"), unique=True, help_text=_("Hiermee logt u in; in kleine letters.")
    )
    full_name = models.CharField(
        _("naam"), max_length=150, help_text=_("Voor- en achternaam, zoals collega's die kennen.")
    )
    phone = models.CharField(
        _("telefoon"), max_length=30, blank=True, help_text=_("Werktelefoon, voor collega's.")
    )
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten in plaats van verwijderen.")
    )
    is_staff = models.BooleanField(
        _("technisch beheer"),
        default=False,
        help_text=_("Alleen voor technisch beheer; rechten komen uit lidmaatschappen."),
    )
    is_family_account = models.BooleanField(
        _("gezinsaccount"),
        default=False,
        help_text=_(
            "Een ouder of jongere die het eigen gezinsportaal gebruikt; nooit een medewerker."
        ),
    )
    is_api_client = models.BooleanField(
        _("API-koppeling"),
        default=False,
        help_text=_(
            "Het account van een koppeling met een ander systeem (API); geen persoon: "
            "nooit te kiezen als collega of medewerker."
        ),
    )
    date_joined = models.DateTimeField(
        _("sinds"), default=timezone.now, help_text=_("Wanneer het account is aangemaakt.")
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Trim(Lower("email"))),
                name="user_email_normalised",
                violation_error_message=_("E-mailadres in kleine letters, zonder spaties."),
            ),
            # A family account is never staff: no admin, no technical management.
            models.CheckConstraint(
                condition=~models.Q(is_family_account=True)
                | models.Q(is_staff=False, is_superuser=False),
                name="user_family_account_not_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(BaseModel):
    """An organisation in the region: the municipality, the meldpunt, care and non-care."""

    retention_category = RetentionCategory.ANONIEM

    class Kind(models.TextChoices):
        MUNICIPALITY = "gemeente", _("Gemeente")
        MELDPUNT = "meldpunt", _("Meldpunt")
        YOUTH_CARE = "jeugdhulp", _("Jeugdhulp")
        MENTAL_HEALTH = "ggz", _("GGZ")
        EDUCATION = "onderwijs", _("Onderwijs")
        POLICE = "politie", _("Politie")
        HOUSING = "woningcorporatie", _("Woningcorporatie")
        DEBT = "schuldhulp_bewindvoering", _("Schuldhulp / bewindvoering")
        SOCIAL_SERVICES = "sociale_dienst", _("Sociale dienst")
        VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
        CHILD_PROTECTION = "raad_kinderbescherming", _("Raad voor de Kinderbescherming")
        WELFARE = "welzijn", _("Welzijn")
        YOUTH_HEALTH = "jeugdgezondheidszorg", _("Jeugdgezondheidszorg")
        HOME_CARE = "thuiszorg", _("Thuiszorg")
        GENERAL_PRACTICE = "huisarts", _("Huisarts")
        # Named in the seeds (issue 16): 001 H4 (Bureau Jeugdzorg 36% of the referrals, AMW
        # 18%), 002 (leerplicht), 003 (CJG, wijkteam).
        CHILD_PROTECTION_AGENCY = (
            "jeugdbescherming",
            _("Bureau Jeugdzorg / gecertificeerde instelling (jeugdbescherming)"),
        )
        SOCIAL_WORK = "maatschappelijk_werk", _("Algemeen maatschappelijk werk")
        CJG_NEIGHBOURHOOD_TEAM = "cjg_wijkteam", _("CJG / wijkteam")
        PROBATION = "reclassering", _("Reclassering")
        COMPULSORY_EDUCATION = "leerplicht", _("Leerplicht")
        ADDICTION_CARE = "verslavingszorg", _("Verslavingszorg")
        CLIENT_SUPPORT = "mee_clientondersteuning", _("MEE (cliëntondersteuning)")
        OTHER = "anders", _("Anders")

    name = models.CharField(
        _("naam"), max_length=200, unique=True, help_text=_("De naam zoals iedereen die kent.")
    )
    kind = models.CharField(
        _("soort"), max_length=40, choices=Kind.choices, help_text=_("Wat voor organisatie.")
    )
    municipality = models.CharField(
        _("gemeente"), max_length=100, blank=True, help_text=_("Waar de organisatie werkt.")
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True, help_text=_("Algemeen."))
    email = models.EmailField(_("e-mailadres"), blank=True, help_text=_("Algemeen adres."))
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten als de organisatie stopt.")
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    """A team inside an organisation, e.g. a team of gezinscoaches with one teamleider."""

    retention_category = RetentionCategory.ANONIEM

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="teams",
        help_text=_("De organisatie waar het team bij hoort."),
    )
    name = models.CharField(_("naam"), max_length=120, help_text=_("Bijv. Team Noord."))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Membership(BaseModel):
    """A user's role in an organisation (and optionally a team). A user may hold several."""

    retention_category = RetentionCategory.ACCOUNT

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Wie."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text=_("Bij welke organisatie."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text=_("Optioneel: het team binnen de organisatie."),
    )
    role = models.CharField(
        _("rol"), max_length=40, choices=Role.choices, help_text=_("Wat deze persoon hier doet.")
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "team", "role"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(team__isnull=True),
                name="membership_unique_without_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation.name}"

    def clean(self) -> None:
        if self.user_id and self.user.is_family_account:
            # A family account is never staff: no role in any organisation (issue 14).
            raise ValidationError(_("Een gezinsaccount kan geen rol in een organisatie krijgen."))
        if (
            self.team is not None
            and self.organisation_id
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError({"team": _("Dit team hoort niet bij de gekozen organisatie.")})


class MembershipRequest(BaseModel):
    """A role a beheerder asked to give someone. It becomes a Membership only when a
    second beheerder approves it (docs/adr/0007-granting-roles.md): nobody gives
    themselves access to family files, and nobody does it alone."""

    retention_category = RetentionCategory.ACCOUNT

    class Status(models.TextChoices):
        PENDING = "aangevraagd", _("Aangevraagd")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        REJECTED = "afgewezen", _("Afgewezen")

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
        help_text=_("Wie de rol krijgt."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="membership_requests",
        help_text=_("Bij welke organisatie."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="membership_requests",
        null=True,
        blank=True,
        help_text=_("Optioneel: het team binnen de organisatie."),
    )
    role = models.CharField(
        _("rol"), max_length=40, choices=Role.choices, help_text=_("Welke rol wordt gevraagd.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        help_text=_("Pas na goedkeuring door een tweede beheerder geldt de rol."),
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De beheerder die de rol aanvroeg."),
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("De tweede beheerder die goedkeurde of afwees."),
    )
    decided_at = models.DateTimeField(
        _("besloten op"), null=True, blank=True, help_text=_("Wanneer is besloten.")
    )

    class Meta:
        verbose_name = _("rolaanvraag")
        verbose_name_plural = _("rolaanvragen")
        ordering = ["-created_at"]
        constraints = [
            # Four eyes, in the database too: never for oneself, never one's own request.
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="membership_request_not_for_oneself",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user"))
                & ~models.Q(decided_by=models.F("requested_by")),
                name="membership_request_second_person_decides",
            ),
            models.CheckConstraint(
                condition=models.Q(status="aangevraagd", decided_by__isnull=True)
                | models.Q(~models.Q(status="aangevraagd"), decided_by__isnull=False),
                name="membership_request_decided_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation.name} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.user_id and self.user.is_family_account:
            # A family account is never staff: no role in any organisation (issue 14).
            raise ValidationError(_("Een gezinsaccount kan geen rol in een organisatie krijgen."))
        if self.user_id and self.requested_by_id == self.user_id:
            raise ValidationError(
                _("U kunt uzelf geen rol geven. Vraag een andere beheerder om dit te doen.")
            )
        if (
            self.team is not None
            and self.organisation_id
            and self.team.organisation_id != self.organisation_id
        ):
            raise ValidationError({"team": _("Dit team hoort niet bij de gekozen organisatie.")})
        if self.status == self.Status.PENDING and self.user_id and self.organisation_id:
            same = {"organisation_id": self.organisation_id, "team": self.team, "role": self.role}
            if Membership.objects.filter(user_id=self.user_id, **same).exists():
                raise ValidationError(_("Deze persoon heeft deze rol hier al."))
            pending = MembershipRequest.objects.filter(
                user_id=self.user_id, status=self.Status.PENDING, **same
            ).exclude(pk=self.pk)
            if pending.exists():
                raise ValidationError(_("Deze rol is voor deze persoon al aangevraagd."))


class TwoFactorActivation(BaseModel):
    """A single-use link, mailed to the account's own address, that allows setting up
    two-step verification once. Only a hash of the link's token is stored; the token
    itself is random and says nothing about the person."""

    retention_category = RetentionCategory.ACCOUNT

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="two_factor_activations",
        help_text=_("Voor wie de link is."),
    )
    token_hash = models.CharField(
        _("controlewaarde"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("SHA-256 van de code in de link; de code zelf wordt niet bewaard."),
    )
    expires_at = models.DateTimeField(_("geldig tot"), help_text=_("24 uur na het versturen."))
    used_at = models.DateTimeField(
        _("gebruikt op"), null=True, blank=True, help_text=_("Een link werkt één keer.")
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("De beheerder die de tweestapsverificatie herstelde, of leeg."),
    )

    class Meta:
        verbose_name = _("activeringslink tweestapsverificatie")
        verbose_name_plural = _("activeringslinks tweestapsverificatie")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.uuid)

    def is_usable(self, *, now: Any = None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())
