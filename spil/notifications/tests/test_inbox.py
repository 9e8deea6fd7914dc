"""The inbox: one's own notices only, marking read, opening through the family's access
policy, the unread count in the header, and a flat query count."""

from django.urls import reverse

from spil.core.testing import committed, days_ago
from spil.families import services as family_services
from spil.families.tests.factories import make_family
from spil.notifications import selectors
from spil.notifications.models import Notification
from spil.notifications.rules import Event
from spil.plans import services as plan_services
from spil.trajectories.models import Trajectory

INBOX = reverse("notifications:inbox")


def reach_goal(world, family=None):
    plan = world.start_plan()
    goal = world.goal(plan)
    with committed():
        plan_services.goal_set_status(
            actor=world.coach, goal=goal, status="bereikt", on=days_ago(1)
        )


def notice_of(user):
    return Notification.objects.filter(recipient=user, event=Event.GOAL_REACHED).get()


def test_the_inbox_shows_only_ones_own_notices(client, world):
    reach_goal(world)
    mine, theirs = notice_of(world.backup), notice_of(world.ggz_worker)
    client.force_login(world.backup)
    page = client.get(INBOX).content.decode()
    assert str(mine.uuid) in page
    assert str(theirs.uuid) not in page
    assert "Doel bereikt" in page
    assert "Gezin Vos" in page  # the backup may open the family


def test_someone_elses_notice_cannot_be_marked_or_opened(client, world):
    reach_goal(world)
    theirs = notice_of(world.ggz_worker)
    client.force_login(world.backup)
    for name in ("notifications:mark_read", "notifications:open"):
        response = client.post(reverse(name, kwargs={"uuid": theirs.uuid}))
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_and_the_unread_count_in_the_header(client, world):
    reach_goal(world)
    notice = notice_of(world.backup)
    client.force_login(world.backup)
    start = client.get(reverse("accounts:start")).content.decode()
    assert "1 nieuw bericht" in start
    response = client.post(
        reverse("notifications:mark_read", kwargs={"uuid": notice.uuid}), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "nieuw bericht" not in client.get(reverse("accounts:start")).content.decode()


def test_marking_needs_a_post(client, world):
    reach_goal(world)
    notice = notice_of(world.backup)
    client.force_login(world.backup)
    assert (
        client.get(reverse("notifications:mark_read", kwargs={"uuid": notice.uuid})).status_code
        == 405
    )
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_touches_only_ones_own(client, world):
    reach_goal(world)
    client.force_login(world.backup)
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.backup, read_at__isnull=True).exists()
    assert notice_of(world.ggz_worker).read_at is None


def test_opening_goes_to_the_family_page_which_applies_the_policy(client, world):
    reach_goal(world)
    notice = notice_of(world.ggz_worker)
    client.force_login(world.ggz_worker)
    response = client.post(reverse("notifications:open", kwargs={"uuid": notice.uuid}))
    family_url = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    assert response.status_code == 302 and response["Location"] == family_url
    assert client.get(family_url).status_code == 200

    # The family withdraws the consent: the notice stays, the family is closed to them.
    family_services.consent_withdraw(actor=world.coach, consent=world.ggz_consent, on=days_ago(0))
    page = client.get(INBOX).content.decode()
    assert "Gezin Vos" not in page
    assert "geen toegang" in page
    response = client.post(reverse("notifications:open", kwargs={"uuid": notice.uuid}))
    assert client.get(response["Location"]).status_code == 404


def test_the_inbox_queries_stay_flat(client, world, django_assert_max_num_queries):
    reach_goal(world)
    client.force_login(world.backup)
    client.get(INBOX)  # warm up the session
    with django_assert_max_num_queries(30) as few:
        client.get(INBOX)
    for i in range(12):
        family = make_family(world.coach, name=f"Extra{i}")
        Trajectory.objects.create(
            family=family,
            kind="gezinscoach",
            coach=world.coach,
            backup_coach=world.backup,
            started_on=days_ago(10),
        )
        for n in range(3):
            Notification.objects.create(
                recipient=world.backup,
                event=Event.GOAL_REACHED,
                family=family,
                title="Doel bereikt",
                body="Een doel is bereikt.",
                key=f"test:{family.uuid}:{n}",
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INBOX)
    assert response.content.decode().count("Open het gezinsdossier") == 37


def test_the_selector_counts_only_unread_of_the_user(world):
    reach_goal(world)
    assert selectors.unread_count(user=world.backup) == 1
    assert selectors.unread_count(user=world.coach) == 0
