"""The person's rights and retention in the demo (issue 18).

- Family Verhoef: a file whose trajectory closed 21 years ago. `manage.py apply_retention
  --dry-run` lists it (Gezinsdossier: 1); a real run destroys it, the monitoring's totals
  stay the same and `manage.py audit_verify` stays green.
- Family Bouali (coach1's): an open request to correct Naima's date of birth, recorded by
  the coach ten days ago, on coach1's worklist with its deadline; and a request Naima made
  herself in the portal (`gezin1@…`, "Uw gegevens") to limit the use of her data
  (beperking), which coach1 and the back-up coach were told about.

Idempotent: Verhoef is made when no family of that name and address is there (after a
real retention run the next seed makes it again); the request once per family.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.contacts import services as contact_services
from spil.core.access import family_access, member_access
from spil.demo.intake import MELDPUNT
from spil.demo.portal import PARENT, REFERRAL
from spil.families import services as family_services
from spil.families.models import Family
from spil.families.services import MemberData
from spil.intake.models import Referral
from spil.portal.models import FamilyAccount
from spil.reports import facts
from spil.rights import retention
from spil.rights import services as rights_services
from spil.rights.models import RightsRequest
from spil.trajectories.models import Trajectory

OLD_NAME, OLD_POSTCODE, OLD_NUMBER = "Verhoef", "7312CD", "3"
CLOSED_YEARS_AGO = 21


def build_rights(users: dict[str, User]) -> None:
    today = timezone.localdate()
    _old_closed_family(users["coach1"], today)
    _open_correction(users["coach1"], today)
    _portal_restriction()


@transaction.atomic
def _old_closed_family(coach: User, today: date) -> None:
    if Family.objects.filter(name=OLD_NAME, postcode=OLD_POSTCODE).exists():
        return
    closed = retention.years_before(today, CLOSED_YEARS_AGO)
    started = closed - timedelta(days=240)
    family = family_services.family_create(
        actor=coach,
        name=OLD_NAME,
        postcode=OLD_POSTCODE,
        house_number=OLD_NUMBER,
        since=started,
        members=[
            MemberData(
                role="ouder",
                first_name="Els",
                surname=OLD_NAME,
                birth_date=date(1970, 4, 12),
                gender="vrouw",
                has_parental_authority=True,
            ),
            MemberData(
                role="kind", first_name="Tim", surname=OLD_NAME, birth_date=date(1996, 9, 3)
            ),
        ],
    )
    trajectory = Trajectory.objects.create(
        family=family, kind=Trajectory.Kind.FAMILY_COACH, coach=coach, started_on=started
    )
    contact_services.contact_log(
        access=family_access(coach, family),
        occurred_at=timezone.make_aware(datetime.combine(started + timedelta(days=3), time(10))),
        summary="Kennismaking bij het gezin thuis.",
        working_note="Eerste indruk van de coach.",
    )
    # Closed long ago, as a file carried over from the old system would be.
    Trajectory.objects.filter(pk=trajectory.pk).update(
        closed_on=closed, phase=Trajectory.Phase.CLOSED
    )
    facts.refresh([trajectory.pk])


@transaction.atomic
def _open_correction(coach: User, today: date) -> None:
    referral = (
        Referral.objects.filter(meldpunt__name=MELDPUNT, external_id=REFERRAL)
        .select_related("family")
        .first()
    )
    if referral is None or referral.family is None:
        return
    family = referral.family
    if RightsRequest.objects.filter(family=family).exists():
        return
    naima = family.members.filter(first_name="Naima").first()
    if naima is None:
        return
    rights_services.request_record(
        access=family_access(coach, family),
        member=naima,
        kind=RightsRequest.Kind.CORRECTION,
        request="Mijn geboortedatum in het dossier klopt niet: ik ben op 3 mei geboren.",
        received_on=today - timedelta(days=10),
    )


@transaction.atomic
def _portal_restriction() -> None:
    """Naima asks in the portal to limit the use of her data (once)."""
    account = (
        FamilyAccount.objects.filter(user__email=PARENT.email)
        .select_related("user", "member__family")
        .first()
    )
    if account is None:
        return
    member = account.member
    if RightsRequest.objects.filter(member=member, kind=RightsRequest.Kind.RESTRICTION).exists():
        return
    rights_services.request_from_member(
        access=member_access(account.user, member),
        kind=RightsRequest.Kind.RESTRICTION,
        request=(
            "Wilt u de gegevens over mijn schulden niet meer aan de school laten zien? "
            "Die gaan de school niets aan."
        ),
    )


def summary() -> str:
    expired = retention.plan()
    dossiers = next(e.count for e in expired if e.category == "dossier")
    open_requests = RightsRequest.objects.filter(status=RightsRequest.Status.OPEN).count()
    return (
        f"Bewaartermijnen: {dossiers} gezinsdossier(s) over de termijn (apply_retention "
        f"--dry-run); {open_requests} open verzoek(en) over eigen gegevens."
    )
