"""Demo family files: twelve families with their story over three generations, their
network, the team around them and their consents (issue 4, point 9).

Six families come from the meldpunt demo (`intake.py`): the ones matched with a coach,
looked up by the kenmerk of their referral. Six more are made here, each with a
trajectory of one of the demo coaches, so that twelve families have an active trajectory.
Everything goes through the family services as the family's coach would enter it, so it
is validated and audited.

Every family is a hand-written `FamilyFileSpec`. Dates other than birth dates are days
counted from the start of the family's trajectory (negative: before it) and must not lie
in the future; ages are ages today. Deterministic and idempotent: a family whose file is
already built — it has a network contact, which only this step adds — is skipped, and
each family is built whole or not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import Membership, Organisation, User
from spil.core import access
from spil.core.access import FamilyAccess
from spil.core.roles import Role
from spil.core.validators import normalise_postcode
from spil.demo.intake import (
    BEWIND,
    BRINK,
    COACH_ORGANISATION,
    COLLEGE,
    MELDPUNT,
    POLITIE,
    PROGRAMME,
    REGENBOOG,
    WEGWIJZER,
)
from spil.directory.models import Programme
from spil.families import services
from spil.families.models import (
    Consent,
    Family,
    FamilyRole,
    Gender,
    Involvement,
    InvolvementRole,
    Member,
    NetworkContact,
    Relation,
)
from spil.intake.models import Referral
from spil.trajectories import services as trajectory_services
from spil.trajectories.models import Trajectory
from spil.trajectories.services import trajectory_open

M, F, X = Gender.MALE, Gender.FEMALE, Gender.OTHER
BIO, STEP, FOSTER, ADOPTED = (
    Relation.Parentage.BIOLOGICAL,
    Relation.Parentage.STEP,
    Relation.Parentage.FOSTER,
    Relation.Parentage.ADOPTIVE,
)
CLOSE, NORMAL, CONFLICT, CUT_OFF = (
    Relation.Quality.CLOSE,
    Relation.Quality.NORMAL,
    Relation.Quality.CONFLICT,
    Relation.Quality.CUT_OFF,
)
FAMILY, FRIENDS, SCHOOL_WORK, PROFESSIONALS = (
    NetworkContact.Sector.FAMILY,
    NetworkContact.Sector.FRIENDS,
    NetworkContact.Sector.SCHOOL_WORK,
    NetworkContact.Sector.PROFESSIONALS,
)
STRONG, WEAK, STRESSFUL = (
    NetworkContact.Tie.STRONG,
    NetworkContact.Tie.WEAK,
    NetworkContact.Tie.STRESSFUL,
)
GOOD, MIXED, BAD = (
    NetworkContact.Influence.GOOD,
    NetworkContact.Influence.MIXED,
    NetworkContact.Influence.BAD,
)
PRACTICAL, FINANCIAL, EMOTIONAL = "praktisch", "financieel", "emotioneel"
Job = InvolvementRole  # what a helper does for the family
PLAN, CONTACTS = Consent.Part.PLAN, Consent.Part.CONTACTS

GGZ = "GGZ De Linde"
JEUGDHULP = "Jeugdhulp Rivierenland"
WONEN = "Woonstichting Thuisbasis"
SOCIALE_DIENST = "Sociale Dienst Lindeveen"
WELZIJN = "Welzijn Lindeveen"
ZUID = "Gezondheidscentrum Lindeveen-Zuid"
JEUGDBESCHERMING = "Jeugdbescherming Rivierenland"

DayFn = Callable[[int], date]  # a day counted from the start of the trajectory

COACH_ROLES = (InvolvementRole.FAMILY_COACH, InvolvementRole.CASE_MANAGER)
HELP_PURPOSE = "Instemming met gezinscoaching en het werken met één gezinsplan."


# --- The shape of a spec ---------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A family member. `age` None means a member the referral made: found by first
    name, keeping its name and birth date. `age` is the age today, `birthday` "DD-MM";
    an empty surname means the family's name."""

    first_name: str
    gender: str
    role: str
    age: int | None = None
    birthday: str = ""
    surname: str = ""
    at_home: bool = True
    deceased: bool = False
    authority: bool = False
    bsn: str = ""


def _person(
    role: str,
    first_name: str,
    gender: str,
    *,
    age: int | None,
    birthday: str,
    surname: str,
    at_home: bool,
    authority: bool,
    bsn: str,
) -> Person:
    return Person(
        first_name,
        gender,
        role,
        age=age,
        birthday=birthday,
        surname=surname,
        at_home=at_home,
        authority=authority,
        bsn=bsn,
    )


def parent(
    first_name: str,
    gender: str,
    *,
    age: int | None = None,
    birthday: str = "",
    surname: str = "",
    at_home: bool = True,
    authority: bool = True,
    bsn: str = "",
) -> Person:
    return _person(
        FamilyRole.PARENT,
        first_name,
        gender,
        age=age,
        birthday=birthday,
        surname=surname,
        at_home=at_home,
        authority=authority,
        bsn=bsn,
    )


def stepparent(
    first_name: str,
    gender: str,
    *,
    age: int,
    birthday: str,
    surname: str,
    authority: bool = False,
) -> Person:
    """A step-parent has no authority over the partner's children, but may have it over
    a child of their own in the family."""
    return _person(
        FamilyRole.STEP_PARENT,
        first_name,
        gender,
        age=age,
        birthday=birthday,
        surname=surname,
        at_home=True,
        authority=authority,
        bsn="",
    )


def child(
    first_name: str,
    gender: str,
    *,
    age: int | None = None,
    birthday: str = "",
    surname: str = "",
    at_home: bool = True,
    bsn: str = "",
    role: str = FamilyRole.CHILD,
) -> Person:
    return _person(
        role,
        first_name,
        gender,
        age=age,
        birthday=birthday,
        surname=surname,
        at_home=at_home,
        authority=False,
        bsn=bsn,
    )


def grandparent(
    first_name: str,
    gender: str,
    age: int,
    birthday: str,
    *,
    surname: str = "",
    deceased: bool = False,
    at_home: bool = False,
) -> Person:
    return Person(
        first_name,
        gender,
        FamilyRole.GRANDPARENT,
        age=age,
        birthday=birthday,
        surname=surname,
        at_home=at_home and not deceased,
        deceased=deceased,
    )


@dataclass(frozen=True)
class Tie:
    """A relation between two members, by first name."""

    from_name: str
    kind: str
    to_name: str
    parentage: str = ""
    quality: str = NORMAL


def parent_of(
    parent_name: str, *children: str, parentage: str = BIO, quality: str = NORMAL
) -> tuple[Tie, ...]:
    return tuple(
        Tie(parent_name, Relation.Kind.PARENT_OF, name, parentage, quality) for name in children
    )


def partners(a: str, b: str, quality: str = NORMAL) -> Tie:
    return Tie(a, Relation.Kind.PARTNER, b, quality=quality)


def exes(a: str, b: str, quality: str = NORMAL) -> Tie:
    return Tie(a, Relation.Kind.EX_PARTNER, b, quality=quality)


def siblings(a: str, b: str, quality: str = NORMAL) -> Tie:
    return Tie(a, Relation.Kind.SIBLING, b, quality=quality)


