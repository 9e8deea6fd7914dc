"""Break-the-glass (noodtoegang, issue 18): a teamleider or the meldpunt opens a family they
may not see, with a reason; it lasts SPIL_EMERGENCY_ACCESS_HOURS, is marked in the audit
trail and in "wie keek", tells the coach, and shows in the beheerder's weekly list."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from spil.accounts import services as account_services
from spil.accounts.tests.factories import UserFactory
from spil.core import access
from spil.core.access import ALL_PARTS
from spil.core.mail import EmailNotSent
from spil.core.models import AuditEvent
from spil.core.roles import Role
from spil.core.testing import committed, queued_tasks, task_arguments, use_task_queue
from spil.core.tests.smtp_server import SMTPServer
from spil.families import services, tasks
from spil.families.models import EmergencyAccess
from spil.families.services import EMERGENCY_OPENED
from spil.families.tests.factories import make_family
from spil.notifications.models import Notification

REASON = {"reason": "crisis", "explanation": "Moeder belt in paniek, coach is op vakantie."}


def _open(world, user=None, **extra):
    with committed():
        return services.emergency_access_open(
            actor=user or world.other_team_lead, family=world.family, **{**REASON, **extra}
        )


def test_the_team_lead_of_another_team_opens_the_family_for_24_hours(world):
    lead = world.other_team_lead
    assert access.family_parts(lead, world.family) == frozenset()
    opening = _open(world)
    access.forget(lead)
    granted = access.family_access(lead, world.family)
    assert granted.parts == ALL_PARTS and granted.can_edit
    assert world.family in access.visible_families(lead)
    assert opening.expires_at == opening.opened_at + dt.timedelta(hours=24)


def test_it_expires(world, settings):
    lead = world.other_team_lead
    opening = _open(world)
    # 23 hours later it is still open; 24 hours later it is closed.
    EmergencyAccess.objects.filter(pk=opening.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=23, minutes=59)
    )
    assert access.family_parts(lead, world.family) == ALL_PARTS
    EmergencyAccess.objects.filter(pk=opening.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=24)
    )
    assert access.family_parts(lead, world.family) == frozenset()
    assert world.family not in access.visible_families(lead)
    # The period is a setting.
    settings.SPIL_EMERGENCY_ACCESS_HOURS = 48
    assert access.family_parts(lead, world.family) == ALL_PARTS


def test_the_meldpunt_may_break_the_glass(world):
    _open(world, user=world.coordinator)
    assert access.family_parts(world.coordinator, world.family) == ALL_PARTS


@pytest.mark.parametrize("who", ["other_coach", "ggz_worker", "teacher", "policy", "admin"])
def test_other_roles_cannot_break_the_glass(world, who):
    user = getattr(world, who)
    with pytest.raises(Http404):
        services.emergency_access_open(actor=user, family=world.family, **REASON)
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize("who", ["other_coach", "ggz_worker", "policy", "admin"])
def test_other_roles_get_a_plain_404_and_no_offer(client, world, who):
    client.force_login(getattr(world, who))
    overview = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert overview.status_code == 404
    assert "noodtoegang" not in overview.content.decode().lower()
    page = client.get(reverse("families:emergency_access", kwargs={"uuid": world.family.uuid}))
    assert page.status_code == 404
    post = client.post(
        reverse("families:emergency_access", kwargs={"uuid": world.family.uuid}), REASON
    )
    assert post.status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_a_row_of_another_role_opens_nothing(world):
    """Only the opener's own row opens the file: a coach with a (forged) row gets nothing."""
    EmergencyAccess.objects.create(
        family=world.family,
        user=world.other_coach,
        reason="crisis",
        explanation="x" * 12,
        opened_at=timezone.now(),
    )
    assert access.family_parts(world.other_coach, world.family) == frozenset()
    assert access.family_parts(world.other_team_lead, world.family) == frozenset()


