"""The demo meldpunt: thirty referrals about families in Lindeveen, walked through the real
intake services (validated and audited) as the coordinator would.

Every referral is a hand-written `ReferralSpec`; dates are days counted back from today
(received) and forward from the day of receipt (every later step), so the demo always
looks current and no date lies in the future. Deterministic and idempotent: a referral
whose kenmerk (`DEMO-001` …) already exists at the meldpunt is skipped, and each
referral is made whole or not at all.

The mix follows the Limburg figures of seed 001 (44% returned with advice at weighing,
25% after assessment, 19% family coach, the rest extra help, care coordination or child
protection) and keeps a few referrals in progress at every status.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.directory.models import Programme
from spil.families.models import FamilyRole, InvolvementRole
from spil.families.services import InvolvementData, MemberData
from spil.intake import services
from spil.intake.models import (
    Answer,
    Assessment,
    CoachProposal,
    Decision,
    Outcome,
    Referral,
    Weighing,
)

MELDPUNT = "Meldpunt Zorg om Gezinnen Lindeveen"
COACH_ORGANISATION = "Gezinscoaching Lindeveen"
PROGRAMME = "Gezinscoaching Lindeveen"

Kind = Organisation.Kind
YES, NO, UNKNOWN = Answer.YES, Answer.NO, Answer.UNKNOWN
NORMAL, PRIORITY, CRISIS = (
    Referral.Urgency.NORMAL,
    Referral.Urgency.PRIORITY,
    Referral.Urgency.CRISIS,
)
FAMILY_TALK, ROUND_TABLE = Assessment.Kind.FAMILY_TALK, Assessment.Kind.ROUND_TABLE
CHOSEN, AGREED, VETOED = (
    CoachProposal.Response.CHOSEN,
    CoachProposal.Response.AGREED,
    CoachProposal.Response.VETOED,
)
REGULAR_HELP_SUFFICES = Decision.ReturnReason.REGULAR_HELP_SUFFICES
EXTRA_HELP_ARRANGED = Decision.ReturnReason.EXTRA_HELP_ARRANGED
NOT_MOTIVATED = Decision.ReturnReason.NOT_MOTIVATED


# --- The shape of a spec ---------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A family member. `age` is the age on the day of the family's first referral;
    `birthday` is "DD-MM". An empty surname means the family's name."""

    role: str
    first_name: str
    age: int
    birthday: str
    surname: str = ""
    at_home: bool = True


def parent(first_name: str, age: int, birthday: str, surname: str = "") -> Person:
    return Person(FamilyRole.PARENT, first_name, age, birthday, surname)


def stepparent(first_name: str, age: int, birthday: str, surname: str) -> Person:
    return Person(FamilyRole.STEP_PARENT, first_name, age, birthday, surname)


def child(
    first_name: str, age: int, birthday: str, *, surname: str = "", at_home: bool = True
) -> Person:
    return Person(FamilyRole.CHILD, first_name, age, birthday, surname, at_home)


@dataclass(frozen=True)
class Referrer:
    """Someone outside Spil, entered by the coordinator."""

    name: str
    organisation: str  # linked to the organisation in Spil when one has this name
    kind: str
    phone: str


@dataclass(frozen=True)
class Helper:
    """Help already involved, as the referrer names it; `user` is a demo handle."""

    role: str
    organisation: str
    name: str = ""
    user: str = ""


@dataclass(frozen=True)
class Proposal:
    """A coach proposed to the family. Days count from the day of receipt;
    `answered=None` means the family has not answered yet."""

    coach: str  # demo handle
    proposed: int
    answered: int | None = None
    response: str = AGREED
    category: str = CoachProposal.Category.UNKNOWN_PROFESSIONAL
    veto_reason: str = ""
    in_person: bool = True  # the referrer introduced the coach face to face
    # Issue 20: a coach without an account (network member, volunteer); `coach` is then the
    # coordinator, who holds the file for them.
    coach_kind: str = "medewerker"
    lay_name: str = ""
    lay_reach: str = ""


@dataclass(frozen=True)
class Steps:
    """What the meldpunt did, in days after receipt; None is not (yet) done.

    A referral with `advice` is returned at weighing; one with a meeting but no
    `findings` has its conversation planned but not yet recorded."""

    family_known: bool = True  # the coordinator has created or linked the family
    weigh: int | None = None
    criteria: tuple[str, str, str] = (YES, YES, YES)  # not effective, broader, no regie
    advice: str = ""
    weigh_return: str = ""  # the reason code of a return at weighing (issue 20)
    consent: int | None = None
    consent_by: str = ""  # first name of the parent who consents; default the first parent
    meeting: int | None = None
    meeting_kind: str = FAMILY_TALK
    findings: str = ""
    decide: int | None = None
    outcome: str = ""
    reason: str = ""
    return_reason: str = ""
    proposals: tuple[Proposal, ...] = ()


@dataclass(frozen=True)
class ReferralSpec:
    number: int  # kenmerk DEMO-001 …
    received: int  # days before today
    family: str
    postcode: str
    house_number: str
    members: tuple[Person, ...]
    referrer: Referrer | str  # an outside referrer, or the handle of a professional in Spil
    concerns: str  # in the referrer's own words
    steps: Steps
    helpers: tuple[Helper, ...] = ()
    urgency: str = NORMAL
    same_family_as: int | None = None  # an earlier referral about this family

    @property
    def external_id(self) -> str:
        return external_id(self.number)


def external_id(number: int) -> str:
    return f"DEMO-{number:03d}"


# --- Referrers, helpers and families that recur -------------------------------------------

HUISARTS_BRINK = Referrer(
    "Paul Jacobs", "Huisartsenpraktijk De Brink", Kind.GENERAL_PRACTICE, "0573 451 220"
)
HUISARTS_ZUID = Referrer(
    "Karin Bosman", "Gezondheidscentrum Lindeveen-Zuid", Kind.GENERAL_PRACTICE, "0573 455 010"
)
MENTOR_COLLEGE = Referrer("Marco Dijkstra", "Lindeveen College", Kind.EDUCATION, "0573 460 800")
IB_WEGWIJZER = Referrer("Saskia Meijer", "Basisschool De Wegwijzer", Kind.EDUCATION, "0573 430 990")
WIJKAGENT = Referrer("Rob Verbeek", "Politie Basisteam Lindeveen", Kind.POLICE, "0573 470 110")
CONSULTATIEBUREAU = Referrer(
    "Esther Brouwer", "Consultatiebureau Lindeveen", Kind.YOUTH_HEALTH, "0573 480 300"
)
JGZ_GGD = Referrer(
    "Lotte van Rijn", "GGD Rivierenland, jeugdgezondheidszorg", Kind.YOUTH_HEALTH, "0573 480 320"
)
THUISZORG = Referrer("Agnes Wolters", "Thuiszorg Rivierenland", Kind.HOME_CARE, "0573 490 555")
BUURTTEAM = Referrer("Joost Hermans", "Welzijn Lindeveen", Kind.WELFARE, "0573 440 210")
JEUGDHULP = Referrer("Wendy Peters", "Jeugdhulp Rivierenland", Kind.YOUTH_CARE, "0573 420 150")
GGZ_LINDE = Referrer("Ellen Kuipers", "GGZ De Linde", Kind.MENTAL_HEALTH, "0573 410 700")