@dataclass(frozen=True)
class Contact:
    """Someone in the family's informal network (the ecogram)."""

    name: str
    relation: str
    sector: str
    tie: str = NetworkContact.Tie.NORMAL
    influence: str = GOOD
    support: tuple[str, ...] = ()  # PRACTICAL, FINANCIAL, EMOTIONAL
    aware: bool = False


@dataclass(frozen=True)
class Helper:
    """A worker added to the team around the family. `user` is a demo handle; an
    organisation that is in Spil is linked, any other is named."""

    role: str
    organisation: str
    name: str = ""
    user: str = ""
    since: int = 0
    contact: str = ""
    powers: str = ""


@dataclass(frozen=True)
class Pick:
    """An involvement already in the file: its role and its worker's or organisation's name."""

    role: str
    who: str


@dataclass(frozen=True)
class Handover:
    """A change of worker: the involvement `pick` ends on `day` and a successor takes over."""

    pick: Pick
    day: int
    user: str = ""
    name: str = ""
    contact: str = ""


@dataclass(frozen=True)
class ConsentSpec:
    kind: str
    given_by: str  # first name
    day: int
    purpose: str = ""
    parties: tuple[str, ...] = ()
    organisation: str = ""
    parts: tuple[str, ...] = ()
    about: str = ""  # first name: a child of 12+ about their own data
    valid_for: int | None = None  # days
    withdrawn: int | None = None  # day
    representative: str = ""  # instead of a member (issue 20 point 8): the legal representative


def agrees(given_by: str, day: int, purpose: str = HELP_PURPOSE) -> ConsentSpec:
    return ConsentSpec(Consent.Kind.HELP, given_by, day, purpose)


def may_ask(
    given_by: str,
    day: int,
    *parties: str,
    purpose: str = "De coach mag informatie opvragen om het gezinsplan goed af te stemmen.",
    about: str = "",
    valid_for: int | None = None,
) -> ConsentSpec:
    return ConsentSpec(
        Consent.Kind.GATHER_INFORMATION,
        given_by,
        day,
        purpose,
        parties=parties,
        about=about,
        valid_for=valid_for,
    )


def may_share(
    given_by: str,
    day: int,
    organisation: str,
    *parts: str,
    purpose: str,
    withdrawn: int | None = None,
) -> ConsentSpec:
    return ConsentSpec(
        Consent.Kind.SHARE,
        given_by,
        day,
        purpose,
        parties=(organisation,),
        organisation=organisation,
        parts=parts,
        withdrawn=withdrawn,
    )


@dataclass(frozen=True)
class NewFamily:
    """A family made here rather than by the meldpunt, with its coach's trajectory."""

    postcode: str
    house_number: str
    coach: str  # demo handle
    started: int  # days ago


@dataclass(frozen=True)
class FamilyFileSpec:
    name: str
    members: tuple[Person, ...]
    relations: tuple[Tie, ...]
    network: tuple[Contact, ...]
    team: tuple[Helper, ...]
    consents: tuple[ConsentSpec, ...]
    referral: str = ""  # kenmerk of the matched referral ("DEMO-004"), or
    new: NewFamily | None = None  # a family made here
    backup: bool = False  # a back-up coach from the coach's own team
    coordinator: Pick | None = None  # None: the coach's own involvement
    ended: tuple[tuple[Pick, int], ...] = ()
    handovers: tuple[Handover, ...] = ()


# --- The twelve families -----------------------------------------------------------------