def test_who_already_has_access_needs_no_emergency(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.emergency_access_open(actor=world.team_lead, family=world.family, **REASON)


def test_the_404_offers_noodtoegang_without_the_family_name(client, world):
    client.force_login(world.other_team_lead)
    url = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    offer = client.get(url)
    assert offer.status_code == 404  # still "not found" to anyone but the reader
    text = offer.content.decode()
    assert reverse("families:emergency_access", kwargs={"uuid": world.family.uuid}) in text
    assert world.family.name not in text
    form = client.get(reverse("families:emergency_access", kwargs={"uuid": world.family.uuid}))
    assert form.status_code == 200
    assert world.family.name not in form.content.decode()
    # An unknown family stays a plain 404.
    unknown = "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b"
    assert client.get(reverse("families:overview", kwargs={"uuid": unknown})).status_code == 404


def test_a_reason_is_required_in_dutch(client, world):
    client.force_login(world.other_team_lead)
    url = reverse("families:emergency_access", kwargs={"uuid": world.family.uuid})
    response = client.post(url, {"reason": "crisis", "explanation": "kort"})
    assert response.status_code == 200
    assert "Schrijf in een korte zin" in response.content.decode()
    response = client.post(url, {"reason": "geen_reden", "explanation": REASON["explanation"]})
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()


def test_opening_through_the_page_audits_tells_the_coach_and_shows_in_wie_keek(client, world):
    lead = world.other_team_lead
    client.force_login(lead)
    url = reverse("families:emergency_access", kwargs={"uuid": world.family.uuid})
    with committed():
        response = client.post(url, REASON)
    overview = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    assert response.status_code == 302 and response["Location"] == overview
    assert client.get(overview).status_code == 200

    opened = AuditEvent.objects.get(action=EMERGENCY_OPENED)
    assert opened.family_uuid == world.family.uuid and opened.actor == lead
    assert opened.detail == {"reason": "crisis", "hours": 24}
    texts = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    assert REASON["explanation"] not in texts  # the text stays out of the audit trail

    notice = Notification.objects.get(event="noodtoegang", recipient=world.coach)
    assert REASON["explanation"] not in notice.body and world.family.name not in notice.body
    assert Notification.objects.filter(event="noodtoegang", recipient=world.backup).exists()
    assert not Notification.objects.filter(event="noodtoegang", recipient=lead).exists()

    client.force_login(world.coach)
    page = client.get(reverse("families:who_looked", kwargs={"uuid": world.family.uuid}))
    html = page.content.decode()
    assert "opende het dossier met noodtoegang" in html
    # Both the opening and the look at the overview are marked.
    assert html.count('class="flag"') >= 2


def test_looks_after_it_expired_are_not_marked(world):
    from spil.families import selectors

    opening = _open(world)
    EmergencyAccess.objects.filter(pk=opening.pk).update(
        opened_at=timezone.now() - dt.timedelta(hours=30)
    )
    looks = selectors.who_looked(family=world.family)
    assert not any(look.emergency for look in looks)


def _beheerder(world):
    admin = UserFactory()
    account_services.membership_add(user=admin, organisation=world.coaching, role=Role.ADMIN)
    return admin


# Session, user, roles, menu, the audit record of the look (lock, chain head, insert), the
# openings, their openers' roles and the actions that followed (16 on SQLite, 17 on
# PostgreSQL: the audit lock is a query there): the same for 2 rows or 5.
LIST_QUERIES = 17


def test_the_beheerder_sees_the_weekly_list(client, world, django_assert_max_num_queries):
    old = _open(world, reason="coach_afwezig")
    EmergencyAccess.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - dt.timedelta(days=8)
    )
    _open(world)
    _open(world, user=world.coordinator, reason="acuut_onveilig")
    admin = _beheerder(world)
    client.force_login(admin)
    url = reverse("families:emergency_list")
    with django_assert_max_num_queries(LIST_QUERIES):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert world.other_team_lead.full_name in html
    assert "Crisis in het gezin" in html
    assert "Coach onverwacht afwezig" not in html  # older than a week
    assert world.family.name not in html  # never named (no test user is called "Vos")
    assert world.coordinator.full_name in html and "Acute onveiligheid" in html
    assert "Coach onverwacht afwezig" in client.get(url + "?weken=4").content.decode()
    assert client.get(url + "?weken=abc").status_code == 200
    # The cost does not grow with the rows: three more openings, the same queries.
    for user in (world.team_lead, world.other_team_lead, world.coordinator):
        EmergencyAccess.objects.create(
            family=make_family(world.coach, name="Extra"),
            user=user,
            reason="crisis",
            explanation="Nog een noodgeval.",
            opened_at=timezone.now(),
        )
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get(url).content.decode().count("Nog een noodgeval.") == 3
    # Nobody else reads the list.
    client.force_login(world.admin)  # a beheerder elsewhere in the region: the same list
    assert world.other_team_lead.full_name in client.get(url).content.decode()
    for who in (world.other_team_lead, world.coach, world.policy):
        client.force_login(who)
        assert client.get(url).status_code == 404