REGENBOOG = "Openbare Basisschool De Regenboog"
WEGWIJZER = "Basisschool De Wegwijzer"
COLLEGE = "Lindeveen College"
POLITIE = "Politie Basisteam Lindeveen"
BEWIND = "Schuldhulp & Bewind Lindeveen"
BRINK = "Huisartsenpraktijk De Brink"
CONSULTATIEBUREAU_ORG = "Consultatiebureau Lindeveen"

VERHOEVEN = (
    parent("Patrick", 41, "14-03"),
    parent("Mandy", 38, "02-11"),
    child("Jesse", 12, "27-06"),
    child("Lieke", 9, "09-01"),
)


# --- The thirty referrals, oldest first ------------------------------------------------

REFERRALS: list[ReferralSpec] = [
    ReferralSpec(
        number=1,
        received=298,
        family="Verhoeven",
        postcode="7321 BK",
        house_number="14",
        members=VERHOEVEN,
        referrer="professional2",
        concerns=(
            "Jesse komt de laatste maanden vaak te laat of helemaal niet op school en valt in "
            "de klas in slaap. Moeder vertelt dat het thuis onrustig is sinds vader zijn baan "
            "kwijt is."
        ),
        helpers=(Helper(InvolvementRole.SCHOOL, REGENBOOG, "Ingrid Smit", user="professional2"),),
        steps=Steps(
            weigh=9,
            criteria=(NO, UNKNOWN, NO),
            weigh_return="een_aanbieder",
            advice=(
                "Bespreek met ouders de inzet van het schoolmaatschappelijk werk en betrek de "
                "leerplichtambtenaar bij het verzuim. Meld opnieuw als het verzuim aanhoudt of "
                "als er meer blijkt te spelen."
            ),
        ),
    ),
    ReferralSpec(
        number=2,
        received=287,
        family="Koster",
        postcode="7314 DG",
        house_number="3",
        members=(parent("Ilse", 34, "21-08"), child("Sem", 8, "15-04"), child("Fenna", 5, "30-10")),
        referrer=HUISARTS_BRINK,
        concerns=(
            "Moeder komt vaak op het spreekuur met vermoeidheid en piekeren. Ze vertelt dat ze "
            "de opvoeding alleen niet meer aankan sinds de scheiding en dat Sem thuis veel "
            "driftbuien heeft."
        ),
        helpers=(
            Helper(InvolvementRole.GP, BRINK, "Paul Jacobs"),
            Helper(InvolvementRole.SCHOOL, WEGWIJZER),
        ),
        steps=Steps(
            weigh=4,
            criteria=(UNKNOWN, YES, YES),
            consent=9,
            meeting=23,
            findings=(
                "Moeder is overbelast maar kan goed zeggen wat ze nodig heeft. Ze heeft zelf een "
                "afspraak gemaakt met het maatschappelijk werk en school biedt Sem een training. "
                "Vader is weer in beeld en neemt de kinderen elk weekend."
            ),
            decide=30,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=REGULAR_HELP_SUFFICES,
            reason=(
                "Met het maatschappelijk werk, de training op school en een vader die weer "
                "meedoet is reguliere hulp voldoende. Moeder kan opnieuw melden als het vastloopt."
            ),
        ),
    ),
    ReferralSpec(
        number=3,
        received=275,
        family="Öztürk",
        postcode="7331 HV",
        house_number="58",
        members=(
            parent("Murat", 45, "05-05"),
            parent("Elif", 42, "18-12"),
            child("Emre", 16, "11-02"),
            child("Zeynep", 13, "24-09"),
        ),
        referrer=MENTOR_COLLEGE,
        concerns=(
            "Emre verzuimt veel en is in de klas teruggetrokken. Ouders zijn moeilijk "
            "bereikbaar; we weten niet goed wat er thuis speelt."
        ),
        helpers=(Helper(InvolvementRole.SCHOOL, COLLEGE, "Marco Dijkstra"),),
        steps=Steps(
            weigh=12,
            criteria=(NO, UNKNOWN, UNKNOWN),
            weigh_return="een_aanbieder",
            advice=(
                "Nodig ouders samen met de leerplichtambtenaar uit op school, zo nodig met een "
                "tolk, en schakel de jeugdarts in voor het verzuim. Het meldpunt denkt graag mee "
                "als dat niet lukt."
            ),
        ),
    ),
    ReferralSpec(
        number=4,
        received=262,
        family="Bouali",
        postcode="7316 EP",
        house_number="121",
        members=(
            parent("Karim", 39, "12-07"),
            parent("Naima", 36, "03-03", surname="El Idrissi"),
            child("Yassin", 14, "28-01"),
            child("Soufiane", 11, "16-10"),
            child("Nour", 6, "07-05"),
        ),
        referrer=WIJKAGENT,
        urgency=PRIORITY,
        concerns=(
            "Er zijn de afgelopen maanden vier meldingen van ruzie en geluidsoverlast op dit "
            "adres geweest. Yassin is twee keer aangehouden voor winkeldiefstal en ouders lijken "
            "geen grip meer op hem te hebben."
        ),
        helpers=(
            Helper(InvolvementRole.NEIGHBOURHOOD_OFFICER, POLITIE, "Rob Verbeek"),
            Helper(InvolvementRole.YOUTH_CARE, "Jeugdhulp Rivierenland"),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
        ),
        steps=Steps(
            weigh=2,
            consent=6,
            meeting=15,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Ouders willen de situatie thuis veranderen maar staan met de rug naar elkaar. "
                "De jeugdhulp voor Yassin loopt vast omdat niemand het geheel overziet. Het gezin "
                "wil één vast persoon die helpt het overzicht terug te krijgen."
            ),
            decide=22,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "De hulp die er is werkt onvoldoende, de problemen zijn breder dan die hulp en "
                "ouders kunnen de regie nu niet zelf voeren. Inzet van een gezinscoach."
            ),
            proposals=(Proposal("coach1", proposed=25, answered=31),),
        ),
    ),
    ReferralSpec(
        number=5,
        received=250,
        family="Kowalski",
        postcode="7345 RT",
        house_number="7",
        members=(
            parent("Tomasz", 33, "19-09"),
            parent("Agnieszka", 31, "01-06"),
            child("Oliwia", 4, "22-02"),
            child("Kacper", 0, "10-12"),
        ),
        referrer=CONSULTATIEBUREAU,
        concerns=(
            "Moeder lijkt uitgeput en spreekt weinig Nederlands. Kacper groeit minder goed dan "
            "verwacht en afspraken op het consultatiebureau worden vaak gemist."
        ),
        helpers=(Helper(InvolvementRole.OTHER, CONSULTATIEBUREAU_ORG, "Esther Brouwer"),),
        steps=Steps(
            weigh=8,
            criteria=(NO, YES, UNKNOWN),
            weigh_return="hulp_effectief",
            advice=(
                "Plan het volgende consult met een tolk en verwijs moeder naar het buurtteam voor "
                "steun bij de opvoeding en de taal. Meld opnieuw als dit onvoldoende helpt."
            ),
        ),
    ),
    ReferralSpec(
        number=6,
        received=236,
        family="Wijnands",
        postcode="7322 NC",
        house_number="40",
        members=(
            parent("Marloes", 44, "13-04"),
            stepparent("Stefan", 46, "29-08", surname="Kuiper"),
            child("Daan", 15, "06-12"),
            child("Roos", 12, "20-03"),
        ),
        referrer="professional1",
        concerns=(
            "Moeder is bij ons in behandeling voor een depressie. Zij maakt zich grote zorgen "
            "over Daan, die thuis agressief is naar zijn stiefvader en zijn zusje."
        ),
        helpers=(
            Helper(
                InvolvementRole.MENTAL_HEALTH, "GGZ De Linde", "Ruud Jansen", user="professional1"
            ),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
        ),
        steps=Steps(
            weigh=5,
            criteria=(YES, YES, UNKNOWN),
            consent=11,
            meeting=28,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Daan staat al op de wachtlijst voor een agressieregulatietraining en school heeft "
                "een zorgcoördinator ingezet. Moeder en stiefvader willen samen aan de slag met "
                "opvoedondersteuning bij de GGZ."
            ),
            decide=35,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=EXTRA_HELP_ARRANGED,
            reason=(
                "De training voor Daan start binnen vier weken en ouders krijgen "
                "opvoedondersteuning. Met die hulp en de zorgcoördinator op school kan het gezin "
                "de regie zelf voeren."
            ),
        ),
    ),
    ReferralSpec(
        # No minor child: allowed, and flagged at weighing.
        number=7,
        received=224,
        family="Pinas",
        postcode="7351 AJ",
        house_number="22",
        members=(
            parent("Sharon", 49, "04-07"),
            child("Jordi", 22, "17-11"),
            child("Shanice", 19, "08-05"),
        ),
        referrer=THUISZORG,
        concerns=(
            "Moeder heeft sinds een herseninfarct veel zorg nodig. De volwassen kinderen zorgen "
            "voor haar maar lopen vast; Jordi is met zijn opleiding gestopt."
        ),
        helpers=(
            Helper(InvolvementRole.OTHER, "Thuiszorg Rivierenland", "Agnes Wolters"),
            Helper(InvolvementRole.GP, BRINK),
        ),
        steps=Steps(
            weigh=7,
            criteria=(YES, YES, NO),
            weigh_return="geen_minderjarig_kind",
            advice=(
                "In dit gezin wonen geen minderjarige kinderen, dus gezinscoaching past niet. "
                "Verwijs naar het sociaal wijkteam voor mantelzorgondersteuning en naar de "
                "Wmo-consulent voor extra zorg thuis."
            ),
        ),
    ),
    ReferralSpec(
        number=8,
        received=213,
        family="Van Leeuwen",
        postcode="7318 GW",
        house_number="9",
        members=(
            parent("Bas", 37, "23-02", surname="van Leeuwen"),
            parent("Nicole", 35, "15-08", surname="van Leeuwen"),
            child("Tim", 10, "01-12", surname="van Leeuwen"),
            child("Sophie", 7, "19-06", surname="van Leeuwen"),
            child("Lotte", 3, "05-10", surname="van Leeuwen"),
        ),
        referrer=BUURTTEAM,
        concerns=(
            "Vader is sinds een half jaar werkloos en de huur is drie maanden niet betaald. "
            "Ouders maken veel ruzie waar de kinderen bij zijn, en de woningcorporatie dreigt "
            "met ontruiming."
        ),
        helpers=(
            Helper(InvolvementRole.HOUSING, "Woonstichting Thuisbasis"),
            Helper(InvolvementRole.SOCIAL_SERVICES, "Sociale Dienst Lindeveen"),
            Helper(InvolvementRole.SOCIAL_WORK, "Welzijn Lindeveen", "Joost Hermans"),
        ),
        steps=Steps(
            weigh=6,
            criteria=(YES, YES, UNKNOWN),
            consent=10,
            meeting=21,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Ouders zijn gemotiveerd en kunnen zelf veel, maar de geldzorgen drukken op alles. "
                "De ruzies gaan vooral over geld. De woningcorporatie wil meewerken aan een "
                "betalingsregeling."
            ),
            decide=27,
            outcome=Outcome.EXTRA_HELP,
            reason=(
                "Het gezin kan de regie zelf voeren als de schulden worden aangepakt. Afgesproken: "
                "schuldhulpverlening met voorrang en opvoedondersteuning via het buurtteam. De "
                "woningcorporatie schort de ontruiming op."
            ),
        ),
    ),
    ReferralSpec(
        number=9,
        received=201,
        family="Demir",
        postcode="7336 BX",
        house_number="31",
        members=(
            parent("Hasan", 48, "09-09"),
            parent("Ayşe", 44, "27-04"),
            child("Burak", 17, "02-02"),
            child("Selin", 15, "14-07"),
        ),
        referrer="professional4",
        concerns=(
            "Burak is opgepakt bij een vechtpartij op het stationsplein. Ouders waren erg "
            "geschrokken en willen zelf hulp zoeken; thuis lijkt het verder goed te gaan."
        ),
        helpers=(
            Helper(
                InvolvementRole.NEIGHBOURHOOD_OFFICER, POLITIE, "Linda Mulder", user="professional4"
            ),
        ),
        steps=Steps(
            weigh=10,
            criteria=(NO, NO, NO),
            weigh_return="eigen_regie",
            advice=(
                "Ouders zijn gemotiveerd en hebben al contact met de huisarts. Verwijs Burak naar "
                "Halt en houd contact met de jeugdagent. Meld opnieuw als er meer blijkt te spelen."
            ),
        ),
    ),
    ReferralSpec(
        number=10,
        received=190,
        family="Ramdin",
        postcode="7327 LM",
        house_number="5",
        members=(
            parent("Rajesh", 43, "30-01"),
            parent("Anita", 40, "12-12"),
            child("Priya", 13, "03-08"),
            child("Dev", 10, "25-03"),
        ),
        referrer=JEUGDHULP,
        urgency=PRIORITY,
        concerns=(
            "Priya heeft een eetstoornis en is in behandeling. Ouders zijn uitgeput, vader werkt "
            "dubbele diensten en Dev raakt uit beeld. Er zijn vijf hulpverleners en niemand "
            "overziet het geheel."
        ),
        helpers=(
            Helper(InvolvementRole.MENTAL_HEALTH, "GGZ De Linde", "team eetstoornissen"),
            Helper(InvolvementRole.YOUTH_CARE, "Jeugdhulp Rivierenland", "Wendy Peters"),
            # The coach the family knows from last year's parenting course.
            Helper(InvolvementRole.YOUTH_CARE, COACH_ORGANISATION, user="coach2"),
            Helper(InvolvementRole.SCHOOL, REGENBOOG),
        ),
        steps=Steps(
            weigh=3,
            consent=7,
            meeting=17,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Alle hulp is gericht op Priya; niemand kijkt naar het gezin als geheel. Ouders "
                "willen iemand die de hulp op elkaar afstemt en oog heeft voor Dev. Zij kennen een "
                "van de gezinscoaches van de oudercursus en vragen naar hem."
            ),
            decide=24,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "De hulp is versnipperd en ouders kunnen de regie niet voeren naast de zorg voor "
                "Priya. Een gezinscoach stemt de hulp af samen met het gezin."
            ),
            proposals=(
                Proposal(
                    "coach2",
                    proposed=26,
                    answered=33,
                    response=CHOSEN,
                    category=CoachProposal.Category.ALREADY_INVOLVED,
                ),
            ),
        ),
    ),
    ReferralSpec(
        number=11,
        received=178,
        family="De Graaf",
        postcode="7341 SE",
        house_number="77",
        members=(
            parent("Mark", 36, "08-06", surname="de Graaf"),
            parent("Femke", 34, "22-01", surname="de Graaf"),
            child("Julia", 6, "13-09", surname="de Graaf"),
            child("Finn", 4, "01-04", surname="de Graaf"),
        ),
        referrer=IB_WEGWIJZER,
        concerns=(
            "Julia is vaak verdrietig in de klas en vertelt dat papa en mama steeds boos zijn. "
            "Ouders gaan scheiden en praten niet meer met elkaar."
        ),
        helpers=(Helper(InvolvementRole.SCHOOL, WEGWIJZER, "Saskia Meijer"),),
        steps=Steps(
            weigh=6,
            criteria=(UNKNOWN, YES, YES),
            consent=13,
            meeting=30,
            findings=(
                "Ouders waren allebei bij het gesprek en willen de kinderen buiten hun conflict "
                "houden. Ze volgen samen een traject voor gescheiden ouders en maken een "
                "ouderschapsplan; school blijft Julia volgen."
            ),
            decide=41,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=REGULAR_HELP_SUFFICES,
            reason=(
                "Ouders werken samen aan een ouderschapsplan en volgen een traject voor "
                "gescheiden ouders. Met de steun van school volstaat die hulp."
            ),
        ),
    ),
    ReferralSpec(
        number=12,
        received=166,
        family="Boukhari",
        postcode="7312 TR",
        house_number="16",
        members=(
            parent("Fatiha", 32, "27-07"),
            child("Adam", 9, "19-12"),
            child("Ilias", 7, "05-02"),
        ),
        referrer=HUISARTS_BRINK,
        concerns=(
            "Moeder heeft veel lichamelijke klachten en slaapt slecht. Ze vertelt dat vader "
            "vorig jaar is vertrokken en dat ze er alleen voor staat."
        ),
        helpers=(Helper(InvolvementRole.GP, BRINK, "Paul Jacobs"),),
        steps=Steps(
            weigh=14,
            criteria=(NO, UNKNOWN, NO),
            advice=(
                "Verwijs moeder naar de praktijkondersteuner GGZ en naar het buurtteam voor "
                "praktische steun. Er is nu geen hulp die tekortschiet; meld opnieuw als dat wel "
                "zo blijkt."
            ),
        ),
    ),
    ReferralSpec(
        number=13,
        received=155,
        family="Wiśniewski",
        postcode="7362 KB",
        house_number="2",
        members=(
            parent("Piotr", 29, "11-11"),
            parent("Karolina", 26, "28-03"),
            child("Zofia", 3, "17-06"),
            child("Antoni", 0, "09-12"),
        ),
        referrer="professional4",
        urgency=CRISIS,
        concerns=(
            "Vannacht is de politie voor de derde keer dit jaar ingeschakeld na huiselijk geweld. "
            "De kinderen waren erbij; moeder wil geen aangifte doen en vader ontkent."
        ),
        helpers=(
            Helper(
                InvolvementRole.NEIGHBOURHOOD_OFFICER, POLITIE, "Linda Mulder", user="professional4"
            ),
            Helper(InvolvementRole.OTHER, "Veilig Thuis Rivierenland"),
            Helper(InvolvementRole.OTHER, CONSULTATIEBUREAU_ORG),
        ),
        steps=Steps(
            weigh=2,
            consent=4,
            consent_by="Karolina",
            meeting=14,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Moeder erkent het geweld, vader niet. Vader weigert hulp en na de melding is er "
                "opnieuw een incident geweest. Veilig Thuis schat de veiligheid van Zofia en "
                "Antoni als onvoldoende in."
            ),
            decide=21,
            outcome=Outcome.CHILD_PROTECTION,
            reason=(
                "De veiligheid van de kinderen is met vrijwillige hulp niet te waarborgen: vader "
                "weigert hulp en er is opnieuw geweld geweest. In overleg met Veilig Thuis is de "
                "Raad voor de Kinderbescherming om onderzoek gevraagd."
            ),
        ),
    ),
    ReferralSpec(
        number=14,
        received=143,
        family="Aksoy",
        postcode="7353 PG",
        house_number="45b",
        members=(parent("Deniz", 27, "14-02"), child("Mila", 2, "26-08")),
        referrer=CONSULTATIEBUREAU,
        concerns=(
            "Moeder is jong, woont sinds kort zelfstandig en heeft weinig mensen om zich heen. "
            "Ze vraagt zelf om hulp bij de opvoeding van Mila."
        ),
        helpers=(Helper(InvolvementRole.OTHER, CONSULTATIEBUREAU_ORG, "E. Brouwer"),),
        steps=Steps(
            weigh=11,
            criteria=(NO, NO, NO),
            advice=(
                "Moeder vraagt zelf om hulp en kan die ook zelf regelen. Verwijs haar naar "
                "vrijwillige thuisondersteuning via het buurtteam en naar een moedergroep bij "
                "Welzijn Lindeveen."
            ),
        ),
    ),
    ReferralSpec(
        number=15,
        received=131,
        family="Veenstra",
        postcode="7325 WA",
        house_number="88",
        members=(
            parent("Erik", 47, "20-05"),
            parent("Monique", 45, "07-10"),
            child("Kevin", 20, "15-01"),
            child("Thijs", 17, "30-06"),
            child("Noa", 14, "11-03"),
        ),
        referrer=GGZ_LINDE,
        concerns=(
            "Vader heeft een alcoholprobleem en is net klinisch opgenomen geweest. Moeder houdt "
            "het gezin draaiende maar raakt overbelast; Thijs blowt veel en Noa zegt dat ze niet "
            "meer naar huis wil."
        ),
        helpers=(
            Helper(InvolvementRole.MENTAL_HEALTH, "GGZ De Linde", "Ellen Kuipers"),
            Helper(InvolvementRole.BEWINDVOERDER, BEWIND, "Kees van Dam", user="professional3"),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
        ),
        steps=Steps(
            weigh=4,
            consent=9,
            meeting=24,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Vader wil nuchter blijven en ook moeder wil verder. Iedereen helpt één gezinslid, "
                "maar niemand het gezin. Noa wil thuis blijven als er afspraken komen over de "
                "avonden."
            ),
            decide=33,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "De hulp voor vader, Thijs en Noa loopt los van elkaar en moeder kan het niet meer "
                "overzien. Een gezinscoach maakt met het gezin één plan."
            ),
            # Introduced by telephone: the GGZ worker could not be there.
            proposals=(Proposal("coach1", proposed=36, answered=44, in_person=False),),
        ),
    ),
    ReferralSpec(
        number=16,
        received=120,
        family="Sno",
        postcode="7338 CH",
        house_number="12",
        members=(
            parent("Glenn", 38, "02-09"),
            parent("Chantal", 35, "19-04"),
            child("Dylan", 13, "28-11"),
            child("Jaylen", 9, "06-06"),
        ),
        referrer=MENTOR_COLLEGE,
        concerns=(
            "Dylan is dit schooljaar al drie keer geschorst vanwege agressie tegen "
            "medeleerlingen. Ouders zeggen dat het aan school ligt en willen niet met de "
            "zorgcoördinator praten."
        ),
        helpers=(Helper(InvolvementRole.SCHOOL, COLLEGE, "Marco Dijkstra"),),
        steps=Steps(
            weigh=7,
            criteria=(YES, UNKNOWN, UNKNOWN),
            consent=14,
            meeting=26,
            findings=(
                "Ouders kwamen naar het gesprek maar zien geen reden voor hulp thuis. Er zijn geen "
                "signalen van onveiligheid. School en ouders spreken af elke maand te evalueren."
            ),
            decide=38,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=NOT_MOTIVATED,
            reason=(
                "Ouders willen nu geen gezinscoach en er zijn geen zorgen over de veiligheid. "
                "School houdt de vinger aan de pols en kan opnieuw melden."
            ),
        ),
    ),
    ReferralSpec(
        number=17,
        received=109,
        family="Lambrechts",
        postcode="7347 ZN",
        house_number="3",
        members=(parent("Joyce", 30, "22-10"), child("Luuk", 5, "12-01"), child("Evi", 3, "27-05")),
        referrer=BUURTTEAM,
        concerns=(
            "Moeder heeft moeite met de administratie en de post blijft ongeopend liggen. Ze "
            "vraagt hulp bij het aanvragen van toeslagen."
        ),
        helpers=(Helper(InvolvementRole.SOCIAL_WORK, "Welzijn Lindeveen", "Joost Hermans"),),
        steps=Steps(
            weigh=8,
            criteria=(NO, NO, NO),
            advice=(
                "Dit is een vraag voor de formulierenbrigade en het buurtteam; er zijn geen zorgen "
                "over de kinderen genoemd. Meld opnieuw als er meer blijkt te spelen."
            ),
        ),
    ),
    ReferralSpec(
        number=18,
        received=98,
        family="Haddou",
        postcode="7333 GK",
        house_number="61",
        members=(
            parent("Mustafa", 50, "15-03"),
            parent("Samira", 46, "01-09"),
            child("Imane", 19, "22-12"),
            child("Bilal", 16, "10-07"),
            child("Rayan", 12, "18-02"),
            child("Anas", 8, "29-10"),
        ),
        referrer="professional1",
        concerns=(
            "Bilal heeft autisme en een angststoornis en zit al een jaar thuis zonder school. Er "
            "zijn zes organisaties betrokken die elkaar tegenspreken; ouders weten niet meer wie "
            "waarover gaat."
        ),
        helpers=(
            Helper(
                InvolvementRole.MENTAL_HEALTH, "GGZ De Linde", "Ruud Jansen", user="professional1"
            ),
            Helper(InvolvementRole.OTHER, "Leerplicht Lindeveen", "leerplichtambtenaar"),
            Helper(InvolvementRole.YOUTH_CARE, "Jeugdhulp Rivierenland"),
            Helper(InvolvementRole.SOCIAL_SERVICES, "Sociale Dienst Lindeveen"),
        ),
        steps=Steps(
            weigh=5,
            criteria=(YES, YES, NO),
            consent=9,
            meeting=27,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Ouders voeren de regie over de opvoeding goed, maar de hulp rond Bilal is "
                "versnipperd: onderwijs, GGZ en jeugdhulp wachten op elkaar. Ouders willen één "
                "aanspreekpunt."
            ),
            decide=34,
            outcome=Outcome.CARE_COORDINATION,
            reason=(
                "Het gezin kan de opvoeding zelf aan; wat ontbreekt is afstemming tussen onderwijs "
                "en zorg voor Bilal. Eén casemanager coördineert de zorg."
            ),
            proposals=(Proposal("coach1", proposed=37, answered=45),),
        ),
    ),
    ReferralSpec(
        # The gezinsvoogd works outside Spil, so the coach/guardian rule does not bite.
        number=19,
        received=88,
        family="Schouten",
        postcode="7364 VD",
        house_number="27",
        members=(
            parent("Dennis", 35, "24-08"),
            parent("Kim", 29, "13-12"),
            child("Levi", 9, "04-04"),
            child("Jayden", 6, "21-07"),
            child("Mees", 2, "30-11"),
        ),
        referrer=JEUGDHULP,
        urgency=PRIORITY,
        concerns=(
            "Sinds de ondertoezichtstelling van Levi is er veel hulp, maar ouders voelen zich "
            "gecontroleerd en haken af. De gezinsvoogd zoekt iemand die naast het gezin staat."
        ),
        helpers=(
            Helper(InvolvementRole.GEZINSVOOGD, "Jeugdbescherming Rivierenland", "M. Kaya"),
            Helper(InvolvementRole.YOUTH_CARE, "Jeugdhulp Rivierenland", "Wendy Peters"),
            Helper(InvolvementRole.SCHOOL, REGENBOOG),
        ),
        steps=Steps(
            weigh=3,
            consent=8,
            meeting=19,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Ouders willen de ondertoezichtstelling zo snel mogelijk afsluiten en zijn bereid "
                "daarvoor aan de slag te gaan. Ze hebben iemand nodig die met hen meedenkt en niet "
                "over hen beslist. De gezinsvoogd blijft verantwoordelijk voor de veiligheid."
            ),
            decide=26,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "Ouders kunnen de regie nu niet zelf voeren en de bestaande hulp sluit niet aan. "
                "Een gezinscoach staat naast het gezin; de gezinsvoogd blijft betrokken voor de "
                "maatregel."
            ),
            proposals=(Proposal("coach3", proposed=28, answered=35),),
        ),
    ),
    ReferralSpec(
        number=20,
        received=79,
        family="Brinkman",
        postcode="7371 BE",
        house_number="104",
        members=(
            parent("Henk", 50, "11-08"),
            parent("Ria", 48, "03-01"),
            child("Sven", 16, "19-05"),
        ),
        referrer=HUISARTS_ZUID,
        concerns=(
            "Sven heeft sombere gedachten en zit veel op zijn kamer. Ouders maken zich zorgen "
            "maar weten niet hoe ze hem kunnen helpen."
        ),
        helpers=(Helper(InvolvementRole.GP, "Gezondheidscentrum Lindeveen-Zuid", "Karin Bosman"),),
        steps=Steps(
            weigh=13,
            criteria=(NO, NO, NO),
            advice=(
                "Sven kan via de huisarts terecht bij de jeugd-GGZ en ouders kunnen steun krijgen "
                "van de praktijkondersteuner jeugd. Meld opnieuw als de hulp niet op gang komt."
            ),
        ),
    ),
    ReferralSpec(
        number=21,
        received=70,
        family="Arslan",
        postcode="7328 JS",
        house_number="19",
        members=(
            parent("Ahmet", 42, "26-06"),
            parent("Hatice", 39, "09-02"),
            child("Ecem", 11, "31-08"),
            child("Can", 8, "14-11"),
        ),
        referrer=THUISZORG,
        concerns=(
            "Moeder heeft MS en krijgt thuiszorg. De kinderen doen veel in het huishouden en "
            "Ecem zorgt vaak voor haar broertje als vader werkt."
        ),
        helpers=(
            Helper(InvolvementRole.OTHER, "Thuiszorg Rivierenland", "Agnes Wolters"),
            Helper(InvolvementRole.GP, BRINK),
        ),
        steps=Steps(
            weigh=6,
            criteria=(UNKNOWN, YES, NO),
            consent=12,
            meeting=25,
            findings=(
                "Ouders regelen veel zelf maar hadden niet door hoeveel Ecem doet. Moeder heeft "
                "meer zorg nodig dan nu is toegekend."
            ),
            decide=32,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=EXTRA_HELP_ARRANGED,
            reason=(
                "Er is extra huishoudelijke hulp via de Wmo geregeld en Ecem gaat naar een groep "
                "voor jonge mantelzorgers. Ouders voeren zelf de regie."
            ),
        ),
    ),
    ReferralSpec(
        # A second referral about the Verhoevens: linked to the family from DEMO-001.
        number=22,
        received=64,
        family="Verhoeven",
        postcode="7321 BK",
        house_number="14",
        members=VERHOEVEN,
        same_family_as=1,
        referrer="professional3",
        concerns=(
            "Het gezin heeft inmiddels flinke schulden en er dreigt een huisuitzetting. Vader "
            "zit veel thuis en is somber; Jesse gaat bijna niet meer naar school."
        ),
        helpers=(
            Helper(InvolvementRole.DEBT_COUNSELLING, BEWIND, "Kees van Dam", user="professional3"),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
            Helper(InvolvementRole.HOUSING, "Woonstichting Thuisbasis"),
        ),
        steps=Steps(
            weigh=3,
            consent=8,
            meeting=20,
            meeting_kind=ROUND_TABLE,
            findings=(
                "Het advies van de eerste melding is opgevolgd, maar de problemen zijn gegroeid: "
                "schulden, een dreigende ontruiming, een vader met sombere klachten en een zoon "
                "die thuiszit. Ouders willen hulp en vragen om één vast persoon."
            ),
            decide=27,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "Eerdere hulp was onvoldoende effectief en de problemen raken inmiddels het hele "
                "gezin. Ouders kunnen de regie nu niet zelf voeren. Inzet van een gezinscoach."
            ),
            proposals=(Proposal("coach2", proposed=30, answered=37),),
        ),
    ),
    ReferralSpec(
        number=23,
        received=50,
        family="Kok",
        postcode="7342 MH",
        house_number="6",
        members=(
            parent("Sandra", 43, "16-12"),
            child("Ruben", 15, "05-03"),
            child("Mirthe", 11, "23-09"),
        ),
        referrer=IB_WEGWIJZER,
        concerns=(
            "Mirthe vertelt dat ze 's avonds vaak alleen thuis is en zelf kookt. Moeder heeft "
            "twee banen en is voor school moeilijk te bereiken."
        ),
        helpers=(Helper(InvolvementRole.SCHOOL, WEGWIJZER),),
        steps=Steps(
            weigh=9,
            criteria=(NO, UNKNOWN, NO),
            advice=(
                "Bespreek met moeder wat er nodig is voor de avonden, bijvoorbeeld buitenschoolse "
                "opvang of hulp uit het netwerk, en wijs haar op het buurtteam. Er is nog geen "
                "hulp geprobeerd die tekortschoot."
            ),
        ),
    ),
    ReferralSpec(
        number=24,
        received=44,
        family="Benali",
        postcode="7356 TL",
        house_number="33",
        members=(
            parent("Youssef", 34, "07-11"),
            parent("Houda", 31, "20-02", surname="Ziani"),
            child("Amira", 7, "12-06"),
            child("Zakaria", 4, "28-09"),
        ),
        referrer=JGZ_GGD,
        concerns=(
            "Zakaria heeft een flinke taalachterstand en ouders komen niet op de afspraken bij "
            "de logopedist. Moeder zegt dat ze het te druk heeft met de kinderen en haar werk."
        ),
        helpers=(
            Helper(InvolvementRole.OTHER, CONSULTATIEBUREAU_ORG, "E. Brouwer"),
            Helper(InvolvementRole.OTHER, "Logopediepraktijk Lindeveen"),
        ),
        steps=Steps(
            weigh=4,
            criteria=(YES, UNKNOWN, UNKNOWN),
            consent=9,
            meeting=22,
            findings=(
                "In het gezinsgesprek werd duidelijk dat ouders vooral geen vervoer hadden naar de "
                "logopedist. De logopedie komt nu aan huis en de jeugdverpleegkundige blijft "
                "betrokken."
            ),
            decide=29,
            outcome=Outcome.RETURNED_AFTER_ASSESSMENT,
            return_reason=REGULAR_HELP_SUFFICES,
            reason=(
                "Het praktische probleem is opgelost en ouders zetten zich in voor Zakaria. "
                "Reguliere hulp volstaat."
            ),
        ),
    ),
    ReferralSpec(
        # Decided for a gezinscoach; the family vetoed the first coach, the second is pending.
        number=25,
        received=40,
        family="Nowak",
        postcode="7367 AR",
        house_number="14",
        members=(
            parent("Paweł", 38, "01-07"),
            parent("Magda", 35, "18-10"),
            child("Kuba", 12, "09-04"),
            child("Lena", 9, "27-12"),
        ),
        referrer="professional2",
        urgency=PRIORITY,
        concerns=(
            "Lena komt vaak zonder ontbijt en in dezelfde kleren naar school. Moeder werkt in "
            "ploegendienst in de kassen en vader is veel weg voor werk; er lijkt niemand toezicht "
            "te houden."
        ),
        helpers=(
            Helper(InvolvementRole.SCHOOL, REGENBOOG, "Ingrid Smit", user="professional2"),
            Helper(InvolvementRole.GP, BRINK),
        ),
        steps=Steps(
            weigh=3,
            consent=7,
            meeting=18,
            findings=(
                "Ouders werken allebei veel en hebben hier geen familie. Ze schrikken van wat "
                "school ziet en willen hulp om de zorg voor de kinderen rond te krijgen. Er spelen "
                "ook geldzorgen en problemen met de woning van de werkgever."
            ),
            decide=25,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "De problemen zijn breder dan school kan oppakken en ouders weten de weg niet. "
                "Inzet van een gezinscoach die rekening houdt met de werktijden van ouders."
            ),
            proposals=(
                Proposal(
                    "coach2",
                    proposed=27,
                    answered=32,
                    response=VETOED,
                    veto_reason=(
                        "Vader kent deze coach van de voetbalclub van Kuba en wil niet dat iemand "
                        "uit zijn omgeving meekijkt."
                    ),
                ),
                Proposal("coach3", proposed=35),
            ),
        ),
    ),
    ReferralSpec(
        number=26,
        received=36,
        family="Dekker",
        postcode="7374 HN",
        house_number="50",
        members=(
            parent("Roy", 31, "10-01"),
            parent("Demi", 28, "04-06"),
            child("Jace", 1, "15-08"),
        ),
        referrer=WIJKAGENT,
        concerns=(
            "Buren melden regelmatig harde ruzies. Bij een huisbezoek zagen we een rommelig huis, "
            "maar de baby leek goed verzorgd."
        ),
        helpers=(Helper(InvolvementRole.NEIGHBOURHOOD_OFFICER, POLITIE, "Rob Verbeek"),),
        steps=Steps(
            weigh=8,
            criteria=(NO, YES, UNKNOWN),
            advice=(
                "Er zijn zorgen maar er is nog geen hulp geprobeerd. Bespreek met ouders het "
                "buurtteam en het consultatiebureau en meld opnieuw bij nieuwe incidenten. Bij "
                "twijfel over de veiligheid: Veilig Thuis."
            ),
        ),
    ),
    ReferralSpec(
        # In assessment: consent given, the round table is planned but not yet recorded.
        number=27,
        received=29,
        family="Bulut",
        postcode="7319 DR",
        house_number="73",
        members=(
            parent("Serkan", 40, "22-04"),
            parent("Esra", 37, "08-08"),
            child("Defne", 10, "17-01"),
            child("Kaan", 7, "03-10"),
        ),
        referrer="professional3",
        concerns=(
            "Het gezin heeft meer dan 40.000 euro schuld en er ligt beslag op het loon van "
            "vader. Moeder vertelt dat de kinderen niet meer kunnen sporten en dat Defne vaak "
            "buikpijn heeft van de spanning."
        ),
        helpers=(
            Helper(InvolvementRole.DEBT_COUNSELLING, BEWIND, "Kees van Dam", user="professional3"),
            Helper(InvolvementRole.SCHOOL, REGENBOOG),
        ),
        steps=Steps(
            weigh=5,
            criteria=(YES, YES, UNKNOWN),
            consent=12,
            meeting=26,
            meeting_kind=ROUND_TABLE,
        ),
    ),
    ReferralSpec(
        # In assessment: accepted, consent not yet given.
        number=28,
        received=17,
        family="Vermeulen",
        postcode="7358 EK",
        house_number="11",
        members=(
            parent("Jeroen", 44, "25-12"),
            parent("Petra", 41, "13-06"),
            child("Lars", 13, "02-03"),
            child("Eva", 10, "20-09"),
        ),
        referrer=HUISARTS_ZUID,
        urgency=PRIORITY,
        concerns=(
            "Moeder vertelt op het spreekuur dat vader sinds een burn-out thuis zit en veel "
            "drinkt. Lars heeft paniekaanvallen en wil niet meer naar school."
        ),
        helpers=(
            Helper(InvolvementRole.GP, "Gezondheidscentrum Lindeveen-Zuid"),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
        ),
        steps=Steps(weigh=6, criteria=(UNKNOWN, YES, UNKNOWN)),
    ),
    ReferralSpec(
        # Just received; the coordinator has established the family but not yet weighed.
        number=29,
        received=5,
        family="Azzouzi",
        postcode="7334 RP",
        house_number="2a",
        members=(
            parent("Rachid", 45, "12-05"),
            parent("Malika", 41, "30-09"),
            child("Yasmine", 21, "07-02", at_home=False),
            child("Hamza", 17, "19-08"),
            child("Sara", 14, "11-12"),
        ),
        referrer="professional4",
        urgency=PRIORITY,
        concerns=(
            "Hamza is aangehouden met een flinke hoeveelheid drugs en lijkt betrokken bij een "
            "groep oudere jongens. Ouders zijn erg geschrokken en zeggen dat ze hem niet meer "
            "bereiken."
        ),
        helpers=(
            Helper(
                InvolvementRole.NEIGHBOURHOOD_OFFICER, POLITIE, "Linda Mulder", user="professional4"
            ),
            Helper(InvolvementRole.SCHOOL, COLLEGE),
        ),
        steps=Steps(),
    ),
    ReferralSpec(
        # Just received; not yet looked at.
        number=30,
        received=2,
        family="Timmermans",
        postcode="7369 GB",
        house_number="8",
        members=(
            parent("Lisa", 26, "29-07"),
            child("Milan", 4, "14-03"),
            child("Saar", 0, "21-01"),
        ),
        referrer=CONSULTATIEBUREAU,
        concerns=(
            "Moeder staat er alleen voor met twee jonge kinderen en huilt veel tijdens de "
            "huisbezoeken. Milan gaat niet meer naar de peuterspeelzaal en de woning raakt "
            "vervuild."
        ),
        helpers=(Helper(InvolvementRole.OTHER, CONSULTATIEBUREAU_ORG, "E. Brouwer"),),
        steps=Steps(family_known=False),
    ),
    ReferralSpec(
        # Issue 20: the coach is the family's own neighbour, recorded by the coordinator, who
        # holds the file for her (seed 001 note 14: four coaches came from the network).
        number=31,
        received=70,
        family="Jansen",
        postcode="7325 AK",
        house_number="31",
        members=(
            parent("Marloes", 38, "02-02"),
            child("Ruben", 11, "18-09"),
            child("Fleur", 7, "05-05"),
        ),
        referrer=HUISARTS_ZUID,
        concerns=(
            "Moeder is na de scheiding de weg kwijt: post blijft liggen, de kinderen missen "
            "afspraken en zij vertrouwt hulpverleners niet meer na eerdere ervaringen."
        ),
        helpers=(Helper(InvolvementRole.GP, "Gezondheidscentrum Lindeveen-Zuid", "K. Bosman"),),
        steps=Steps(
            weigh=4,
            consent=9,
            meeting=16,
            findings=(
                "Moeder wil geen nieuwe hulpverlener, wel hulp van haar buurvrouw Joke, die ze "
                "al jaren vertrouwt. Joke wil dat doen, met de coördinator als steun."
            ),
            decide=20,
            outcome=Outcome.FAMILY_COACH,
            reason=(
                "Vertrouwen is hier het begin: de buurvrouw wordt gezinscoach, de coördinator "
                "van het meldpunt ondersteunt haar en houdt het dossier bij."
            ),
            proposals=(
                Proposal(
                    "coordinator1",
                    proposed=22,
                    answered=24,
                    response=CHOSEN,
                    category=CoachProposal.Category.NETWORK,
                    coach_kind="netwerklid",
                    lay_name="Joke van Dijk (buurvrouw)",
                    lay_reach="06 4567 1234",
                ),
            ),
        ),
    ),
]