FAMILY_FILES: list[FamilyFileSpec] = [
    FamilyFileSpec(
        # Karim's mother lives in; Yassin's friends on the square pull him down.
        name="Bouali",
        referral="DEMO-004",
        backup=True,
        members=(
            parent("Karim", M),
            parent("Naima", F),
            child("Yassin", M, bsn="999990019"),
            child("Soufiane", M),
            child("Nour", F),
            grandparent("Mohamed", M, 71, "02-02", deceased=True),
            grandparent("Khadija", F, 66, "15-09", surname="Tahiri", at_home=True),
            grandparent("Abdelkader", M, 64, "21-03", surname="El Idrissi"),
            grandparent("Zahra", F, 61, "08-12", surname="Ouahbi"),
            Person("Hicham", M, FamilyRole.AUNT_UNCLE, 35, "30-04", at_home=False),
        ),
        relations=(
            *parent_of("Mohamed", "Karim", "Hicham"),
            *parent_of("Khadija", "Karim", "Hicham", quality=CLOSE),
            *parent_of("Abdelkader", "Naima"),
            *parent_of("Zahra", "Naima"),
            partners("Karim", "Naima", CONFLICT),
            *parent_of("Karim", "Yassin", quality=CONFLICT),
            *parent_of("Karim", "Soufiane", "Nour"),
            *parent_of("Naima", "Yassin", "Soufiane"),
            *parent_of("Naima", "Nour", quality=CLOSE),
            siblings("Karim", "Hicham", CLOSE),
            siblings("Yassin", "Soufiane", CONFLICT),
            siblings("Soufiane", "Nour", CLOSE),
        ),
        network=(
            Contact(
                "oom Hicham",
                "broer van Karim",
                FAMILY,
                STRONG,
                support=(PRACTICAL, EMOTIONAL),
                aware=True,
            ),
            Contact("oma Zahra", "moeder van Naima, Rotterdam", FAMILY, WEAK, support=(EMOTIONAL,)),
            Contact("buurvrouw Els", "buurvrouw", FRIENDS, support=(PRACTICAL,)),
            Contact("de jongens van het plein", "vrienden van Yassin", FRIENDS, STRESSFUL, BAD),
            Contact(
                "Said",
                "jongerenwerker Welzijn Lindeveen",
                PROFESSIONALS,
                support=(EMOTIONAL,),
                aware=True,
            ),
            Contact(
                "Marco",
                "collega van Karim bij het distributiecentrum",
                SCHOOL_WORK,
                WEAK,
                MIXED,
                support=(FINANCIAL,),
            ),
        ),
        team=(
            Helper(Job.SCHOOL, REGENBOOG, user="professional2", since=-700),
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-3000, contact="0573 451 220"),
            Helper(Job.OTHER, "Halt Rivierenland", "Jamal Aziz", since=12),
        ),
        consents=(
            agrees("Naima", 2),
            agrees("Karim", 9),
            may_ask("Naima", 10, JEUGDHULP, "Halt Rivierenland", valid_for=90),
        ),
    ),
    FamilyFileSpec(
        # Everyone helps Priya; more than eight workers around one family.
        name="Ramdin",
        referral="DEMO-010",
        backup=True,
        members=(
            parent("Rajesh", M),
            parent("Anita", F),
            child("Priya", F, bsn="123456782"),
            child("Dev", M),
            grandparent("Baldew", M, 74, "11-06", deceased=True),
            grandparent("Sushila", F, 70, "25-10", surname="Jagesar"),
            grandparent("Ramesh", M, 68, "03-01", surname="Sewdien"),
            grandparent("Kamla", F, 64, "19-07", surname="Mahabier", at_home=True),
        ),
        relations=(
            *parent_of("Baldew", "Rajesh"),
            *parent_of("Sushila", "Rajesh"),
            *parent_of("Ramesh", "Anita", quality=CUT_OFF),
            *parent_of("Kamla", "Anita", quality=CLOSE),
            exes("Ramesh", "Kamla", CUT_OFF),
            partners("Rajesh", "Anita"),
            *parent_of("Rajesh", "Priya", "Dev"),
            *parent_of("Anita", "Priya", quality=CLOSE),
            *parent_of("Anita", "Dev"),
            siblings("Priya", "Dev"),
        ),
        network=(
            Contact(
                "tante Sunita",
                "zus van Anita",
                FAMILY,
                STRONG,
                support=(PRACTICAL, EMOTIONAL),
                aware=True,
            ),
            Contact("familie De Jong", "buren", FRIENDS, WEAK, support=(PRACTICAL,)),
            Contact("ouders van Ravi", "vriendje van Dev", FRIENDS, support=(PRACTICAL,)),
            Contact("mandir Lindeveen", "hindoegemeenschap", FRIENDS, support=(EMOTIONAL,)),
            Contact(
                "leidinggevende van Rajesh", "pakketsorteercentrum", SCHOOL_WORK, influence=MIXED
            ),
            Contact(
                "juf Merel",
                "leerkracht groep 7 van Dev",
                SCHOOL_WORK,
                support=(EMOTIONAL,),
                aware=True,
            ),
        ),
        team=(
            Helper(Job.GP, ZUID, "Karin Bosman", since=-2500, contact="0573 455 010"),
            Helper(Job.OTHER, "Diëtistenpraktijk Vitaal", "Mieke Verbrugge", since=-60),
            Helper(
                Job.OTHER,
                "Ziekenhuis Rivierenland, kindergeneeskunde",
                "dr. Van Oosten",
                since=-120,
            ),
            Helper(Job.MENTAL_HEALTH, GGZ, user="professional1", since=14),
            Helper(Job.SOCIAL_SERVICES, SOCIALE_DIENST, "Joyce Haverkamp", since=30),
            Helper(Job.SCHOOL, COLLEGE, since=-300),
            Helper(Job.SOCIAL_WORK, WELZIJN, "Joost Hermans", since=45),
        ),
        # The parenting course coach2 gave is over now that coach2 coaches the family.
        ended=((Pick(Job.YOUTH_CARE, COACH_ORGANISATION), 0),),
        consents=(
            agrees("Anita", 2),
            may_share(
                "Rajesh",
                20,
                GGZ,
                PLAN,
                CONTACTS,
                purpose="De behandeling van Priya en de ouderbegeleiding afstemmen op het plan.",
            ),
            may_ask(
                "Priya",
                21,
                "GGZ De Linde, team eetstoornissen",
                "Ziekenhuis Rivierenland, kindergeneeskunde",
                about="Priya",
                purpose="Priya vindt het goed dat de coach navraagt hoe haar behandeling gaat.",
            ),
        ),
    ),
    FamilyFileSpec(
        # Kevin was adopted by Erik; his biological father is out of the picture.
        name="Veenstra",
        referral="DEMO-015",
        backup=True,
        members=(
            parent("Erik", M, bsn="111222333"),
            parent("Monique", F),
            child("Kevin", M, at_home=False),
            child("Thijs", M),
            child("Noa", F),
            parent(
                "Ronald",
                M,
                authority=False,
                age=48,
                birthday="17-02",
                surname="Smit",
                at_home=False,
            ),
            grandparent("Jan", M, 77, "04-08", deceased=True),
            grandparent("Riet", F, 74, "12-05"),
            grandparent("Ans", F, 70, "29-11", surname="Bosch"),
        ),
        relations=(
            *parent_of("Jan", "Erik", quality=CONFLICT),
            *parent_of("Riet", "Erik"),
            *parent_of("Ans", "Monique", quality=CLOSE),
            partners("Erik", "Monique", CONFLICT),
            exes("Monique", "Ronald", CUT_OFF),
            *parent_of("Monique", "Kevin", "Thijs"),
            *parent_of("Monique", "Noa", quality=CLOSE),
            *parent_of("Ronald", "Kevin", quality=CUT_OFF),
            *parent_of("Erik", "Kevin", parentage=ADOPTED),
            *parent_of("Erik", "Thijs", "Noa", quality=CONFLICT),
            siblings("Kevin", "Thijs"),
            siblings("Kevin", "Noa", CLOSE),
            siblings("Thijs", "Noa"),
        ),
        network=(
            Contact(
                "tante Joke",
                "zus van Monique",
                FAMILY,
                STRONG,
                support=(PRACTICAL, EMOTIONAL),
                aware=True,
            ),
            Contact(
                "Henk", "AA-sponsor van Erik", FRIENDS, STRONG, support=(EMOTIONAL,), aware=True
            ),
            Contact(
                "vrienden van de biljartclub", "kroegvrienden van Erik", FRIENDS, STRESSFUL, BAD
            ),
            Contact(
                "Fleur en haar ouders", "beste vriendin van Noa", FRIENDS, support=(PRACTICAL,)
            ),
            Contact(
                "leidinggevende van Monique",
                "thuiszorg, waar Monique werkt",
                SCHOOL_WORK,
                WEAK,
                support=(EMOTIONAL,),
            ),
            Contact("meneer Dijkstra", "mentor van Thijs", SCHOOL_WORK, influence=GOOD, aware=True),
        ),
        team=(
            Helper(Job.OTHER, "Tactus Verslavingszorg", "Jolanda Brink", since=-60),
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-4000),
            Helper(Job.YOUTH_CARE, JEUGDHULP, "Wendy Peters", since=25),
        ),
        handovers=(
            Handover(Pick(Job.MENTAL_HEALTH, "Ellen Kuipers"), day=30, user="professional1"),
        ),
        consents=(
            agrees("Monique", 2),
            may_share(
                "Erik",
                10,
                BEWIND,
                PLAN,
                CONTACTS,
                purpose="De budgetafspraken van de bewindvoerder afstemmen op het gezinsplan.",
                # Erik did not want the bewindvoerder to read the notes of the talks.
                withdrawn=60,
            ),
            may_share(
                "Monique",
                35,
                GGZ,
                PLAN,
                CONTACTS,
                purpose="De behandeling van Erik afstemmen op de afspraken in het gezinsplan.",
            ),
            may_ask(
                "Thijs",
                40,
                "Jeugdhulp Rivierenland, cannabisspreekuur",
                about="Thijs",
                purpose="Thijs vindt het goed dat de coach hoort of hij naar zijn afspraken gaat.",
            ),
        ),
    ),
    FamilyFileSpec(
        # Care coordination around Bilal; the casemanager is the coordinator.
        name="Haddou",
        referral="DEMO-018",
        members=(
            parent("Mustafa", M),
            parent("Samira", F),
            child("Imane", F, at_home=False),
            child("Bilal", M, bsn="999990032"),
            child("Rayan", M),
            child("Anas", M),
            grandparent("Ahmed", M, 79, "01-01", deceased=True),
            grandparent("Aicha", F, 75, "14-04", surname="Bouzid"),
            grandparent("Fadma", F, 69, "23-06", surname="Chaouch"),
        ),
        relations=(
            *parent_of("Ahmed", "Mustafa"),
            *parent_of("Aicha", "Mustafa"),
            *parent_of("Fadma", "Samira", quality=CLOSE),
            partners("Mustafa", "Samira", CLOSE),
            *parent_of("Mustafa", "Imane", "Bilal", "Rayan", "Anas"),
            *parent_of("Samira", "Imane", "Rayan", "Anas"),
            *parent_of("Samira", "Bilal", quality=CLOSE),
            siblings("Imane", "Bilal", CLOSE),
            siblings("Bilal", "Rayan", CONFLICT),
            siblings("Rayan", "Anas"),
        ),
        network=(
            Contact(
                "tante Nadia", "zus van Samira", FAMILY, STRONG, support=(PRACTICAL,), aware=True
            ),
            Contact("buurman Jan", "buurman", FRIENDS, WEAK, support=(PRACTICAL,)),
            Contact(
                "oudergroep autisme",
                "lotgenoten, via de autismevereniging",
                FRIENDS,
                support=(EMOTIONAL,),
                aware=True,
            ),
            Contact("trainer voetbal", "trainer van Rayan bij SV Lindeveen", SCHOOL_WORK),
        ),
        team=(
            Helper(
                Job.SCHOOL,
                "Samenwerkingsverband Passend Onderwijs Rivierenland",
                "Mirjam de Haan",
                since=10,
            ),
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-5000),
        ),
        consents=(
            agrees("Samira", 1, "Instemming met coördinatie van zorg rond Bilal."),
            may_share(
                "Mustafa",
                8,
                GGZ,
                CONTACTS,
                PLAN,
                purpose="De behandeling van Bilal afstemmen met onderwijs en jeugdhulp.",
            ),
            may_ask("Mustafa", 9, "Samenwerkingsverband Passend Onderwijs Rivierenland"),
        ),
    ),
    FamilyFileSpec(
        # Levi has a different father; the gezinsvoogd holds the coordination (OTS).
        name="Schouten",
        referral="DEMO-019",
        coordinator=Pick(Job.GEZINSVOOGD, "M. Kaya"),
        members=(
            parent("Dennis", M),
            parent("Kim", F),
            child("Levi", M),
            child("Jayden", M),
            child("Mees", M),
            parent(
                "Ricardo",
                M,
                authority=False,
                age=31,
                birthday="06-10",
                surname="Vos",
                at_home=False,
            ),
            grandparent("Ger", M, 63, "13-03"),
            grandparent("Thea", F, 61, "26-01"),
            grandparent("Yvonne", F, 49, "09-09", surname="van Dijk"),
        ),
        relations=(
            *parent_of("Ger", "Dennis"),
            *parent_of("Thea", "Dennis", quality=CLOSE),
            *parent_of("Yvonne", "Kim", quality=CONFLICT),
            partners("Ger", "Thea"),
            partners("Dennis", "Kim"),
            exes("Kim", "Ricardo", CONFLICT),
            *parent_of("Kim", "Levi", "Jayden", "Mees"),
            *parent_of("Ricardo", "Levi", quality=CUT_OFF),
            *parent_of("Dennis", "Levi", parentage=STEP, quality=CONFLICT),
            *parent_of("Dennis", "Jayden", "Mees"),
            siblings("Levi", "Jayden", CLOSE),
            siblings("Jayden", "Mees"),
        ),
        network=(
            Contact("Naomi", "vriendin van Kim", FRIENDS, STRONG, support=(EMOTIONAL,), aware=True),
            Contact("buurvrouw Gerda", "buurvrouw", FRIENDS, WEAK, MIXED),
            Contact("trainer voetbal", "trainer van Levi bij SV Lindeveen", SCHOOL_WORK),
            Contact("baas van Dennis", "hoveniersbedrijf", SCHOOL_WORK, support=(FINANCIAL,)),
            Contact(
                "peuterspeelzaal 't Kabouterhuis", "peuterspeelzaal van Mees", SCHOOL_WORK, WEAK
            ),
        ),
        team=(
            Helper(Job.OTHER, "Consultatiebureau Lindeveen", "Esther Brouwer", since=-600),
            Helper(Job.HOUSING, WONEN, "Rick Hofman", since=20, contact="0573 444 100"),
        ),
        consents=(
            agrees("Kim", 3),
            agrees("Dennis", 3),
            may_ask("Dennis", 5, JEUGDBESCHERMING, REGENBOOG),
        ),
    ),
    FamilyFileSpec(
        # The second referral about this family; the school may see the plan.
        name="Verhoeven",
        referral="DEMO-022",
        backup=True,
        members=(
            parent("Patrick", M),
            parent("Mandy", F),
            child("Jesse", M),
            child("Lieke", F),
            grandparent("Kees", M, 68, "18-10"),
            grandparent("Wim", M, 70, "07-07", surname="Hoogland", deceased=True),
            grandparent("Riet", F, 64, "03-03", surname="Hoogland"),
        ),
        relations=(
            *parent_of("Kees", "Patrick", quality=CUT_OFF),
            *parent_of("Wim", "Mandy"),
            *parent_of("Riet", "Mandy", quality=CLOSE),
            partners("Wim", "Riet"),
            partners("Patrick", "Mandy", CONFLICT),
            *parent_of("Patrick", "Jesse", "Lieke"),
            *parent_of("Mandy", "Jesse"),
            *parent_of("Mandy", "Lieke", quality=CLOSE),
            siblings("Jesse", "Lieke"),
        ),
        network=(
            Contact(
                "oom Danny",
                "broer van Mandy",
                FAMILY,
                STRONG,
                support=(PRACTICAL, FINANCIAL),
                aware=True,
            ),
            Contact("buurvrouw Els", "buurvrouw", FRIENDS, support=(PRACTICAL,)),
            Contact("vrienden van de darts", "vrienden van Patrick", FRIENDS, WEAK, MIXED),
            Contact("trainer voetbal", "trainer van Jesse", SCHOOL_WORK, support=(EMOTIONAL,)),
            Contact(
                "Voedselbank Lindeveen",
                "uitgiftepunt",
                PROFESSIONALS,
                support=(PRACTICAL,),
                aware=True,
            ),
        ),
        team=(
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-4000),
            Helper(Job.SOCIAL_SERVICES, SOCIALE_DIENST, "Joyce Haverkamp", since=5),
        ),
        consents=(
            agrees("Mandy", 1),
            may_share(
                "Mandy",
                10,
                REGENBOOG,
                PLAN,
                purpose="School stemt de begeleiding van Lieke af op het gezinsplan.",
            ),
        ),
    ),
    FamilyFileSpec(
        # Three children of two fathers; oma lives in.
        name="Lieveld",
        new=NewFamily("7335 LN", "9", coach="coach1", started=215),
        backup=True,
        members=(
            parent("Jolanda", F, age=37, birthday="22-05", bsn="999999990"),
            child("Kenneth", M, age=19, birthday="04-03", at_home=False),
            child("Quincy", M, age=15, birthday="16-08"),
            child("Jayla", F, age=8, birthday="29-01"),
            parent(
                "Romano",
                M,
                authority=False,
                age=40,
                birthday="10-12",
                surname="Pengel",
                at_home=False,
            ),
            parent(
                "Marvin",
                M,
                authority=False,
                age=39,
                birthday="27-06",
                surname="Doelwijt",
                at_home=False,
            ),
            grandparent("Hilda", F, 63, "02-11", at_home=True),
            grandparent("Frits", M, 66, "15-02", deceased=True),
        ),
        relations=(
            *parent_of("Hilda", "Jolanda", quality=CLOSE),
            *parent_of("Frits", "Jolanda"),
            partners("Hilda", "Frits"),
            exes("Jolanda", "Romano", CUT_OFF),
            exes("Jolanda", "Marvin", CONFLICT),
            *parent_of("Jolanda", "Kenneth", "Quincy", "Jayla"),
            *parent_of("Romano", "Kenneth", "Quincy", quality=CUT_OFF),
            *parent_of("Marvin", "Jayla"),
            siblings("Kenneth", "Quincy", CLOSE),
            siblings("Quincy", "Jayla", CLOSE),
        ),
        network=(
            Contact(
                "tante Ingrid",
                "zus van Jolanda",
                FAMILY,
                STRONG,
                support=(PRACTICAL, FINANCIAL, EMOTIONAL),
                aware=True,
            ),
            Contact("Evangelische Broedergemeente", "kerk", FRIENDS, support=(EMOTIONAL,)),
            Contact(
                "Shirley",
                "buurvrouw en vriendin",
                FRIENDS,
                STRONG,
                support=(PRACTICAL,),
                aware=True,
            ),
            Contact("trainer voetbal", "trainer van Quincy", SCHOOL_WORK, support=(EMOTIONAL,)),
            Contact("planner schoonmaakbedrijf", "werk van Jolanda", SCHOOL_WORK, WEAK, MIXED),
            Contact(
                "maatje Gerard",
                "vrijwilliger Humanitas",
                PROFESSIONALS,
                support=(PRACTICAL,),
                aware=True,
            ),
        ),
        team=(
            Helper(Job.SCHOOL, COLLEGE, "Marco Dijkstra", since=-500),
            Helper(Job.SCHOOL, REGENBOOG, since=-1400),
            Helper(Job.DEBT_COUNSELLING, BEWIND, "Fenna Post", since=40),
            Helper(Job.HOUSING, WONEN, "Rick Hofman", since=-30),
            Helper(Job.GP, ZUID, "Karin Bosman", since=-4000),
        ),
        consents=(
            agrees("Jolanda", 0),
            may_ask("Jolanda", 3, COLLEGE, REGENBOOG, BEWIND),
        ),
    ),
    FamilyFileSpec(
        # Father is in detention but keeps authority; the stepfather has it over Yara only.
        name="Bakkali",
        new=NewFamily("7317 CW", "41", coach="coach1", started=120),
        members=(
            parent("Loubna", F, age=34, birthday="12-04", surname="Aït Taleb"),
            parent("Younes", M, age=37, birthday="30-08", at_home=False),
            stepparent("Othman", M, age=38, birthday="05-11", surname="El Ouardi", authority=True),
            child("Ilyas", M, age=13, birthday="21-02"),
            child("Salma", F, age=10, birthday="14-07", bsn="999990044"),
            child("Yara", F, age=2, birthday="08-03", surname="El Ouardi"),
            grandparent("Mohamed", M, 62, "19-01", surname="Aït Taleb"),
            grandparent("Hafida", F, 59, "26-10", surname="Moussaoui"),
            grandparent("Rkia", F, 64, "11-05"),
        ),
        relations=(
            *parent_of("Mohamed", "Loubna"),
            *parent_of("Hafida", "Loubna", quality=CLOSE),
            *parent_of("Rkia", "Younes"),
            partners("Mohamed", "Hafida"),
            partners("Loubna", "Othman", CLOSE),
            exes("Loubna", "Younes", CONFLICT),
            *parent_of("Loubna", "Ilyas", "Salma", "Yara"),
            *parent_of("Younes", "Ilyas", "Salma", quality=CONFLICT),
            *parent_of("Othman", "Ilyas", parentage=STEP, quality=CONFLICT),
            *parent_of("Othman", "Salma", parentage=STEP, quality=CLOSE),
            *parent_of("Othman", "Yara"),
            siblings("Ilyas", "Salma"),
            siblings("Salma", "Yara", CLOSE),
        ),
        network=(
            Contact(
                "tante Karima",
                "zus van Loubna",
                FAMILY,
                STRONG,
                support=(PRACTICAL, EMOTIONAL),
                aware=True,
            ),
            Contact("oma Rkia", "moeder van Younes", FAMILY, STRESSFUL, BAD, aware=True),
            Contact("moskee Al Fath", "gebedshuis", FRIENDS, WEAK, support=(EMOTIONAL,)),
            Contact("collega's kinderopvang", "werk van Loubna", SCHOOL_WORK, support=(EMOTIONAL,)),
        ),
        team=(
            Helper(Job.SCHOOL, REGENBOOG, user="professional2", since=-900),
            Helper(Job.SCHOOL, COLLEGE, since=-90),
            Helper(Job.NEIGHBOURHOOD_OFFICER, POLITIE, user="professional4", since=-30),
            Helper(Job.OTHER, "Reclassering Nederland", "Bart Evers", since=-200),
            Helper(Job.OTHER, "Veilig Thuis Rivierenland", since=-40),
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-3000),
        ),
        consents=(
            agrees("Loubna", 0),
            agrees("Othman", 0),
            may_ask("Loubna", 2, "Veilig Thuis Rivierenland", "Reclassering Nederland", POLITIE),
        ),
    ),
    FamilyFileSpec(
        # Three generations under one roof; dede needs care.
        name="Doğan",
        new=NewFamily("7339 TD", "17", coach="coach2", started=180),
        members=(
            parent("Kemal", M, age=44, birthday="03-09"),
            parent("Sibel", F, age=40, birthday="17-12"),
            child("Mert", M, age=16, birthday="25-04"),
            child("Ayla", F, age=11, birthday="09-10"),
            child("Emir", M, age=5, birthday="01-06"),
            grandparent("Osman", M, 73, "20-03", at_home=True),
            grandparent("Fatma", F, 70, "11-11", deceased=True),
            grandparent("Hüseyin", M, 67, "28-08", surname="Kaplan"),
            grandparent("Gülsen", F, 65, "06-02", surname="Kaplan"),
        ),
        relations=(
            *parent_of("Osman", "Kemal", quality=CONFLICT),
            *parent_of("Fatma", "Kemal", quality=CLOSE),
            *parent_of("Hüseyin", "Sibel"),
            *parent_of("Gülsen", "Sibel"),
            partners("Osman", "Fatma"),
            partners("Hüseyin", "Gülsen"),
            partners("Kemal", "Sibel", CONFLICT),
            *parent_of("Kemal", "Mert", quality=CONFLICT),
            *parent_of("Kemal", "Ayla", "Emir"),
            *parent_of("Sibel", "Mert", "Ayla", "Emir"),
            siblings("Mert", "Ayla"),
            siblings("Ayla", "Emir", CLOSE),
        ),
        network=(
            Contact("amca Ali", "broer van Kemal", FAMILY, influence=MIXED, support=(FINANCIAL,)),
            Contact("buurvrouw Ineke", "buurvrouw", FRIENDS, support=(PRACTICAL,), aware=True),
            Contact("Turks cultureel centrum", "vereniging", FRIENDS, WEAK, support=(EMOTIONAL,)),
            Contact("uitvoerder bouwbedrijf", "werk van Kemal", SCHOOL_WORK, WEAK),
            Contact("mentor van Mert", "Lindeveen College", SCHOOL_WORK, aware=True),
        ),
        team=(
            Helper(Job.SCHOOL, COLLEGE, since=-400),
            Helper(Job.SCHOOL, REGENBOOG, since=-800),
            Helper(Job.OTHER, "Gemeente Lindeveen", "Tineke Kramer", since=20),
            Helper(Job.OTHER, "Thuiszorg Rivierenland", "Agnes Wolters", since=-100),
            Helper(Job.GP, BRINK, "Paul Jacobs", since=-6000),
            Helper(Job.SOCIAL_SERVICES, SOCIALE_DIENST, since=60),
        ),
        consents=(
            agrees("Sibel", 0),
            agrees("Kemal", 7),
            may_ask("Kemal", 7, "Thuiszorg Rivierenland", "Gemeente Lindeveen, Wmo-loket", BRINK),
        ),
    ),
    FamilyFileSpec(
        # A blended family: an adopted son, a stepdaughter, an adult child who is non-binary.
        name="Van den Berg",
        new=NewFamily("7343 BP", "62", coach="coach2", started=95),
        backup=True,
        members=(
            parent("Marjolein", F, age=45, birthday="09-06", surname="van den Berg"),
            parent("Arjan", M, age=47, birthday="14-01", surname="van den Berg", at_home=False),
            stepparent("Ferry", M, age=47, birthday="31-07", surname="Jansen"),
            child("Sam", X, age=19, birthday="02-12", surname="van den Berg"),
            child("Bente", F, age=14, birthday="23-03", surname="van den Berg"),
            child("Mateo", M, age=10, birthday="18-09", surname="van den Berg"),
            child("Isa", F, age=12, birthday="07-04", surname="Jansen", at_home=False),
            grandparent("Theo", M, 76, "12-12", surname="Groen", deceased=True),
            grandparent("Annie", F, 74, "05-05", surname="Groen"),
        ),
        relations=(
            *parent_of("Theo", "Marjolein"),
            *parent_of("Annie", "Marjolein", quality=CLOSE),
            partners("Theo", "Annie"),
            partners("Marjolein", "Ferry"),
            exes("Marjolein", "Arjan", CONFLICT),
            *parent_of("Marjolein", "Sam", "Bente"),
            *parent_of("Marjolein", "Mateo", parentage=ADOPTED, quality=CLOSE),
            *parent_of("Arjan", "Sam", quality=CUT_OFF),
            *parent_of("Arjan", "Bente"),
            *parent_of("Arjan", "Mateo", parentage=ADOPTED),
            *parent_of("Ferry", "Isa"),
            *parent_of("Ferry", "Bente", parentage=STEP, quality=CONFLICT),
            *parent_of("Ferry", "Sam", "Mateo", parentage=STEP),
            *parent_of("Marjolein", "Isa", parentage=STEP),
            siblings("Sam", "Bente", CLOSE),
            siblings("Bente", "Mateo"),
            siblings("Bente", "Isa", CONFLICT),
        ),
        network=(
            Contact(
                "Wendy", "vriendin van Marjolein", FRIENDS, STRONG, support=(EMOTIONAL,), aware=True
            ),
            Contact("buurman Joop", "buurman", FRIENDS, WEAK, support=(PRACTICAL,)),
            Contact("jongerengroep COC", "groep van Sam", FRIENDS, support=(EMOTIONAL,)),
            Contact("trainer hockey", "trainer van Bente", SCHOOL_WORK, support=(EMOTIONAL,)),
            Contact("supermarkt", "bijbaan van Sam", SCHOOL_WORK, WEAK),
            Contact("nieuwe partner van Arjan", "Arjans vriendin", FAMILY, STRESSFUL, BAD),
        ),
        team=(
            Helper(Job.MENTAL_HEALTH, GGZ, "Eva Lammers", since=-45),
            Helper(Job.SCHOOL, COLLEGE, "Marco Dijkstra", since=-300),
            Helper(Job.SCHOOL, REGENBOOG, since=-2000),
            Helper(Job.OTHER, "Mediation Rivierenland", "mr. Karel Wouters", since=30),
            Helper(Job.GP, ZUID, since=-5000),
        ),
        consents=(
            agrees("Marjolein", 0),
            agrees("Arjan", 12),
            may_ask("Marjolein", 5, GGZ, COLLEGE),
        ),
    ),
    FamilyFileSpec(
        # Work, house and debts hang together; babcia came over from Poland to help.
        name="Lewandowski",
        new=NewFamily("7361 HS", "5", coach="coach3", started=140),
        members=(
            parent("Marek", M, age=37, birthday="13-06"),
            parent("Joanna", F, age=34, birthday="24-01", surname="Lewandowska"),
            child("Filip", M, age=12, birthday="09-11"),
            child("Zuzanna", F, age=8, birthday="30-04", surname="Lewandowska"),
            child("Staś", M, age=3, birthday="15-08", bsn="999990056"),
            grandparent("Halina", F, 63, "03-07", surname="Nowicka", at_home=True),
            grandparent("Andrzej", M, 66, "20-10", surname="Nowicki", deceased=True),
            grandparent("Krystyna", F, 65, "01-12", surname="Lewandowska"),
        ),
        relations=(
            *parent_of("Halina", "Joanna", quality=CLOSE),
            *parent_of("Andrzej", "Joanna"),
            *parent_of("Krystyna", "Marek", quality=CUT_OFF),
            partners("Halina", "Andrzej"),
            partners("Marek", "Joanna", CONFLICT),
            *parent_of("Marek", "Filip", "Zuzanna", "Staś"),
            *parent_of("Joanna", "Filip", "Zuzanna", "Staś"),
            siblings("Filip", "Zuzanna"),
            siblings("Zuzanna", "Staś", CLOSE),
        ),
        network=(
            Contact(
                "Agnieszka",
                "vriendin van Joanna, tolkt vaak",
                FRIENDS,
                STRONG,
                support=(PRACTICAL, EMOTIONAL),
                aware=True,
            ),
            Contact("Poolse parochie", "kerk", FRIENDS, support=(EMOTIONAL,)),
            Contact(
                "planner Flexwerk", "uitzendbureau, ook verhuurder", SCHOOL_WORK, STRESSFUL, BAD
            ),
            Contact("Poolse zaterdagschool", "school van Filip en Zuzanna", SCHOOL_WORK),
        ),
        team=(
            Helper(Job.SCHOOL, WEGWIJZER, "Saskia Meijer", since=-700),
            Helper(Job.GP, BRINK, since=-1000),
            Helper(Job.HOUSING, WONEN, "Rick Hofman", since=35),
            Helper(Job.SOCIAL_SERVICES, SOCIALE_DIENST, "Joyce Haverkamp", since=20),
            Helper(Job.SOCIAL_WORK, WELZIJN, "taalmaatje Anke", since=50),
        ),
        consents=(
            agrees("Joanna", 0),
            agrees("Marek", 0),
            may_ask("Marek", 6, SOCIALE_DIENST, WONEN),
            may_share(
                "Marek",
                30,
                WONEN,
                PLAN,
                purpose="Onderbouwing van de aanvraag voor een eigen huurwoning.",
            ),
        ),
    ),
    FamilyFileSpec(
        # A foster daughter under guardianship; the eldest son has left home.
        name="Hoekstra",
        new=NewFamily("7372 EV", "3", coach="coach3", started=40),
        members=(
            parent("Sjoerd", M, age=52, birthday="08-02"),
            parent("Anneke", F, age=50, birthday="27-09"),
            child("Wietse", M, age=23, birthday="19-04", at_home=False),
            child("Jildou", F, age=17, birthday="11-01"),
            child("Jelle", M, age=13, birthday="02-10"),
            child(
                "Kelly", F, age=14, birthday="16-06", surname="Smits", role=FamilyRole.FOSTER_CHILD
            ),
            parent(
                "Priscilla",
                F,
                authority=False,
                age=33,
                birthday="22-12",
                surname="Smits",
                at_home=False,
            ),
            grandparent("Douwe", M, 81, "30-05", deceased=True),
            grandparent("Tjitske", F, 79, "14-03"),
        ),
        relations=(
            *parent_of("Douwe", "Sjoerd"),
            *parent_of("Tjitske", "Sjoerd", quality=CLOSE),
            partners("Douwe", "Tjitske"),
            partners("Sjoerd", "Anneke", CLOSE),
            *parent_of("Sjoerd", "Wietse", "Jildou", "Jelle"),
            *parent_of("Anneke", "Wietse", "Jelle"),
            *parent_of("Anneke", "Jildou", quality=CLOSE),
            *parent_of("Sjoerd", "Kelly", parentage=FOSTER),
            *parent_of("Anneke", "Kelly", parentage=FOSTER, quality=CONFLICT),
            *parent_of("Priscilla", "Kelly", quality=CONFLICT),
            siblings("Wietse", "Jildou"),
            siblings("Jildou", "Jelle"),
            siblings("Jelle", "Kelly", CONFLICT),
        ),
        network=(
            Contact("pake en beppe De Vries", "ouders van Anneke", FAMILY, support=(PRACTICAL,)),
            Contact(
                "andere pleegouders",
                "steungroep Pleegzorg",
                FRIENDS,
                STRONG,
                support=(EMOTIONAL,),
                aware=True,
            ),
            Contact("kerkenraad", "gereformeerde kerk", FRIENDS, WEAK),
            Contact("vriendinnen van Kelly", "van het skatepark", FRIENDS, STRESSFUL, BAD),
            Contact(
                "collega's melkveebedrijf", "werk van Sjoerd", SCHOOL_WORK, support=(PRACTICAL,)
            ),
        ),
        team=(
            Helper(
                Job.GEZINSVOOGD,
                JEUGDBESCHERMING,
                "William Schuurman",
                since=-900,
                powers="Voogdij over Kelly.",
            ),
            Helper(Job.YOUTH_CARE, "Pleegzorg Rivierenland", "Hanneke Bos", since=-900),
            Helper(Job.SCHOOL, COLLEGE, since=-400),
            Helper(Job.GP, ZUID, since=-8000),
        ),
        consents=(
            agrees("Anneke", 0),
            may_ask("Sjoerd", 4, "Pleegzorg Rivierenland", COLLEGE),
            may_ask(
                "Kelly",
                10,
                "Pleegzorg Rivierenland",
                JEUGDBESCHERMING,
                about="Kelly",
                purpose="Kelly vindt het goed dat de coach haar pleegzorgwerker en voogd spreekt.",
            ),
            # Kelly's guardian gives consent for her, not a member (issue 20 point 8).
            ConsentSpec(
                Consent.Kind.GATHER_INFORMATION,
                "",
                12,
                "De voogd vindt het goed dat de coach de huisarts spreekt over Kelly.",
                parties=(ZUID,),
                about="Kelly",
                representative="William Schuurman, gezinsvoogd (Jeugdbescherming Rivierenland)",
            ),
        ),
    ),
]


