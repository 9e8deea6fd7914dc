"""The sociale kaart: programmes with their own rules (configuration, not code), and the
local offer with its categories and the interventions it applies (issue 16)."""

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory


class Programme(BaseModel):
    """A coaching programme of a provider, with its own rules (configuration, not code)."""

    retention_category = RetentionCategory.ANONIEM

    name = models.CharField(_("naam"), max_length=150, unique=True, help_text=_("Bijv. VIG."))
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text=_("De organisatie waar de coaches werken."),
    )

    class Frame(models.TextChoices):
        VOLUNTARY = "vrijwillig", _("Vrijwillig")
        PRESSURE = "drang", _("Drang")
        COMPULSION = "dwang", _("Dwang")

    class Duration(models.TextChoices):
        FIXED = "vast", _("Vast aantal maanden, met verlenging tot een maximum")
        UNTIL_YOUNGEST_18 = "tot_jongste_18", _("Open: tot het jongste kind 18 wordt")
        AS_LONG_AS_NEEDED = "zolang_nodig", _("Zo lang als nodig")

    frame = models.CharField(
        _("kader"),
        max_length=20,
        choices=Frame.choices,
        default=Frame.VOLUNTARY,
        help_text=_("Vrijwillig, drang (weigeren kost bijv. een uitkering) of dwang."),
    )
    duration = models.CharField(
        _("duur"),
        max_length=20,
        choices=Duration.choices,
        default=Duration.FIXED,
        help_text=_("Hoe lang een traject mag duren."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duur in maanden"),
        null=True,
        blank=True,
        help_text=_("Bij een vaste duur: bijv. 6."),
    )
    max_months = models.PositiveSmallIntegerField(
        _("maximum met verlenging"),
        null=True,
        blank=True,
        help_text=_("Bij een vaste duur: bijv. 12. Daarna stopt de financiering."),
    )
    plan_due_weeks = models.PositiveSmallIntegerField(
        _("plan klaar binnen (weken)"), default=6, help_text=_("Het plan van aanpak is er binnen…")
    )
    first_plan_goal_limit = models.PositiveSmallIntegerField(
        _("doelen in het eerste plan"),
        default=3,
        help_text=_("Een waarschuwing, geen blokkade, als het eerste plan meer doelen heeft."),
    )
    contact_intensity = models.CharField(
        _("verwachte contactintensiteit"),
        max_length=200,
        blank=True,
        help_text=_("Bijv. wekelijks een huisbezoek; 1 uur per 2–3 weken tot 3–4 dagen per week."),
    )
    reachable_24_7 = models.BooleanField(
        _("coach 24/7 bereikbaar"), default=False, help_text=_("Zoals bij VIG.")
    )
    work_budget_eur = models.PositiveIntegerField(
        _("standaard werkbudget per coach per jaar (€)"),
        null=True,
        blank=True,
        help_text=_(
            "Het bedrag dat de teamleider voorgesteld krijgt bij het vaststellen van het "
            "werkbudget van een coach voor een kalenderjaar, bijv. 5000. Het echte budget "
            "staat per coach (of team) per jaar bij Werkbudget."
        ),
    )
    caseload_min = models.PositiveSmallIntegerField(
        _("caseload minimaal"),
        null=True,
        blank=True,
        help_text=_("Aantal gezinnen per voltijd coach, ondergrens van de norm."),
    )
    caseload_max = models.PositiveSmallIntegerField(
        _("caseload maximaal"),
        null=True,
        blank=True,
        help_text=_("Aantal gezinnen per voltijd coach, bovengrens van de norm."),
    )
    is_active = models.BooleanField(_("actief"), default=True, help_text=_("Nog in gebruik?"))

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_min__isnull=True)
                | models.Q(caseload_max__isnull=True)
                | models.Q(caseload_min__lte=models.F("caseload_max")),
                name="programme_caseload_min_le_max",
            ),
            models.CheckConstraint(
                condition=~models.Q(duration="vast")
                | (
                    models.Q(duration_months__isnull=False)
                    & models.Q(max_months__gte=models.F("duration_months"))
                ),
                name="programme_fixed_duration_has_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def caseload_norm(self) -> str:
        if self.caseload_min and self.caseload_max:
            return f"{self.caseload_min}–{self.caseload_max}"
        return str(self.caseload_max or self.caseload_min or "—")


# --- Glossary (issue 16) ------------------------------------------------------------------


class GlossaryTerm(BaseModel):
    """A word of the method, explained once for everyone (seed 004: partners name the same
    thing differently, and use one word for different things). Shown on the spot wherever
    the word appears in a heading or a label (`spil/directory/glossary.py`)."""

    retention_category = RetentionCategory.ANONIEM

    term = models.CharField(
        _("begrip"),
        max_length=100,
        unique=True,
        help_text=_("Het woord zoals Spil het gebruikt, bijv. afstemgesprek."),
    )
    slug = models.SlugField(
        _("anker"),
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=_("Kort, zonder spaties; de plek van het begrip op de pagina Begrippen."),
    )
    short_definition = models.CharField(
        _("korte uitleg"),
        max_length=300,
        help_text=_(
            "Eén of twee korte zinnen in gewone taal (B1). Dit leest ook het gezin in het portaal."
        ),
    )
    explanation = models.TextField(
        _("uitgebreide uitleg"),
        blank=True,
        max_length=3000,
        help_text=_("Voor professionals: wat het is, waar het vandaan komt, waar het op let."),
    )
    synonyms = models.TextField(
        _("andere woorden"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Woorden die partners voor hetzelfde gebruiken, één per regel. Ook deze worden "
            "op een pagina uitgelegd."
        ),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("lijkt op"),
        blank=True,
        symmetrical=True,
        help_text=_(
            "Begrippen die erop lijken maar niet hetzelfde zijn (bijv. regie en ketenregie)."
        ),
    )
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten om het begrip niet meer uit te leggen.")
    )

    class Meta:
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]

    def clean(self) -> None:
        """A word may stand for one term only: a synonym that is another term's word (or
        another term's synonym) would make the explanation on the spot ambiguous."""
        from django.core.exceptions import ValidationError

        mine = {word.casefold() for word in [self.term, *self.synonym_list]}
        if len(mine) < 1 + len(self.synonym_list):
            raise ValidationError(
                {"synonyms": _("Een woord staat dubbel, of is gelijk aan het begrip zelf.")}
            )
        for other in GlossaryTerm.objects.exclude(pk=self.pk).only("term", "synonyms"):
            taken = mine & {word.casefold() for word in [other.term, *other.synonym_list]}
            if taken:
                field = "term" if self.term.casefold() in taken else "synonyms"
                raise ValidationError(
                    {
                        field: _("‘%(word)s’ hoort al bij het begrip %(other)s.")
                        % {"word": sorted(taken)[0], "other": other.term}
                    }
                )