def test_the_weekly_email_goes_to_the_beheerder_without_personal_data(world):
    _open(world)
    admin = _beheerder(world)
    mail.outbox.clear()
    sent = tasks.send_emergency_access_digest.call()
    assert sent == 2  # every beheerder: world.admin and this one
    message = next(m for m in mail.outbox if m.to == [admin.email])
    assert "1" in message.body and reverse("families:emergency_list") in message.body
    assert world.family.name not in message.body
    assert REASON["explanation"] not in message.body
    assert world.other_team_lead.full_name not in message.body


def test_the_weekly_email_is_scheduled_on_monday_morning(world, settings):
    """`families.emergency_digest` is registered and enqueued by `run_scheduled` on Monday
    from 07:00, once; the worker sends it (what `manage.py send_emergency_digest` queues)."""
    from django_tasks_db.models import DBTaskResult

    from spil.core import schedule
    from spil.core.testing import run_queued_tasks

    use_task_queue(settings)
    _open(world)
    admin = _beheerder(world)
    mail.outbox.clear()
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    at = dt.datetime.combine(monday, dt.time(7), tzinfo=schedule.AMSTERDAM)
    name = "families.emergency_digest"
    assert name not in schedule.enqueue_due(at - dt.timedelta(minutes=1))
    assert name not in schedule.enqueue_due(at - dt.timedelta(days=1))  # Sunday
    assert name in schedule.enqueue_due(at)
    assert name not in schedule.enqueue_due(at + dt.timedelta(hours=1))
    assert name not in schedule.enqueue_due(at + dt.timedelta(days=1))  # Tuesday
    [queued] = DBTaskResult.objects.filter(
        task_path="spil.families.tasks.send_emergency_access_digest"
    )
    run_queued_tasks()
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", 2)
    digests = [m for m in mail.outbox if m.subject == "Spil: noodtoegang in de afgelopen week"]
    assert sorted(m.to[0] for m in digests) == sorted([admin.email, world.admin.email])
    assert all(world.family.name not in m.body for m in digests)


def test_a_refused_address_stops_no_other_digest_names_no_one_and_is_retried(
    world, settings, caplog
):
    _open(world)
    _beheerder(world)
    use_task_queue(settings)
    first, second = _beheerders()  # in the order they are mailed
    caplog.set_level(logging.DEBUG)
    with SMTPServer(refuse={first.email}) as server:
        server.use(settings)
        with pytest.raises(EmailNotSent) as failed:
            tasks.send_emergency_access_digest.call()
        assert server.recipients() == [second.email]  # the refusal stopped no other
    # Counts only, and not chained to the SMTP error (which names the address).
    assert str(failed.value).startswith("1 e-mail(s) not sent, 1 sent")
    assert failed.value.__cause__ is None and failed.value.__context__ is None
    assert "@" not in caplog.text
    # A next attempt, for the one beheerder who did not get it, by uuid only.
    (retry,) = queued_tasks("spil.families.tasks.send_emergency_access_digest")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"]["users"] == [str(first.uuid)]
    assert "@" not in task_arguments(retry)
    with SMTPServer() as server:
        server.use(settings)
        assert tasks.send_emergency_access_digest.call(**retry.args_kwargs["kwargs"]) == 1
        assert server.recipients() == [first.email]
        assert b"1 keer" in server.messages[0].data


def _beheerders():
    from spil.accounts.models import User

    return list(
        User.objects.filter(memberships__role=Role.ADMIN, is_active=True).distinct().order_by("pk")
    )


def test_the_family_sees_the_noodtoegang_in_its_portal(world):
    from spil.portal import selectors as portal_selectors

    _open(world)
    looks = portal_selectors.who_looked(access.member_access(None, world.parent, preview=True))
    assert [look.what for look in looks] == ["opende het dossier met noodtoegang"]
    assert looks[0].role == "Teamleider"