# --- Building -------------------------------------------------------------------------------


def build_family_files(users: dict[str, User]) -> None:
    """Build every family file that is not there yet, each one whole or not at all."""
    today = timezone.localdate()
    for spec in FAMILY_FILES:
        _build(spec, users=users, today=today)
    with transaction.atomic():
        _language_and_safety()


# Issue 20 point 7: a family that speaks little Dutch (seed 002: coached "zonder tolk") and
# a practical warning for whoever visits (seed 003: "agressie" — or here, a dog).
LANGUAGE_FAMILY = "Doğan"
LANGUAGES = {
    "Osman": ("Turks", True, True),  # languages, interpreter needed, literacy support
    "Sibel": ("Turks, Nederlands (een beetje)", False, True),
    "Kemal": ("Turks, Nederlands", False, False),
}
SAFETY_NOTE = (
    "Grote hond los in de tuin. Bel vooraf aan, dan zet Kemal hem binnen. Bij een "
    "huisbezoek een tolk Turks voor opa Osman meenemen."
)


def _language_and_safety() -> None:
    """One family with languages, an interpreter flag and a worker-safety note. Idempotent:
    a member already flagged, and a note already written, are left as they are."""
    trajectory = (
        Trajectory.objects.running()
        .filter(family__name=LANGUAGE_FAMILY)
        .select_related("family", "coach")
        .first()
    )
    if trajectory is None:
        return
    family = trajectory.family
    coach_access = access.family_access(trajectory.coach, family)
    for member in family.members.filter(first_name__in=LANGUAGES, languages=""):
        languages, interpreter, literacy = LANGUAGES[member.first_name]
        services.member_save(
            access=coach_access,
            member=member,
            languages=languages,
            interpreter_needed=interpreter,
            literacy_support=literacy,
        )
    if not family.safety_note:
        services.safety_note_save(access=coach_access, safety_note=SAFETY_NOTE)