# --- The sociale kaart: categories, interventions, offers (issue 16) -------------------------


class OfferCategory(BaseModel):
    """A kind of help on the sociale kaart (schuldhulp, wonen, …). Managed in the admin;
    the list a sociale kaart needs ships with the app (migration 0005)."""

    retention_category = RetentionCategory.ANONIEM

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Kort en vast, kleine letters, bijv. schuldhulp. Gebruikt bij importeren."),
    )
    label = models.CharField(
        _("naam"), max_length=100, unique=True, help_text=_("Zoals de coach hem leest.")
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder in de lijst.")
    )
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten in plaats van verwijderen.")
    )

    class Meta:
        verbose_name = _("categorie van aanbod")
        verbose_name_plural = _("categorieën van aanbod")
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class Recognition(models.TextChoices):
    """The levels of the Databank Effectieve Jeugdinterventies (NJI); empty: not known."""

    NONE = "geen", _("Niet erkend")
    WELL_FOUNDED = "goed_onderbouwd", _("Goed onderbouwd")
    FIRST_EVIDENCE = "eerste_aanwijzingen", _("Effectief volgens eerste aanwijzingen")
    GOOD_EVIDENCE = "goede_aanwijzingen", _("Effectief volgens goede aanwijzingen")
    STRONG_EVIDENCE = "sterke_aanwijzingen", _("Effectief volgens sterke aanwijzingen")


