"""A family member gives and withdraws consent to share in the portal (issue 14). The
policy decides who decides (`FamilyAccess.may_change_consent`); the staff service's
validation applies unchanged; a withdrawal closes the professional's page at once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from spil.accounts.tests.factories import OrganisationFactory
from spil.core import events
from spil.core.access import FamilyPart, family_access, family_parts, member_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import committed, days_ago
from spil.families import services
from spil.families.models import Consent, Member
from spil.notifications.models import Notification
from spil.portal.tests.factories import family_account

from .factories import make_family


def access_of(member):
    return member_access(family_account(member).user, member)


def involve(world, organisation, **extra):
    return services.involvement_add(
        access=family_access(world.coach, world.family),
        role="ggz",
        organisation=organisation,
        since=days_ago(30),
        **extra,
    )


def about(world, member, organisation):
    """A sharing consent about one member's own data, given by that member."""
    return services.consent_record(
        access=family_access(world.coach, world.family),
        kind="delen",
        given_by=member,
        concerns_member=member,
        given_on=days_ago(5),
        organisation=organisation,
        purpose="Afstemming van de hulp",
        parts=["plan"],
    )


@pytest.fixture
def ggz_involved(world):
    return involve(world, world.ggz, worker=world.ggz_worker)


@pytest.fixture
def noor(world):
    return world.family.members.get(first_name="Noor")


@pytest.fixture
def parent(world):
    return access_of(world.parent)


def give(access, organisation, parts=("plan",), concerns_member=None, valid_until=None):
    return services.family_give_consent(
        access=access,
        organisation=organisation,
        parts=list(parts),
        concerns_member=concerns_member,
        valid_until=valid_until,
    )


# --- Withdraw ----------------------------------------------------------------------------


def test_withdrawing_closes_the_professionals_page_at_once(client, world, parent):
    consent = world.share_with(world.ggz, ["plan", "contacten"])
    overview = reverse("families:overview", args=[world.family.uuid])
    client.force_login(world.ggz_worker)
    assert client.get(overview).status_code == 200
    services.family_withdraw_consent(access=parent, consent=consent)
    assert client.get(overview).status_code == 404
    assert family_parts(world.ggz_worker, world.family) == frozenset()
    consent.refresh_from_db()
    assert consent.withdrawn_on == days_ago(0)
    event = AuditEvent.objects.get(action="consent.family_withdrawn")
    assert event.object_uuid == consent.uuid
    assert event.detail == {"kind": "delen", "lid": str(world.parent.uuid)}
    assert "consent.family_withdrawn" in known_labels()


def test_a_withdrawal_tells_the_coach_and_backup(world, parent, mailoutbox):
    consent = world.share_with(world.ggz, ["plan"])
    Notification.objects.all().delete()
    mailoutbox.clear()
    with committed():
        services.family_withdraw_consent(access=parent, consent=consent)
    told = set(
        Notification.objects.filter(event="toestemming_gewijzigd_door_gezin").values_list(
            "recipient", flat=True
        )
    )
    assert told == {world.coach.pk, world.backup.pk}
    assert {tuple(m.to) for m in mailoutbox} == {(world.coach.email,), (world.backup.email,)}