def family_file_count() -> int:
    """Families with an active trajectory whose file holds a network: the built ones."""
    return (
        Family.objects.filter(
            trajectories__in=Trajectory.objects.running(),
            network__isnull=False,
        )
        .distinct()
        .count()
    )


def is_built(family: Family) -> bool:
    """A file is built once it has a network: only this step adds network contacts, and it
    adds them together with everything else in one transaction."""
    return family.network.exists()


@transaction.atomic
def _build(spec: FamilyFileSpec, *, users: dict[str, User], today: date) -> None:
    family = _find_family(spec)
    if family is not None and is_built(family):
        return  # built before; whatever happened to it since is the demo user's
    if family is None:
        assert spec.new is not None
        family, trajectory = _new_family(spec.name, spec.new, users=users, today=today)
    else:
        trajectory = _active_trajectory(family)
    coach = trajectory.coach

    def on(offset: int) -> date:
        day = trajectory.started_on + timedelta(days=offset)
        if day > today:
            raise ValueError(f"Gezin {spec.name}: dag {offset} ligt in de toekomst.")
        return day

    if spec.backup:
        _set_backup_coach(trajectory)
    # The coach of the running trajectory keeps the whole file: asked once for this family.
    coach_access = access.family_access(coach, family)
    members = _apply_members(spec, coach_access, today=today)
    for tie in spec.relations:
        services.relation_add(
            access=coach_access,
            from_member=members[tie.from_name],
            to_member=members[tie.to_name],
            kind=tie.kind,
            parentage=tie.parentage,
            quality=tie.quality,
        )
    for contact in spec.network:
        services.network_contact_save(
            access=coach_access,
            name=contact.name,
            relation=contact.relation,
            sector=contact.sector,
            tie=contact.tie,
            influence=contact.influence,
            aware_of_problems=contact.aware,
            practical_support=PRACTICAL in contact.support,
            financial_support=FINANCIAL in contact.support,
            emotional_support=EMOTIONAL in contact.support,
        )
    _apply_team(spec, coach_access, trajectory, users=users, on=on)
    for consent in spec.consents:
        _record_consent(consent, coach_access, members, on=on)


