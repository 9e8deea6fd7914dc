import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spil.core.access import family_access
from spil.core.testing import days_ago
from spil.families import services
from spil.families.models import Consent, Involvement, Member, Relation

pytestmark = pytest.mark.django_db


def test_an_invalid_bsn_is_refused_in_dutch(world):
    with pytest.raises(ValidationError) as excinfo:
        services.member_save(
            access=family_access(world.coach, world.family),
            role="kind",
            first_name="Sem",
            surname="Vos",
            bsn="123456789",
        )
    assert "elfproef" in excinfo.value.message_dict["bsn"][0]
    assert not Member.objects.filter(first_name="Sem").exists()


def test_a_valid_bsn_is_kept(world):
    member = services.member_save(
        access=family_access(world.coach, world.family),
        role="kind",
        first_name="Sem",
        surname="Vos",
        bsn="111222333",
    )
    assert member.bsn == "111222333"


def test_a_member_cannot_be_their_own_parent(world):
    with pytest.raises(ValidationError) as excinfo:
        services.relation_add(
            access=family_access(world.coach, world.family),
            from_member=world.parent,
            to_member=world.parent,
            kind="ouder_van",
            parentage="biologisch",
        )
    assert "zichzelf" in excinfo.value.message_dict["to_member"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(
            family=world.family,
            from_member=world.parent,
            to_member=world.parent,
            kind="partner",
        )


def test_a_child_cannot_be_parent_of_its_own_parent(world):
    daan = world.family.members.get(first_name="Daan")
    services.relation_add(
        access=family_access(world.coach, world.family),
        from_member=world.parent,
        to_member=daan,
        kind="ouder_van",
        parentage="biologisch",
    )
    with pytest.raises(ValidationError, match="richting"):
        services.relation_add(
            access=family_access(world.coach, world.family),
            from_member=daan,
            to_member=world.parent,
            kind="ouder_van",
            parentage="biologisch",
        )


def test_symmetric_relations_are_not_doubled(world):
    daan = world.family.members.get(first_name="Daan")
    noor = world.family.members.get(first_name="Noor")
    services.relation_add(
        access=family_access(world.coach, world.family),
        from_member=daan,
        to_member=noor,
        kind="broer_zus",
    )
    with pytest.raises(ValidationError, match="staat er al"):
        services.relation_add(
            access=family_access(world.coach, world.family),
            from_member=noor,
            to_member=daan,
            kind="broer_zus",
        )


def test_one_responsible_coordinator_at_a_time(world):
    first = services.involvement_add(
        access=family_access(world.coach, world.family),
        role="gezinscoach",
        worker=world.coach,
        organisation=world.coaching,
        is_coordinator=True,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.involvement_add(
            access=family_access(world.coach, world.family),
            role="ggz",
            organisation_name="GGZ",
            worker_name="R. Jansen",
            is_coordinator=True,
        )
    assert "regiehouder" in excinfo.value.message_dict["is_coordinator"][0]
    # The database holds the line too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Involvement.objects.create(
            family=world.family,
            role="ggz",
            worker_name="X",
            organisation_name="Y",
            is_coordinator=True,
        )
    second = services.involvement_add(
        access=family_access(world.coach, world.family),
        role="ggz",
        organisation_name="GGZ",
        worker_name="R. Jansen",
    )
    services.involvement_make_coordinator(actor=world.coach, involvement=second)
    first.refresh_from_db()
    assert (first.is_coordinator, second.is_coordinator) == (False, True)


def test_a_change_of_worker_keeps_the_history(world):
    old = services.involvement_add(
        access=family_access(world.coach, world.family),
        role="schuldhulp",
        organisation_name="Kredietbank",
        worker_name="P. Smit",
        is_coordinator=True,
        since=days_ago(100),
    )
    new = services.involvement_change_worker(
        actor=world.coach, involvement=old, on=days_ago(5), worker_name="L. de Boer"
    )
    old.refresh_from_db()
    assert old.until == days_ago(5) and not old.is_coordinator
    assert new.succeeded == old and new.is_coordinator
    assert new.organisation_name == "Kredietbank"


def test_sharing_consent_needs_organisation_purpose_and_parts(world):
    with pytest.raises(ValidationError) as excinfo:
        services.consent_record(
            access=family_access(world.coach, world.family),
            kind="delen",
            given_by=world.parent,
            given_on=days_ago(1),
        )
    assert set(excinfo.value.message_dict) == {"organisation", "purpose", "parts"}
    assert not Consent.objects.exists()


def test_only_a_parent_with_authority_or_a_child_of_12_for_itself_gives_consent(world):
    noor = world.family.members.get(first_name="Noor")  # 15 on the day below
    daan = world.family.members.get(first_name="Daan")  # 10
    on = dt.date(2026, 6, 1)
    with pytest.raises(ValidationError, match="ouder met gezag"):
        services.consent_record(
            access=family_access(world.coach, world.family), kind="hulp", given_by=noor, given_on=on
        )
    own = services.consent_record(
        access=family_access(world.coach, world.family),
        kind="hulp",
        given_by=noor,
        given_on=on,
        concerns_member=noor,
    )
    assert own.concerns_member == noor
    with pytest.raises(ValidationError, match="ouder met gezag"):
        services.consent_record(
            access=family_access(world.coach, world.family),
            kind="hulp",
            given_by=daan,
            given_on=on,
            concerns_member=daan,
        )


def test_a_consent_is_withdrawn_once(world):
    consent = world.share_with(world.ggz, ["plan"])
    services.consent_withdraw(actor=world.coach, consent=consent, on=days_ago(0))
    with pytest.raises(ValidationError, match="al ingetrokken"):
        services.consent_withdraw(actor=world.coach, consent=consent, on=days_ago(0))