def test_a_young_person_of_15_cannot_withdraw_a_family_consent(world, noor):
    consent = world.share_with(world.ggz, ["plan"])
    young = access_of(noor)
    assert noor.age_on(days_ago(0)) == 15
    assert not services.family_may_withdraw(young, consent)
    with pytest.raises(ValidationError, match="beslist iemand anders"):
        services.family_withdraw_consent(access=young, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None
    assert not AuditEvent.objects.filter(action="consent.family_withdrawn").exists()


def test_a_young_person_from_16_decides_about_their_own_data_only(world, noor):
    noor.birth_date = days_ago(365 * 16 + 10)
    noor.save()
    young = access_of(noor)
    family_wide = world.share_with(world.ggz, ["plan"])
    about_her = about(world, noor, world.ggz)
    assert not services.family_may_withdraw(young, family_wide)
    assert services.family_may_withdraw(young, about_her)
    services.family_withdraw_consent(access=young, consent=about_her)
    with pytest.raises(ValidationError):
        services.family_withdraw_consent(access=young, consent=family_wide)
    family_wide.refresh_from_db()
    assert family_wide.withdrawn_on is None


def test_a_parent_cannot_withdraw_what_a_child_of_16_decides(world, noor, parent):
    noor.birth_date = days_ago(365 * 16 + 10)
    noor.save()
    about_her = about(world, noor, world.ggz)
    with pytest.raises(ValidationError):
        services.family_withdraw_consent(access=parent, consent=about_her)


def test_a_coachs_preview_cannot_withdraw(world):
    consent = world.share_with(world.ggz, ["plan"])
    preview = member_access(world.coach, world.parent, preview=True)
    assert not services.family_may_withdraw(preview, consent)
    with pytest.raises(Http404):
        services.family_withdraw_consent(access=preview, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_another_familys_consent_is_404(world, parent):
    other = make_family(world.other_coach, name="Bakker")
    giver = other.members.get(first_name="Karin")
    consent = Consent.objects.create(
        family=other,
        kind="delen",
        given_by=giver,
        organisation=world.ggz,
        purpose="Afstemming",
        parts=["plan"],
        given_on=days_ago(3),
        recorded_by=world.other_coach,
    )
    with pytest.raises(Http404):
        services.family_withdraw_consent(access=parent, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawn_or_expired_consent_cannot_be_withdrawn_again(world, parent):
    consent = world.share_with(world.ggz, ["plan"])
    services.family_withdraw_consent(access=parent, consent=consent)
    with pytest.raises(ValidationError, match="geldt al niet meer"):
        services.family_withdraw_consent(access=parent, consent=consent)
    expired = world.share_with(world.school, ["plan"], valid_until=days_ago(1))
    with pytest.raises(ValidationError, match="geldt al niet meer"):
        services.family_withdraw_consent(access=parent, consent=expired)


def test_only_a_sharing_consent_is_withdrawn_in_the_portal(world, parent):
    help_consent = services.consent_record(
        access=family_access(world.coach, world.family),
        kind="hulp",
        given_by=world.parent,
        given_on=days_ago(5),
    )
    with pytest.raises(ValidationError):
        services.family_withdraw_consent(access=parent, consent=help_consent)
    help_consent.refresh_from_db()
    assert help_consent.withdrawn_on is None


# --- Give --------------------------------------------------------------------------------


def test_a_parent_gives_consent_and_the_professional_sees_the_part(
    client, world, parent, ggz_involved, monkeypatch
):
    heard = []
    monkeypatch.setitem(
        events._subscribers,
        events.ConsentChangedByFamily,
        [*events.subscribers(events.ConsentChangedByFamily), heard.append],
    )
    assert family_parts(world.ggz_worker, world.family) == frozenset()
    with committed():
        consent = give(parent, world.ggz, parts=["plan", "contacten"])
    assert consent.given_by == world.parent
    assert consent.given_on == days_ago(0)
    assert consent.parts == ["contacten", "plan"]
    assert consent.recorded_by == parent.user
    assert consent.purpose  # the model asks one of every sharing consent
    assert FamilyPart.PLAN in family_parts(world.ggz_worker, world.family)
    event = AuditEvent.objects.get(action="consent.family_given")
    assert event.detail == {
        "kind": "delen",
        "parts": ["contacten", "plan"],
        "lid": str(world.parent.uuid),
    }
    assert [(e.consent_id, e.withdrawn, e.member_id) for e in heard] == [
        (consent.pk, False, world.parent.pk)
    ]
    # The coach hears it as the family's; the GGZ worker hears that information is shared.
    assert Notification.objects.filter(
        recipient=world.coach, event="toestemming_gewijzigd_door_gezin"
    ).exists()
    assert not Notification.objects.filter(
        recipient=world.coach, event="informatie_gedeeld"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.ggz_worker, event="informatie_gedeeld"
    ).exists()


@pytest.mark.parametrize(
    "parts",
    [[], ["familieverhaal"], ["basis"], ["plan", "onzin"], [1, 2], [["plan"]], ["plan", None]],
)
def test_garbage_parts_are_refused(world, parent, ggz_involved, parts):
    with pytest.raises(ValidationError):
        give(parent, world.ggz, parts=parts)
    assert not Consent.objects.filter(organisation=world.ggz).exists()


def test_only_an_organisation_that_helps_the_family_now(world, parent, ggz_involved):
    stranger = OrganisationFactory(name="Onbekend")
    with pytest.raises(ValidationError, match="helpt"):
        give(parent, stranger)
    with pytest.raises(ValidationError):
        give(parent, None)
    ended = involve(world, world.school)
    services.involvement_end(actor=world.coach, involvement=ended, until=days_ago(1))
    with pytest.raises(ValidationError, match="helpt"):
        give(parent, world.school)
    assert not Consent.objects.exists()


def test_a_second_consent_to_the_same_organisation_is_refused(world, parent, ggz_involved):
    give(parent, world.ggz)
    with pytest.raises(ValidationError, match="al toestemming"):
        give(parent, world.ggz, parts=["metingen"])
    assert Consent.objects.filter(organisation=world.ggz).count() == 1


def test_valid_until_may_not_lie_before_today(world, parent, ggz_involved):
    with pytest.raises(ValidationError):
        give(parent, world.ggz, valid_until=days_ago(1))
    consent = give(parent, world.ggz, valid_until=days_ago(-30))
    assert consent.valid_until == days_ago(-30)


def test_a_young_person_of_15_cannot_give_consent(world, noor, ggz_involved):
    young = access_of(noor)
    assert services.family_consent_subjects(access=young) == []
    with pytest.raises(ValidationError):
        give(young, world.ggz)
    with pytest.raises(ValidationError):
        give(young, world.ggz, concerns_member=noor)
    assert not Consent.objects.exists()


def test_who_a_parent_decides_for(world, parent, noor):
    daan = world.family.members.get(first_name="Daan")
    other_adult = Member.objects.create(
        family=world.family,
        role="ouder",
        first_name="Peter",
        surname="Vos",
        birth_date=dt.date(1985, 1, 1),
    )
    subjects = services.family_consent_subjects(access=parent)
    assert subjects[0] is None  # the whole family
    assert set(subjects[1:]) == {world.parent, noor, daan}
    assert other_adult not in subjects


def test_a_preview_cannot_give(world, ggz_involved):
    preview = member_access(world.coach, world.parent, preview=True)
    assert services.family_consent_subjects(access=preview) == []
    with pytest.raises(Http404):
        give(preview, world.ggz)
    assert not Consent.objects.exists()


def test_the_staff_rule_on_the_giver_still_applies(world, ggz_involved):
    """A grandparent carer may have a portal account but, without parental authority as a
    parent, gives no consent: `_check_giver` of the staff service decides too."""
    grandma = Member.objects.create(
        family=world.family,
        role="grootouder",
        first_name="Oma",
        surname="Vos",
        birth_date=dt.date(1955, 1, 1),
        has_parental_authority=True,
    )
    access = access_of(grandma)
    with pytest.raises(ValidationError):
        give(access, world.ggz)
    assert not Consent.objects.exists()


def test_a_consent_given_in_the_portal_says_so(world, parent, ggz_involved):
    consent = give(parent, world.ggz)
    assert consent.given_how == Consent.How.PORTAL
    assert consent.given_by == world.parent and consent.representative == ""