def _find_family(spec: FamilyFileSpec) -> Family | None:
    """The family of the matched referral, or the family made here (None: not yet)."""
    if spec.referral:
        referral = (
            Referral.objects.filter(meldpunt__name=MELDPUNT, external_id=spec.referral)
            .select_related("family")
            .first()
        )
        if referral is None or referral.family is None:
            raise ValueError(f"Gezin {spec.name}: melding {spec.referral} of haar gezin ontbreekt.")
        return referral.family
    assert spec.new is not None
    return Family.objects.filter(
        name=spec.name,
        postcode=normalise_postcode(spec.new.postcode),
        house_number=spec.new.house_number,
    ).first()


def _active_trajectory(family: Family) -> Trajectory:
    trajectory = family.trajectories.running().select_related("coach").first()
    if trajectory is None:
        raise ValueError(f"Gezin {family.name} heeft geen lopend traject.")
    return trajectory


def _new_family(
    name: str, new: NewFamily, *, users: dict[str, User], today: date
) -> tuple[Family, Trajectory]:
    coach = users[new.coach]
    started = today - timedelta(days=new.started)
    family = services.family_create(
        actor=coach,
        name=name,
        postcode=new.postcode,
        house_number=new.house_number,
        members=[],
        since=started,
    )
    trajectory = trajectory_open(
        actor=coach,
        family=family,
        kind=Trajectory.Kind.FAMILY_COACH,
        coach=coach,
        started_on=started,
        programme=Programme.objects.filter(name=PROGRAMME).first(),
    )
    return family, trajectory