_BY_NUMBER = {spec.number: spec for spec in REFERRALS}

ACCEPTED_ANYWAY = (
    "Het gezin regelt veel zelf, maar de signalen zijn zorgelijk genoeg om het samen met het "
    "gezin te beoordelen."
)


# --- Building -------------------------------------------------------------------------------


# The four programmes of PRODUCT.md, each with its own rules (seeds 000, 001, 002).
PROGRAMMES: list[dict[str, Any]] = [
    {
        "name": PROGRAMME,  # like the CJG gezinscoach of Rotterdam (seed 000)
        "provider": COACH_ORGANISATION,
        "frame": "vrijwillig",
        "duration": "vast",
        "duration_months": 6,
        "max_months": 12,
        "caseload_min": 5,
        "caseload_max": 8,
        "contact_intensity": "Wekelijks een huisbezoek in de eerste maanden.",
    },
    {
        "name": "VIG Lindeveen (drang)",  # Voorkomen Instroom Gezinnen (seed 000)
        "provider": COACH_ORGANISATION,
        "frame": "drang",
        "duration": "vast",
        "duration_months": 6,
        "max_months": 12,
        "caseload_min": 5,
        "caseload_max": 8,
        "reachable_24_7": True,
        "contact_intensity": "Meerdere keren per week; de coach is 24/7 bereikbaar.",
    },
    {
        "name": "Gezinscoaching tot 18 (Limburgs model)",  # seed 001
        "provider": "Welzijn Lindeveen",
        "frame": "vrijwillig",
        "duration": "tot_jongste_18",
        "contact_intensity": "Van 1 uur per 2–3 weken tot 3–4 dagen per week.",
    },
    {
        "name": "Systemisch gezinscoach",  # Aalsmeer/Wormerland (seed 002)
        "provider": "Welzijn Lindeveen",
        "frame": "vrijwillig",
        "duration": "zolang_nodig",
        "caseload_min": 5,
        "caseload_max": 6,
        "work_budget_eur": 5000,
        "contact_intensity": "Met een lange adem, zo lang als nodig.",
    },
]


