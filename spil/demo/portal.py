"""The family portal in the demo (issue 14): two family accounts in one of coach1's
families, and a file that shows every part of the portal on the first login.

Family Bouali (melding DEMO-004, coach1): Naima, a mother with parental authority, logs in
as `gezin1@demo.spil.test`; her son Yassin, 14 on the day of seeding, as
`jongere1@demo.spil.test`. What they see:

- a plan whose working version is a draft waiting for the family's agreement, with a goal
  for the whole family, Yassin's own goal and a goal that is Naima's alone (her debts: the
  parent sees it, the 14-year-old does not), each with steps, owners and dates;
- an appointment with the coach tomorrow, with Naima and Yassin both;
- a meeting with Yassin in it whose minutes were shared, besides the earlier ones;
- the latest life-domain measurement, shared with the family (without the coach's note);
- two family-wide consents to share with an organisation, one valid for a limited time;
- a promise of the coach that was kept and one still open;
- reads of the file by the coach and by professionals ("wie keek in ons dossier").

And what they never see, so a tester can check: a working note on a contact, a safety
concern about Yassin (not shared), the internal escalation and the family story (the
network) that the other demo steps wrote. `spil/demo/tests/test_portal_demo.py` renders
every portal page for both and looks for these texts.

Everything goes through the services as the coach would enter it (validated, audited),
except sharing a measurement with the family, for which assessments has no service yet
(`_share_measurement`). Idempotent: built once, when the parent's account is missing,
whole or not at all. Runs after the other demo steps and before the reminders of the day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.assessments import services as assessment_services
from spil.assessments.models import Domain, Measurement
from spil.contacts import services as contact_services
from spil.contacts.models import Promise
from spil.core import audit
from spil.core.access import FamilyAccess, family_access
from spil.demo.intake import MELDPUNT, REGENBOOG
from spil.demo.region import DEMO_DOMAIN, DEMO_PASSWORD
from spil.families import services as family_services
from spil.families.models import Consent, Family, InvolvementRole, Member
from spil.intake.models import Referral
from spil.meetings import services as meeting_services
from spil.meetings.models import Meeting
from spil.plans import services as plan_services
from spil.plans.instruments import family_instrument
from spil.plans.models import Evaluation, Goal, Plan
from spil.portal import services as portal_services
from spil.portal.models import FamilyAccount

REFERRAL = "DEMO-004"  # family Bouali, coach1's
YOUNG_AGE = 14


@dataclass(frozen=True)
class PortalAccount:
    handle: str
    first_name: str
    label: str  # for the seed's output and the README

    @property
    def email(self) -> str:
        return f"{self.handle}@{DEMO_DOMAIN}"


PARENT = PortalAccount("gezin1", "Naima", "Ouder (portaal)")
YOUNG = PortalAccount("jongere1", "Yassin", "Jongere van 14 (portaal)")
PORTAL_ACCOUNTS = (PARENT, YOUNG)

# Texts the family must never see in its portal (the demo's tests look for them).
WORKING_NOTE = (
    "Eigen aantekening: Naima oogt uitgeput; volgende keer vragen of oma Khadija "
    "vaker kan bijspringen."
)
SAFETY_SIGNALS = (
    "Yassin had een blauwe plek op zijn bovenarm en wilde niet vertellen hoe die "
    "ontstond; de mentor belde erover."
)
SAFETY_CLOSING = (
    "Met Yassin en met beide ouders apart gesproken: gevallen bij het voetballen, "
    "bevestigd door de trainer. Geen zorgen meer."
)


@dataclass(frozen=True)
class GoalSpec:
    title: str
    domain: str
    measurable: str
    steps: tuple[tuple[str, str, int], ...]  # (what, "ouder"/"jongere"/"coach", days ahead)


# In the family's own words. Naima's goal is hers alone: Yassin does not see it.
PARENT_GOAL = GoalSpec(
    "Ik weet weer wat we moeten betalen en open zelf de post",
    "financien_schulden",
    "Vier weken lang elke vrijdag de post open en alles in de map.",
    (
        ("Elke vrijdag de post openen en in de map doen", "ouder", 4),
        ("Samen de schuldhulp bellen voor een afspraak", "coach", 7),
        ("Een lijst maken van alle rekeningen", "ouder", 14),
    ),
)
# Used only when the plan has no goal for Yassin or for the whole family yet.
YOUNG_GOAL = GoalSpec(
    "Ik ga elke dag naar school, ook op maandag",
    "school_kinderen",
    "Vier weken lang geen les gemist.",
    (
        ("Zelf de wekker zetten om zeven uur", "jongere", 3),
        ("Met de mentor een plan maken voor maandag", "coach", 10),
    ),
)
FAMILY_GOAL = GoalSpec(
    "Wij hebben rust in huis",
    "gezinssituatie_opvoeding",
    "Een week zonder harde ruzie.",
    (("Samen een weekrooster op de koelkast hangen", "ouder", 7),),
)

MEETING_MINUTES = (
    "We spraken over school en sport. Yassin wil graag voetballen. "
    "De coach vraagt of het jeugdfonds de club betaalt. "
    "Yassin zet zelf zijn sporttas klaar. "
    "Over vier weken kijken we samen hoe het gaat."
)


def build_portal(users: dict[str, User]) -> None:
    if FamilyAccount.objects.filter(user__email=PARENT.email).exists():
        return  # built before; whatever happened to it since is the demo user's
    _build(today=timezone.localdate(), users=users)


def portal_family() -> Family:
    referral = Referral.objects.select_related("family").get(
        meldpunt__name=MELDPUNT, external_id=REFERRAL
    )
    assert referral.family is not None
    return referral.family


@transaction.atomic
def _build(*, today: date, users: dict[str, User]) -> None:
    family = portal_family()
    trajectory = family.trajectories.running().select_related("coach").get()
    coach = trajectory.coach
    coach_access = family_access(coach, family)
    parent = family.members.get(first_name=PARENT.first_name)
    young = _aged(coach_access, family.members.get(first_name=YOUNG.first_name), today)

    # Family accounts (as after an accepted invitation).
    for account, member in ((PARENT, parent), (YOUNG, young)):
        portal_services.account_create(
            member=member, email=account.email, password=DEMO_PASSWORD, actor=coach
        )

    _evaluation(coach_access, today=today)
    _plan(coach_access, parent=parent, young=young, today=today)
    _shared_meeting(coach_access, young=young, today=today)
    _share_measurement(coach_access, today=today)
    _consents(coach_access, parent=parent, today=today, started_on=trajectory.started_on)
    _promises(coach_access, today=today)
    _working_note(coach_access, parent=parent, today=today)
    _safety(coach_access, young=young, today=today)
    # Tomorrow, with both: the reminder of the day before goes out when the seed ends.
    contact_services.appointment_plan(
        access=coach_access,
        starts_at=_at(today + timedelta(days=1), 16),
        ends_at=_at(today + timedelta(days=1), 17),
        place="Thuis",
        purpose="Samen het nieuwe plan doorlopen",
        members=[parent, young],
    )
    # Reads of the file, as "wie keek in ons dossier" shows them (recorded now: the
    # audit trail is sealed, its times are those of the seed).
    for actor, action in (
        (coach, "family.viewed"),
        (coach, "plan.viewed"),
        (users["professional2"], "family.viewed"),  # the school
        (users["professional1"], "plan.viewed"),  # the GGZ
    ):
        audit.record(actor=actor, action=action, obj=family, family=family)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _aged(coach_access: FamilyAccess, member: Member, today: date) -> Member:
    """The young person is 14 on the seeding day (born 28 January)."""
    if member.age_on(today) == YOUNG_AGE:
        return member
    born_this_year = (today.month, today.day) >= (1, 28)
    birth_date = date(today.year - YOUNG_AGE - (0 if born_this_year else 1), 1, 28)
    return family_services.member_save(access=coach_access, member=member, birth_date=birth_date)


def _evaluation(coach_access: FamilyAccess, *, today: date) -> None:
    """An evaluation held a few days ago, with progress on every goal: the family can
    still give its own 0–10 per goal in the portal ("hoe staat het ervoor?")."""
    plan = Plan.objects.get(family=coach_access.family, status=Plan.Status.ACTIVE)
    goals = Goal.objects.filter(version__plan=plan, version__is_current=True)
    plan_services.evaluation_record(
        actor=coach_access.user,
        plan=plan,
        held_on=today - timedelta(days=3),
        moment=Evaluation.Moment.INTERIM,
        goals=[
            plan_services.GoalProgressData(goal=goal, progress="We zijn op weg; samen besproken.")
            for goal in goals
        ],
        overall_note="Tussentijds samen gekeken hoe het gaat.",
    )


def _plan(coach_access: FamilyAccess, *, parent: Member, young: Member, today: date) -> None:
    """A new draft on top of the agreed plan: Naima's own goal is added, so the family
    can agree to the new version in the portal."""
    family, coach = coach_access.family, coach_access.user
    plan = Plan.objects.get(family=family, status=Plan.Status.ACTIVE)
    domains = {d.code: d for d in Domain.objects.filter(instrument=family_instrument(family))}
    goals = list(
        Goal.objects.filter(version__plan=plan, version__is_current=True).prefetch_related(
            "members"
        )
    )
    owners = {"ouder": parent, "jongere": young, "coach": coach}

    def add(spec: GoalSpec, members: list[Member]) -> None:
        goal = plan_services.goal_add(
            actor=coach,
            plan=plan,
            title=spec.title,
            domain=domains.get(spec.domain) or next(iter(domains.values())),
            origin=Goal.Origin.FAMILY,
            whole_family=not members,
            members=members,
            measurable=spec.measurable,
            acceptable="Het gezin koos dit doel zelf.",
            target_on=today + timedelta(days=120),
        )
        for what, owner, days in spec.steps:
            plan_services.step_add(
                actor=coach,
                goal=goal,
                what=what,
                owner=owners[owner],
                due_on=today + timedelta(days=days),
            )

    if not any(g.whole_family for g in goals):
        add(FAMILY_GOAL, [])
    if not any(young in g.members.all() for g in goals):
        add(YOUNG_GOAL, [young])
    add(PARENT_GOAL, [parent])


def _shared_meeting(coach_access: FamilyAccess, *, young: Member, today: date) -> None:
    """A care conference about Yassin with him and his parents; the minutes were shared."""
    family, coach = coach_access.family, coach_access.user
    parents = list(
        family.members.filter(has_parental_authority=True, lives_in_household=True).order_by(
            "birth_date"
        )
    )
    school = family.involvements.filter(role=InvolvementRole.SCHOOL, until__isnull=True).first()
    meeting = meeting_services.meeting_plan(
        access=coach_access,
        kind=Meeting.Kind.CARE_CONFERENCE,
        starts_at=_at(today - timedelta(days=6), 15),
        chair=coach,
        members=[*parents, young],
        coaches=[coach],
        involvements=[school] if school else [],
        place="Thuis bij het gezin",
        agenda_from_plan=False,
        own_agenda=["Hoe gaat het op school", "Sport voor Yassin"],
    )
    meeting_services.minutes_record(
        actor=coach,
        meeting=meeting,
        minutes=MEETING_MINUTES,
        family_present=True,
        shared_on=today - timedelta(days=4),
    )


def _share_measurement(coach_access: FamilyAccess, *, today: date) -> None:
    """The latest measurement of the whole family, shared with the family. There is no
    service for this yet in assessments: the field is set here, with its audit record."""
    family, coach = coach_access.family, coach_access.user
    measurement = (
        Measurement.objects.filter(family=family, member__isnull=True)
        .order_by("-measured_on", "-id")
        .first()
    )
    if measurement is None:
        return
    shared_on = min(measurement.measured_on + timedelta(days=3), today)
    Measurement.objects.filter(pk=measurement.pk).update(shared_with_family_on=shared_on)
    audit.record(
        actor=coach,
        action="measurement.shared_with_family",
        obj=measurement,
        family=family,
        detail={"moment": measurement.moment},
    )


def _consents(coach_access: FamilyAccess, *, parent: Member, today: date, started_on: date) -> None:
    """Two family-wide consents to share: with the school (the plan) and with the GGZ
    (plan and contacts, for half a year)."""
    for organisation, parts, days_ago, valid_for, purpose in (
        (
            REGENBOOG,
            [Consent.Part.PLAN],
            40,
            None,
            "De school weet wat er in het plan staat, zodat zij kan helpen.",
        ),
        (
            "GGZ De Linde",
            [Consent.Part.PLAN, Consent.Part.CONTACTS],
            20,
            180,
            "De GGZ stemt de hulp af op het gezinsplan.",
        ),
    ):
        given_on = max(today - timedelta(days=days_ago), started_on)
        family_services.consent_record(
            access=coach_access,
            kind=Consent.Kind.SHARE,
            given_by=parent,
            given_how=Consent.How.MEETING,
            given_on=given_on,
            organisation=Organisation.objects.get(name=organisation),
            parts=[str(part) for part in parts],
            purpose=purpose,
            valid_until=given_on + timedelta(days=valid_for) if valid_for else None,
        )


def _promises(coach_access: FamilyAccess, *, today: date) -> None:
    """The coach's promises to the family: one kept, one open."""
    kept = contact_services.promise_record(
        access=coach_access,
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Ik vraag bij de voetbalclub of Yassin mag meetrainen",
        due_on=today - timedelta(days=10),
    )
    contact_services.promise_close(
        actor=coach_access.user,
        promise=kept,
        status=Promise.Status.KEPT,
        on=today - timedelta(days=12),
    )
    contact_services.promise_record(
        access=coach_access,
        direction=Promise.Direction.COACH_TO_FAMILY,
        what="Ik zoek uit of jullie voorrang krijgen voor een grotere woning",
        due_on=today + timedelta(days=10),
    )


def _working_note(coach_access: FamilyAccess, *, parent: Member, today: date) -> None:
    contact_services.contact_log(
        access=coach_access,
        occurred_at=_at(today - timedelta(days=3), 10),
        members=[parent],
        duration_minutes=60,
        summary="Huisbezoek: het nieuwe doel van Naima besproken.",
        working_note=WORKING_NOTE,
    )


def _safety(coach_access: FamilyAccess, *, young: Member, today: date) -> None:
    """A safety concern about Yassin, looked into and closed; never shared."""
    concern = assessment_services.concern_record(
        access=coach_access,
        noticed_on=today - timedelta(days=30),
        signals=SAFETY_SIGNALS,
        about=young,
    )
    assessment_services.concern_close(
        actor=coach_access.user,
        concern=concern,
        closed_on=today - timedelta(days=26),
        closing_note=SAFETY_CLOSING,
    )


def summary() -> str:
    count = FamilyAccount.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").count()
    return f"{count} gezinsleden met een eigen account in het portaal (/mijn-gezin/)."