def _set_backup_coach(trajectory: Trajectory) -> None:
    """Another coach of the coach's own team, set by the coach through the service."""
    teams = Membership.objects.filter(
        user=trajectory.coach, role=Role.COACH, team__isnull=False
    ).values("team_id")
    backup = (
        User.objects.filter(memberships__team_id__in=teams, memberships__role=Role.COACH)
        .exclude(pk=trajectory.coach_id)
        .order_by("email")
        .first()
    )
    if backup is None:
        raise ValueError(f"{trajectory.coach} heeft geen collega in het team als back-up.")
    trajectory_services.trajectory_update(
        actor=trajectory.coach, trajectory=trajectory, backup_coach=backup
    )


def _apply_members(
    spec: FamilyFileSpec, coach_access: FamilyAccess, *, today: date
) -> dict[str, Member]:
    """Add the new members and bring those the referral made up to date; every member
    of the family must be in the spec, so everyone gets a gender."""
    family = coach_access.family
    existing = {m.first_name: m for m in family.members.all()}
    unnamed = set(existing) - {p.first_name for p in spec.members}
    if unnamed:
        raise ValueError(f"Gezin {spec.name}: {sorted(unnamed)} staan niet in de spec.")
    members: dict[str, Member] = {}
    for person in spec.members:
        wanted: dict[str, Any] = {
            "role": person.role,
            "gender": person.gender,
            "lives_in_household": person.at_home,
            "is_deceased": person.deceased,
            "has_parental_authority": person.authority,
        }
        if person.bsn:
            wanted["bsn"] = person.bsn
        member = existing.get(person.first_name)
        if member is None:
            if person.age is None:
                raise ValueError(f"Gezin {spec.name}: {person.first_name} staat niet in het gezin.")
            wanted |= {
                "first_name": person.first_name,
                "surname": person.surname or spec.name,
                "birth_date": _born(person.age, person.birthday, today),
            }
            member = services.member_save(access=coach_access, **wanted)
        else:
            changed = {k: v for k, v in wanted.items() if getattr(member, k) != v}
            if changed:
                member = services.member_save(access=coach_access, member=member, **changed)
        members[person.first_name] = member
    return members