class Intervention(BaseModel):
    """A method used around the family (Signs of Safety, Triple P, MST, …)."""

    retention_category = RetentionCategory.ANONIEM

    name = models.CharField(
        _("naam"), max_length=200, unique=True, help_text=_("Bijv. Signs of Safety.")
    )
    description = models.TextField(
        _("beschrijving"), blank=True, help_text=_("Wat de methode is en hoe ze werkt.")
    )
    target_group = models.CharField(
        _("doelgroep"),
        max_length=300,
        blank=True,
        help_text=_("Voor wie, bijv. gezinnen met kinderen van 0–12 jaar."),
    )
    recognition = models.CharField(
        _("erkenning (NJI)"),
        max_length=30,
        choices=Recognition.choices,
        blank=True,
        help_text=_(
            "Het niveau in de Databank Effectieve Jeugdinterventies van het NJI; "
            "leeg als het niet bekend is."
        ),
    )

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Offer(BaseModel):
    """What one organisation offers: who it is for, how soon and how to get in."""

    retention_category = RetentionCategory.ANONIEM

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="offers",
        help_text=_("Wie het aanbod geeft."),
    )
    name = models.CharField(
        _("naam"), max_length=200, help_text=_("Bijv. Schuldhulpverlening voor gezinnen.")
    )
    description = models.TextField(
        _("beschrijving"), blank=True, help_text=_("Wat het aanbod is, voor wie en hoe het gaat.")
    )
    category = models.ForeignKey(
        OfferCategory,
        verbose_name=_("categorie"),
        on_delete=models.PROTECT,
        related_name="offers",
        help_text=_("Soort hulp."),
    )
    age_from = models.PositiveSmallIntegerField(
        _("leeftijd vanaf"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Jongste leeftijd in jaren; leeg: geen ondergrens."),
    )
    age_to = models.PositiveSmallIntegerField(
        _("leeftijd tot en met"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Oudste leeftijd in jaren; leeg: geen bovengrens."),
    )
    voluntary = models.BooleanField(
        _("vrijwillig"), default=True, help_text=_("Kan het gezin zelf kiezen (ja) of niet (nee)?")
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duur in weken"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(520)],
        help_text=_("Hoe lang het aanbod gewoonlijk duurt."),
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        _("wachttijd in weken"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(520)],
        help_text=_("De wachttijd nu; 0 is geen wachttijd, leeg is onbekend."),
    )
    request = models.TextField(
        _("aanmelden"),
        blank=True,
        help_text=_("Hoe het gezin of de coach zich aanmeldt: wie belt, wat is nodig."),
    )
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        help_text=_("De methode die het aanbod toepast, als die er is."),
    )
    phone = models.CharField(
        _("telefoon"), max_length=30, blank=True, help_text=_("Om aan te melden of te vragen.")
    )
    email = models.EmailField(_("e-mailadres"), blank=True, help_text=_("Om aan te melden."))
    website = models.URLField(_("website"), blank=True, help_text=_("Meer informatie."))
    municipalities = models.CharField(
        _("gemeenten"),
        max_length=300,
        blank=True,
        help_text=_("Gescheiden door komma's; leeg: de hele regio."),
    )
    districts = models.CharField(
        _("wijken"),
        max_length=300,
        blank=True,
        help_text=_("Gescheiden door komma's; leeg: alle wijken."),
    )
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uitzetten als het aanbod er niet meer is.")
    )
    checked_on = models.DateField(
        _("laatst gecontroleerd"),
        null=True,
        blank=True,
        help_text=_("Wanneer iemand de gegevens voor het laatst naliep."),
    )
    # The search index (docs/adr/0020): Dutch stems for SQLite, a tsvector on PostgreSQL.
    # Both are written by `services.offers_reindex`, never by hand.
    search_stems = models.TextField(
        _("zoekwoorden"),
        blank=True,
        editable=False,
        help_text=_("De stammen van de woorden van het aanbod, voor het zoeken."),
    )
    search_vector = SearchVectorField(
        _("zoekindex"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("PostgreSQL: de zoekindex van het aanbod."),
    )

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="offer_name_once_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(age_from__isnull=True)
                | models.Q(age_to__isnull=True)
                | models.Q(age_from__lte=models.F("age_to")),
                name="offer_age_from_le_age_to",
                violation_error_message=_("De leeftijd vanaf is hoger dan de leeftijd tot."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age_label(self) -> str:
        if self.age_from is not None and self.age_to is not None:
            return str(_("%(a)s–%(b)s jaar") % {"a": self.age_from, "b": self.age_to})
        if self.age_from is not None:
            return str(_("vanaf %(a)s jaar") % {"a": self.age_from})
        if self.age_to is not None:
            return str(_("tot en met %(b)s jaar") % {"b": self.age_to})
        return str(_("alle leeftijden"))

    @property
    def waiting_label(self) -> str:
        if self.waiting_weeks is None:
            return str(_("onbekend"))
        if self.waiting_weeks == 0:
            return str(_("geen wachttijd"))
        return str(
            ngettext("%(n)s week", "%(n)s weken", self.waiting_weeks) % {"n": self.waiting_weeks}
        )