def build_programmes() -> Programme:
    """The four demo programmes; returns the one the demo coaches work in."""
    for spec in PROGRAMMES:
        fields = dict(spec)
        fields["provider"] = Organisation.objects.get(name=fields["provider"])
        Programme.objects.get_or_create(name=fields.pop("name"), defaults=fields)
    return Programme.objects.get(name=PROGRAMME)


@transaction.atomic
def build_referrals(users: dict[str, User]) -> None:
    """Walk every spec through the meldpunt's services; skip those already there."""
    meldpunt = Organisation.objects.get(name=MELDPUNT)
    programme = Programme.objects.filter(name=PROGRAMME).first()
    existing = set(
        Referral.objects.filter(meldpunt=meldpunt, external_id__startswith="DEMO-").values_list(
            "external_id", flat=True
        )
    )
    today = timezone.localdate()
    for spec in REFERRALS:
        if spec.external_id not in existing:
            _walk(spec, meldpunt=meldpunt, users=users, programme=programme, today=today)


def referral_count() -> int:
    return Referral.objects.filter(meldpunt__name=MELDPUNT).count()


def _walk(
    spec: ReferralSpec,
    *,
    meldpunt: Organisation,
    users: dict[str, User],
    programme: Programme | None,
    today: date,
) -> None:
    coordinator = users["coordinator1"]
    received = today - timedelta(days=spec.received)

    def on(offset: int) -> date:
        day = received + timedelta(days=offset)
        if day > today:
            raise ValueError(f"{spec.external_id}: dag {offset} ligt in de toekomst.")
        return day

    # Melden: by the coordinator for an outside referrer, or by a professional in Spil.
    if isinstance(spec.referrer, Referrer):
        actor = coordinator
        referrer = _referrer_data(spec.referrer)
    else:
        actor = users[spec.referrer]
        referrer = services.ReferrerData()
    referral = services.referral_register(
        actor=actor,
        meldpunt=meldpunt,
        received_on=received,
        referrer=referrer,
        concerns=spec.concerns,
        members=_members(spec, today),
        helpers=[_involvement(h, users) for h in spec.helpers],
        urgency=spec.urgency,
        family_name=spec.family,
        postcode=spec.postcode,
        house_number=spec.house_number,
        external_id=spec.external_id,
    )

    # Het gezin vaststellen: a new family, or the one from an earlier referral.
    steps = spec.steps
    if spec.same_family_as is not None:
        earlier = Referral.objects.get(
            meldpunt=meldpunt, external_id=external_id(spec.same_family_as)
        )
        assert earlier.family is not None  # the earlier spec established it
        services.referral_link_family(actor=coordinator, referral=referral, family=earlier.family)
    elif steps.family_known:
        services.referral_create_family(actor=coordinator, referral=referral)
    if steps.weigh is None:
        return

    help_not_effective, broader_problems, no_own_regie = steps.criteria
    # Accepting with a "nee" on a required criterion needs a note (issue 20, point 4).
    why = "" if steps.advice else ACCEPTED_ANYWAY
    services.referral_weigh(
        actor=coordinator,
        referral=referral,
        help_not_effective=help_not_effective,
        broader_problems=broader_problems,
        no_own_regie=no_own_regie,
        help_not_effective_note=why if help_not_effective == NO else "",
        broader_problems_note=why if broader_problems == NO else "",
        no_own_regie_note=why if no_own_regie == NO else "",
        decision=Weighing.Decision.RETURN if steps.advice else Weighing.Decision.ACCEPT,
        advice=steps.advice,
        return_reason=(steps.weigh_return or Weighing.ReturnReason.OTHER) if steps.advice else "",
        weighed_on=on(steps.weigh),
    )
    if steps.advice:
        return

    family = referral.family
    assert family is not None  # weighed referrals have their family
    parents = list(
        family.members.filter(
            role__in=[FamilyRole.PARENT, FamilyRole.STEP_PARENT], lives_in_household=True
        ).order_by("birth_date", "id")
    )
    if steps.consent is not None:
        # Consent comes from a parent (with authority), never from a step-parent.
        givers = [m for m in parents if m.role == FamilyRole.PARENT]
        given_by = next((m for m in givers if m.first_name == steps.consent_by), givers[0])
        services.referral_consent(
            actor=coordinator,
            referral=referral,
            given_by=given_by,
            parties="\n".join(_parties(spec)),
            given_on=on(steps.consent),
        )
    if steps.meeting is not None:
        services.referral_assess(
            actor=coordinator,
            referral=referral,
            kind=steps.meeting_kind,
            held_on=on(steps.meeting),
            tie_breaker=f"{coordinator.full_name}, coördinator meldpunt",
            family_participants=parents,
            other_participants=_participants(spec, referral, users),
            findings=steps.findings,
        )
    if steps.decide is None:
        return
    services.referral_decide(
        actor=coordinator,
        referral=referral,
        outcome=steps.outcome,
        reason=steps.reason,
        decided_on=on(steps.decide),
        return_reason=steps.return_reason,
    )

    # Koppelen, with a warm introduction by the referrer.
    for proposed in steps.proposals:
        proposal = services.coach_propose(
            actor=coordinator,
            referral=referral,
            coach=users[proposed.coach],
            category=proposed.category,
            coach_kind=proposed.coach_kind,
            lay_coach_name=proposed.lay_name,
            lay_coach_reach=proposed.lay_reach,
            proposed_on=on(proposed.proposed),
            programme=programme if steps.outcome == Outcome.FAMILY_COACH else None,
        )
        if proposed.answered is None:
            continue
        answered_on = on(proposed.answered)
        accepted = proposed.response != VETOED
        services.proposal_respond(
            actor=coordinator,
            proposal=proposal,
            response=proposed.response,
            responded_on=answered_on,
            veto_reason=proposed.veto_reason,
            introduced_by=referral.referrer_display if accepted else "",
            introduced_on=answered_on if accepted else None,
            introduced_in_person=accepted and proposed.in_person,
        )