def _born(age: int, birthday: str, today: date) -> date:
    """The birth date on `birthday` ("DD-MM") that makes someone `age` today."""
    day, month = (int(part) for part in birthday.split("-"))
    birthday_to_come = (month, day) > (today.month, today.day)
    return date(today.year - age - int(birthday_to_come), month, day)


def _apply_team(
    spec: FamilyFileSpec,
    coach_access: FamilyAccess,
    trajectory: Trajectory,
    *,
    users: dict[str, User],
    on: DayFn,
) -> None:
    family, coach = coach_access.family, coach_access.user
    own = family.involvements.filter(worker=coach, role__in=COACH_ROLES, until__isnull=True)
    if not own.exists():  # a family made here: the coach joins the team
        services.involvement_add(
            access=coach_access,
            role=InvolvementRole.FAMILY_COACH,
            organisation=access.acting_organisation(coach),
            worker=coach,
            since=trajectory.started_on,
        )
    for helper in spec.team:
        worker = users[helper.user] if helper.user else None
        organisation = (
            access.acting_organisation(worker)
            if worker
            else Organisation.objects.filter(name=helper.organisation).first()
        )
        services.involvement_add(
            access=coach_access,
            role=helper.role,
            organisation=organisation,
            organisation_name="" if organisation else helper.organisation,
            worker=worker,
            worker_name=helper.name,
            contact=helper.contact,
            powers=helper.powers,
            since=on(helper.since),
        )
    for pick, day in spec.ended:
        services.involvement_end(actor=coach, involvement=_pick(family, pick), until=on(day))
    for handover in spec.handovers:
        services.involvement_change_worker(
            actor=coach,
            involvement=_pick(family, handover.pick),
            on=on(handover.day),
            worker=users[handover.user] if handover.user else None,
            worker_name=handover.name,
            contact=handover.contact,
        )
    coordinator = own.get() if spec.coordinator is None else _pick(family, spec.coordinator)
    services.involvement_make_coordinator(actor=coach, involvement=coordinator)


def _pick(family: Family, pick: Pick) -> Involvement:
    """The one active involvement with this role whose worker or organisation is `who`."""
    found = [
        i
        for i in family.involvements.filter(role=pick.role, until__isnull=True).select_related(
            "worker", "organisation"
        )
        if pick.who
        in {
            i.worker_name,
            i.organisation_name,
            i.worker.full_name if i.worker else "",
            i.organisation.name if i.organisation else "",
        }
    ]
    if len(found) != 1:
        raise ValueError(f"Gezin {family.name}: {len(found)} betrokkenen voor {pick}.")
    return found[0]


def _record_consent(
    spec: ConsentSpec,
    coach_access: FamilyAccess,
    members: dict[str, Member],
    *,
    on: DayFn,
) -> None:
    given_on = on(spec.day)
    # How (issue 20 point 8): the consent to the help on the signed form of the start, the
    # others in a conversation with the coach.
    signed = spec.kind == Consent.Kind.HELP
    consent = services.consent_record(
        access=coach_access,
        kind=spec.kind,
        given_by=members[spec.given_by] if spec.given_by else None,
        representative=spec.representative,
        given_how=Consent.How.SIGNED_FORM if signed else Consent.How.MEETING,
        form_reference=f"Startformulier, dossierkast {given_on:%Y}" if signed else "",
        given_on=given_on,
        purpose=spec.purpose,
        parties="\n".join(spec.parties),
        organisation=Organisation.objects.get(name=spec.organisation)
        if spec.organisation
        else None,
        parts=list(spec.parts),
        concerns_member=members[spec.about] if spec.about else None,
        valid_until=given_on + timedelta(days=spec.valid_for) if spec.valid_for else None,
    )
    if spec.withdrawn is not None:
        services.consent_withdraw(actor=coach_access.user, consent=consent, on=on(spec.withdrawn))
