"""Promises (toezeggingen): who promised what to whom by when; kept, broken or
renegotiated; overdue ones stand out; "promises kept" per coach and per organisation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from spil.contacts import selectors, services
from spil.contacts.models import Promise
from spil.contacts.tests.factories import url
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family

pytestmark = pytest.mark.django_db
S, D = Promise.Status, Promise.Direction


def promise(world, *, due=7, what="De aanvraag bij het jeugdfonds indienen", **by):
    by.setdefault("direction", D.COACH_TO_FAMILY)
    return services.promise_record(
        access=family_access(world.coach, world.family), what=what, due_on=days_ago(-due), **by
    )


def ggz_involvement(world):
    return world.family.involvements.create(
        role="ggz", organisation=world.ggz, worker=world.ggz_worker
    )


# --- Recording ------------------------------------------------------------------------


def test_the_coach_records_a_promise_to_the_family(client, world):
    client.force_login(world.coach)
    response = client.post(
        url("contacts:promise_new", world.family),
        {
            "by": f"coach:{world.coach.uuid}",
            "what": "Bellen met de woningcorporatie",
            "to_member": str(world.parent.uuid),
            "due_on": days_ago(-3).isoformat(),
        },
    )
    assert response.status_code == 302
    made = Promise.objects.get()
    assert (made.direction, made.by_user, made.to_member) == (
        D.COACH_TO_FAMILY,
        world.coach,
        world.parent,
    )
    assert made.organisation == world.coaching and made.status == S.OPEN
    assert AuditEvent.objects.get(action="promise.recorded").detail == {
        "direction": D.COACH_TO_FAMILY
    }


def test_a_worker_and_a_member_promise_too(client, world):
    involvement = ggz_involvement(world)
    client.force_login(world.coach)
    for by in (f"hulp:{involvement.uuid}", f"lid:{world.parent.uuid}"):
        response = client.post(
            url("contacts:promise_new", world.family),
            {"by": by, "what": "Iets", "due_on": days_ago(-3).isoformat()},
        )
        assert response.status_code == 302
    worker, member = Promise.objects.order_by("id")
    assert worker.direction == D.WORKER_TO_FAMILY and worker.by_involvement == involvement
    assert worker.organisation == world.ggz
    assert member.direction == D.FAMILY_TO_COACH and member.by_member == world.parent
    assert member.organisation is None


def test_a_promise_without_promisor_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    response = client.post(
        url("contacts:promise_new", world.family),
        {"by": "", "what": "Iets", "due_on": days_ago(-3).isoformat()},
    )
    assert "Kies wie het beloofde." in response.content.decode()
    assert not Promise.objects.exists()


def test_a_promisor_of_another_family_is_refused(world):
    other = make_family(world.coach, name="Ander")
    theirs = other.involvements.create(role="ggz", organisation=world.ggz)
    for by in (
        {"direction": D.WORKER_TO_FAMILY, "by_involvement": theirs},
        {"direction": D.FAMILY_TO_COACH, "by_member": other.members.first()},
        {"direction": D.COACH_TO_FAMILY, "to_member": other.members.first()},
        {"direction": D.FAMILY_TO_COACH, "by_member": world.parent, "to_member": world.parent},
        {"direction": D.WORKER_TO_FAMILY},
        {"direction": D.COACH_TO_FAMILY, "by_user": world.other_coach},
    ):
        with pytest.raises(ValidationError):
            promise(world, **by)
    assert not Promise.objects.exists()


# --- Closing and renegotiating --------------------------------------------------------


def test_kept_and_broken_from_the_row_buttons(client, world):
    kept, broken = promise(world), promise(world, what="Tweede")
    client.force_login(world.coach)
    for made, status in ((kept, S.KEPT), (broken, S.BROKEN)):
        body = client.post(
            url("contacts:promise_close", world.family, promise_uuid=made.uuid),
            {"status": status},
            headers={"HX-Request": "true"},
        ).content.decode()
        assert "<html" not in body and f'id="toezegging-{made.uuid}"' in body
        made.refresh_from_db()
        assert made.status == status and made.status_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="promise.closed").count() == 2


def test_a_closed_promise_cannot_be_closed_again(client, world):
    made = promise(world)
    services.promise_close(actor=world.coach, promise=made, status=S.KEPT)
    with pytest.raises(ValidationError) as error:
        services.promise_close(actor=world.coach, promise=made, status=S.BROKEN)
    assert "al afgesloten" in str(error.value)
    client.force_login(world.coach)
    body = client.post(
        url("contacts:promise_close", world.family, promise_uuid=made.uuid),
        {"status": S.BROKEN},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Deze toezegging is al afgesloten." in body
    made.refresh_from_db()
    assert made.status == S.KEPT


def test_closing_in_the_future_is_refused(world):
    with pytest.raises(ValidationError):
        services.promise_close(
            actor=world.coach, promise=promise(world), status=S.KEPT, on=days_ago(-1)
        )


def test_renegotiating_closes_the_old_promise_and_opens_the_follow_up(client, world):
    old = promise(world, due=-2, to_member=world.parent)
    client.force_login(world.coach)
    response = client.post(
        url("contacts:promise_renegotiate", world.family, promise_uuid=old.uuid),
        {"due_on": days_ago(-10).isoformat(), "note": "Wachten op de gemeente"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = old.followed_by
    assert old.status == S.RENEGOTIATED and old.status_on == timezone.localdate()
    assert old.status_note == "Wachten op de gemeente"
    assert new.status == S.OPEN and new.due_on == days_ago(-10) and new.follows == old
    assert (new.what, new.by_user, new.to_member) == (old.what, world.coach, world.parent)
    body = client.get(url("contacts:promises", world.family)).content.decode()
    assert "Opnieuw afgesproken; eerst uiterlijk" in body


def test_a_new_date_in_the_past_is_refused_in_dutch(client, world):
    old = promise(world)
    client.force_login(world.coach)
    response = client.post(
        url("contacts:promise_renegotiate", world.family, promise_uuid=old.uuid),
        {"due_on": days_ago(1).isoformat()},
    )
    assert "De nieuwe datum ligt voor vandaag." in response.content.decode()
    old.refresh_from_db()
    assert old.status == S.OPEN and not Promise.objects.filter(follows=old).exists()


def test_overdue_means_open_and_due_before_today(client, world):
    late = promise(world, due=-1, what="Te late toezegging")
    today = promise(world, due=0, what="Vandaag")
    done = promise(world, due=-5, what="Gedaan")
    services.promise_close(actor=world.coach, promise=done, status=S.KEPT)
    assert late.is_overdue and not today.is_overdue
    done.refresh_from_db()
    assert not done.is_overdue
    client.force_login(world.coach)
    body = client.get(url("contacts:promises", world.family)).content.decode()
    assert "2 open toezeggingen, waarvan 1 te laat." in body
    row = body.split(f'id="toezegging-{late.uuid}"')[1].split("</tr>")[0]
    assert "te laat" in row
    row = body.split(f'id="toezegging-{today.uuid}"')[1].split("</tr>")[0]
    assert "te laat" not in row


# --- Figures --------------------------------------------------------------------------


def _closed(world, status, *, on, due=-20, **by):
    made = promise(world, due=due, **by)
    if status == S.RENEGOTIATED:
        return services.promise_renegotiate(
            actor=world.coach, promise=made, due_on=days_ago(-5), on=days_ago(on)
        )
    return services.promise_close(actor=world.coach, promise=made, status=status, on=days_ago(on))


def test_promises_kept_per_coach(world):
    _closed(world, S.KEPT, on=25)  # kept on time
    _closed(world, S.KEPT, on=10)  # kept late (due 20 days ago)
    _closed(world, S.KEPT, on=30)
    _closed(world, S.BROKEN, on=5)
    _closed(world, S.RENEGOTIATED, on=3)  # and its follow-up is open
    _closed(world, S.KEPT, on=200)  # outside the period
    promise(world, due=-1)  # open, overdue
    promise(world, due=-1, direction=D.FAMILY_TO_COACH, by_member=world.parent)  # not the coach's
    (row,) = selectors.coach_figures(
        user=world.coach, date_from=days_ago(90), date_to=timezone.localdate()
    )
    f = row.promises
    assert (f.kept, f.kept_late, f.broken, f.renegotiated) == (3, 1, 1, 1)
    assert f.closed == 5 and f.rate == 60
    assert (f.open, f.overdue) == (2, 1)


def test_the_teamleider_sees_the_promises_of_the_team(client, world):
    services.promise_record(
        access=family_access(world.backup, world.family),
        direction=D.COACH_TO_FAMILY,
        what="Iets",
        due_on=days_ago(-2),
    )
    rows = selectors.coach_figures(
        user=world.team_lead, date_from=days_ago(90), date_to=timezone.localdate()
    )
    by_coach = {r.coach: r.promises.open for r in rows}
    assert by_coach[world.backup] == 1 and by_coach[world.coach] == 0
    assert world.other_coach not in by_coach
    assert (
        selectors.coach_figures(
            user=world.other_coach, date_from=days_ago(90), date_to=timezone.localdate()
        )[0].promises.open
        == 0
    )


def test_the_organisation_report_shows_counts_only(client, world):
    involvement = ggz_involvement(world)
    _closed(world, S.KEPT, on=5)
    _closed(world, S.BROKEN, on=5)
    _closed(world, S.KEPT, on=5, direction=D.WORKER_TO_FAMILY, by_involvement=involvement)
    _closed(world, S.KEPT, on=5, direction=D.FAMILY_TO_COACH, by_member=world.parent)
    report = selectors.promise_report(
        promises=selectors.promises_for_aggregates(world.policy),
        date_from=days_ago(30),
        date_to=timezone.localdate(),
        today=timezone.localdate(),
    )
    rows = {
        r.organisation: (r.promises.kept, r.promises.broken, r.promises.rate) for r in report.rows
    }
    assert rows == {"Gezinscoaching": (1, 1, 50), "GGZ": (1, 0, 100)}
    assert (report.total.kept, report.total.closed) == (2, 3)

    client.force_login(world.policy)
    body = client.get(reverse("contacts:promise_report")).content.decode()
    assert 'data-organisation="GGZ"' in body and "50%" in body
    for private in (
        "jeugdfonds",
        world.family.name,
        world.parent.first_name,
        world.coach.full_name,
    ):
        assert private not in body
    assert AuditEvent.objects.filter(action="promise.report_viewed").count() == 1


def test_the_organisation_report_needs_aggregates(client, world):
    for user in (world.coach, world.ggz_worker, world.admin):
        client.force_login(user)
        assert client.get(reverse("contacts:promise_report")).status_code == 404
    promise(world)
    assert selectors.promises_for_aggregates(world.coach).count() == 0
    assert selectors.promises_for_aggregates(world.policy).count() == 1


# --- Access ---------------------------------------------------------------------------


def test_a_professional_with_consent_reads_but_never_writes(client, world):
    made = promise(world, what="Formulier invullen")
    world.share_with(world.ggz, ["contacten"])
    client.force_login(world.ggz_worker)
    body = client.get(url("contacts:promises", world.family)).content.decode()
    assert "Formulier invullen" in body and "hx-post" not in body
    assert "Toezegging vastleggen" not in body
    assert client.get(url("contacts:promise_new", world.family)).status_code == 404
    close = url("contacts:promise_close", world.family, promise_uuid=made.uuid)
    assert client.post(close, {"status": S.KEPT}).status_code == 404
    again = url("contacts:promise_renegotiate", world.family, promise_uuid=made.uuid)
    assert client.get(again).status_code == 404
    made.refresh_from_db()
    assert made.status == S.OPEN


def test_without_the_contacts_part_promises_are_404(client, world):
    promise(world)
    world.share_with(world.ggz, ["plan", "veiligheid"])
    for user in (world.ggz_worker, world.policy, world.other_coach):
        client.force_login(user)
        assert client.get(url("contacts:promises", world.family)).status_code == 404
        assert selectors.promises_for_family(access=family_access(user, world.family)) == []


def test_promise_list_queries_stay_flat(client, world, django_assert_max_num_queries):
    involvement = ggz_involvement(world)
    client.force_login(world.coach)

    def add(n):
        for i in range(n):
            promise(world, due=-i, to_member=world.parent)
            promise(world, direction=D.WORKER_TO_FAMILY, by_involvement=involvement)
            promise(world, direction=D.FAMILY_TO_COACH, by_member=world.parent)
            _closed(world, S.RENEGOTIATED, on=0)

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(url("contacts:promises", world.family))
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("contacts:promises", world.family))


def test_every_promise_action_has_a_label(client, world):
    made = promise(world)
    services.promise_renegotiate(actor=world.coach, promise=made, due_on=days_ago(-3))
    services.promise_close(actor=world.coach, promise=made.followed_by, status=S.KEPT)
    client.force_login(world.coach)
    client.get(url("contacts:promises", world.family))
    client.get(url("contacts:promise_renegotiate", world.family, promise_uuid=promise(world).uuid))
    client.force_login(world.policy)
    client.get(reverse("contacts:promise_report"))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    ours = {a for a in actions if a.startswith("promise.")}
    assert ours == {
        "promise.recorded",
        "promise.renegotiated",
        "promise.closed",
        "promise.list_viewed",
        "promise.viewed",
        "promise.report_viewed",
    }
    assert ours <= known_labels()


def test_dates_are_amsterdam_dates(world):
    made = promise(world, due=0)
    assert made.due_on == timezone.localdate()
    assert isinstance(made.due_on, dt.date)


def test_the_figures_can_be_found_from_the_menu_and_the_team_page(client, world):
    client.force_login(world.policy)
    start = client.get(reverse("accounts:start")).content.decode()
    assert f'href="{reverse("contacts:promise_report")}"' in start
    client.force_login(world.team_lead)
    team = client.get(reverse("trajectories:team")).content.decode()
    assert f'href="{reverse("contacts:figures")}"' in team
    client.force_login(world.ggz_worker)
    start = client.get(reverse("accounts:start")).content.decode()
    assert reverse("contacts:promise_report") not in start
