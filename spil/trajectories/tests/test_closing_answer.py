"""Closing with the family (issue 14; the seeds: a trajectory closes with the family, not
over its head): a member says in the portal whether they agree, and the coach's close
flow shows it."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core import access, events
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import committed, days_ago
from spil.portal.tests.factories import family_account
from spil.trajectories import selectors, services
from spil.trajectories.models import ClosingAnswer

pytestmark = pytest.mark.django_db


@contextmanager
def listening(event_type):
    heard = []
    events.subscribe(event_type, heard.append)
    try:
        yield heard
    finally:
        events._subscribers[event_type].remove(heard.append)


@pytest.fixture
def parent_access(world):
    return access.member_access(family_account(world.parent).user, world.parent)


@pytest.fixture
def young_access(world):
    noor = world.family.members.get(first_name="Noor")
    return access.member_access(family_account(noor).user, noor)


def _close_page(client, world, trajectory):
    client.force_login(world.coach)
    response = client.get(reverse("trajectories:close", kwargs={"uuid": trajectory.uuid}))
    assert response.status_code == 200
    return response.text


def test_a_parent_agrees_to_closing_audited_and_told(world, trajectory, parent_access):
    with listening(events.FamilyAnsweredClosing) as heard, committed():
        answer = services.family_answer_closing(access=parent_access, agrees=True)
    assert (answer.trajectory, answer.member, answer.agrees) == (trajectory, world.parent, True)
    event = AuditEvent.objects.get(action="trajectory.family_answered_closing")
    assert event.actor == parent_access.user
    assert event.object_uuid == world.parent.uuid
    assert event.family_uuid == world.family.uuid
    assert event.detail == {
        "trajectory_uuid": str(trajectory.uuid),
        "member": str(world.parent.uuid),
        "agrees": True,
    }
    assert "trajectory.family_answered_closing" in known_labels()
    assert [(e.member_id, e.trajectory_id, e.agrees) for e in heard] == [
        (world.parent.pk, trajectory.pk, True)
    ]


def test_not_agreeing_needs_a_reason_in_dutch_and_stores_nothing(
    trajectory, parent_access, young_access
):
    with pytest.raises(ValidationError) as refused:
        services.family_answer_closing(access=parent_access, agrees=False, remark=" ")
    assert "Schrijf op waarom u het (nog) niet eens bent." in str(refused.value)
    with pytest.raises(ValidationError) as refused_young:
        services.family_answer_closing(access=young_access, agrees=False)
    assert "Schrijf op waarom je het (nog) niet eens bent." in str(refused_young.value)
    assert not ClosingAnswer.objects.exists()


def test_one_answer_per_member_which_they_may_change(trajectory, parent_access):
    services.family_answer_closing(access=parent_access, agrees=False, remark="Nog niet.")
    services.family_answer_closing(access=parent_access, agrees=True)
    answer = ClosingAnswer.objects.get()
    assert (answer.agrees, answer.remark) == (True, "")


def test_a_coach_previewing_the_portal_cannot_answer(world, trajectory):
    preview = access.member_access(world.coach, world.parent, preview=True)
    with pytest.raises(ValidationError, match="alleen kijken"):
        services.family_answer_closing(access=preview, agrees=True)
    assert not ClosingAnswer.objects.exists()


def test_only_while_the_active_work_runs(world, trajectory, parent_access):
    services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(1),
        reason="doelen_bereikt",
        reached="Rust in huis",
        aftercare_dates=[days_ago(-20)],
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == "nazorg" and trajectory.closed_on is None  # still running
    with pytest.raises(ValidationError, match="geen traject om af te sluiten"):
        services.family_answer_closing(access=parent_access, agrees=True)
    services.aftercare_end(actor=world.coach, trajectory=trajectory, on=days_ago(0))
    with pytest.raises(ValidationError, match="geen traject om af te sluiten"):
        services.family_answer_closing(access=parent_access, agrees=True)
    assert not ClosingAnswer.objects.exists()


def test_the_close_page_shows_whether_the_family_agreed(
    client, world, trajectory, parent_access, young_access
):
    assert "Het gezin heeft nog niet gereageerd." in _close_page(client, world, trajectory)
    services.family_answer_closing(access=parent_access, agrees=True)
    services.family_answer_closing(
        access=young_access, agrees=False, remark="Ik wil nog één gesprek."
    )
    page = _close_page(client, world, trajectory)
    assert "Het gezin heeft nog niet gereageerd." not in page
    parent_row = page.split(f'data-member="{world.parent.uuid}"')[1].split("</li>")[0]
    assert "Karin Vos" in parent_row and "eens met afsluiten" in parent_row
    noor_row = page.split(f'data-member="{young_access.member.uuid}"')[1].split("</li>")[0]
    assert "niet eens met afsluiten" in noor_row and "Ik wil nog één gesprek." in noor_row


def test_the_trajectory_page_shows_the_answers_while_rounding_off(
    client, world, trajectory, parent_access
):
    client.force_login(world.coach)
    url = reverse("trajectories:detail", kwargs={"uuid": trajectory.uuid})
    assert "Afsluiten met het gezin" not in client.get(url).text  # no answer, not rounding off
    services.phase_move(
        actor=world.coach, trajectory=trajectory, to_phase="afronding", on=days_ago(0)
    )
    assert "Het gezin heeft nog niet gereageerd." in client.get(url).text
    services.family_answer_closing(access=parent_access, agrees=True)
    assert "eens met afsluiten" in client.get(url).text


def test_after_a_reopening_an_earlier_answer_no_longer_counts(world, trajectory, parent_access):
    services.family_answer_closing(access=parent_access, agrees=True)
    services.trajectory_close(
        actor=world.coach,
        trajectory=trajectory,
        closed_on=days_ago(2),
        reason="doelen_bereikt",
        reached="Rust in huis",
    )
    services.trajectory_reopen(
        actor=world.coach, trajectory=trajectory, on=days_ago(1), reason="Terugval"
    )
    assert selectors.closing_answers(trajectory) == []
    services.family_answer_closing(access=parent_access, agrees=False, remark="Nog niet.")
    assert [a.agrees for a in selectors.closing_answers(trajectory)] == [False]