def _referrer_data(referrer: Referrer) -> services.ReferrerData:
    organisation = Organisation.objects.filter(name=referrer.organisation).first()
    return services.ReferrerData(
        name=referrer.name,
        organisation=organisation,
        organisation_name="" if organisation else referrer.organisation,
        organisation_kind=referrer.kind,
        phone=referrer.phone,
    )


def _members(spec: ReferralSpec, today: date) -> list[MemberData]:
    """Ages hold on the day of the family's first referral, so a second referral about
    the same family names the same birth dates."""
    first = _BY_NUMBER[spec.same_family_as] if spec.same_family_as is not None else spec
    anchor = today - timedelta(days=first.received)
    return [
        MemberData(
            role=person.role,
            first_name=person.first_name,
            surname=person.surname or spec.family,
            birth_date=_birth_date(person.age, person.birthday, anchor),
            lives_in_household=person.at_home,
        )
        for person in spec.members
    ]


def _birth_date(age: int, birthday: str, anchor: date) -> date:
    """The birth date on `birthday` ("DD-MM") that makes someone `age` on `anchor`."""
    day, month = (int(part) for part in birthday.split("-"))
    born = date(anchor.year - age, month, day)
    # Not yet had this year's birthday on the anchor day: born a year earlier.
    return born if (month, day) <= (anchor.month, anchor.day) else born.replace(year=born.year - 1)


def _involvement(helper: Helper, users: dict[str, User]) -> InvolvementData:
    worker = users[helper.user] if helper.user else None
    return InvolvementData(
        role=helper.role,
        organisation_name=helper.organisation,
        worker_name="" if worker else helper.name,
        worker=worker,
    )


def _parties(spec: ReferralSpec) -> list[str]:
    """The organisations the family allows the meldpunt to ask, one per line."""
    names = [h.organisation for h in spec.helpers]
    if isinstance(spec.referrer, Referrer):
        names.append(spec.referrer.organisation)
    return list(dict.fromkeys(names))


def _participants(spec: ReferralSpec, referral: Referral, users: dict[str, User]) -> str:
    """The referrer and the named helpers, "name, organisation" one per line."""
    lines = [f"{referral.referrer_display}, {referral.referrer_organisation_display} (melder)"]
    for helper in spec.helpers:
        name = users[helper.user].full_name if helper.user else helper.name
        if name != referral.referrer_display:
            lines.append(f"{name}, {helper.organisation}" if name else helper.organisation)
    return "\n".join(lines)
