"""Test data for intake: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import datetime as dt

from django.utils import timezone

from spil.accounts.models import Organisation
from spil.core.testing import days_ago
from spil.families.services import InvolvementData, MemberData
from spil.intake import services
from spil.intake.models import Outcome, Weighing

TODAY = timezone.localdate


MEMBERS = [
    MemberData(role="ouder", first_name="Karin", surname="Vos", birth_date=dt.date(1988, 3, 2)),
    MemberData(role="kind", first_name="Daan", surname="Vos", birth_date=dt.date(2015, 6, 9)),
]


def register(actor, meldpunt, *, members=MEMBERS, helpers=(), received_on=None, **overrides):
    referrer = services.ReferrerData(
        name="Ans de Wit",
        organisation_name="Wijkteam Oost",
        organisation_kind=Organisation.Kind.WELFARE,
        phone="0612345678",
    )
    arguments = {
        "actor": actor,
        "meldpunt": meldpunt,
        "received_on": received_on or days_ago(40),
        "referrer": referrer,
        "concerns": "Moeder zegt dat de schulden oplopen.",
        "members": list(members),
        "helpers": list(helpers),
        "postcode": "7311 AB",
        "house_number": "12",
        **overrides,
    }
    return services.referral_register(**arguments)


def weigh(
    actor, referral, decision=Weighing.Decision.ACCEPT, advice="", weighed_on=None, return_reason=""
):
    if decision == Weighing.Decision.RETURN and not return_reason:
        return_reason = Weighing.ReturnReason.OTHER
    return services.referral_weigh(
        actor=actor,
        referral=referral,
        help_not_effective="ja",
        broader_problems="ja",
        no_own_regie="onbekend",
        decision=decision,
        advice=advice,
        return_reason=return_reason,
        weighed_on=weighed_on or days_ago(35),
    )


def to_assessment(actor, referral):
    """Take a referral from received to recorded findings along the happy path."""
    services.referral_create_family(actor=actor, referral=referral)
    weigh(actor, referral)
    family = referral.family
    parent = family.members.get(first_name="Karin")
    services.referral_consent(
        actor=actor, referral=referral, given_by=parent, parties="School", given_on=days_ago(30)
    )
    services.referral_assess(
        actor=actor,
        referral=referral,
        kind="gezinsgesprek",
        held_on=days_ago(25),
        tie_breaker="De coördinator",
        family_participants=[parent],
        findings="Eén coach die de hulp op elkaar afstemt.",
    )


def to_decision(actor, referral, outcome=Outcome.FAMILY_COACH):
    to_assessment(actor, referral)
    return services.referral_decide(
        actor=actor,
        referral=referral,
        outcome=outcome,
        reason="Veel hulp die langs elkaar heen werkt.",
        decided_on=days_ago(20),
        return_reason="reguliere_hulp_volstaat" if outcome == "returned_after_assessment" else "",
    )


def gezinsvoogd_helper(user):
    return InvolvementData(role="gezinsvoogd", organisation_name="GI Jeugdbescherming", worker=user)
