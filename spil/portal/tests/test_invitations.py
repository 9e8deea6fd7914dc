"""Invitations (issue 14, "who logs in, and how"): the coach invites a member with a
single-use link, valid 7 days, mailed and shown once; the member sets a password on it and
lands in the portal. Listed, revocable, audited; a closed link says so and changes nothing."""

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import committed
from spil.families.tests.factories import make_family
from spil.portal import invitations
from spil.portal.models import FamilyAccount, Invitation
from spil.trajectories.models import Trajectory

from .factories import family_account

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "zonnige-dinsdag-in-deventer"
LINK = re.compile(r"http://localhost:8000(/mijn-gezin/welkom/([\w-]+)/)")


def _noor(world):
    return world.family.members.get(first_name="Noor")


def _daan(world):
    return world.family.members.get(first_name="Daan")


def _page(world):
    return reverse("portal_staff:invitations", kwargs={"uuid": world.family.uuid})


@pytest.fixture
def coach_client(client, world):
    client.force_login(world.coach)
    return client


def _invite(client, world, member, email="karin@gezin.test"):
    with committed():  # the e-mail leaves with a task after the commit
        return client.post(_page(world), {"member": str(member.uuid), "email": email})


def _link_in_mail(index=-1):
    path, token = LINK.search(mail.outbox[index].body).groups()
    return path, token


# --- The coach's page ------------------------------------------------------------------------


def test_the_coach_sees_who_may_be_invited(coach_client, world):
    response = coach_client.get(_page(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{world.parent.uuid}"' in page
    assert f'value="{_noor(world).uuid}"' in page
    assert f'value="{_daan(world).uuid}"' not in page  # 11: too young for an account


@pytest.mark.parametrize("who", ["ggz_worker", "teacher", "other_coach", "policy", "admin"])
def test_only_those_with_the_whole_file_reach_the_page(client, world, who):
    world.share_with(world.ggz, ["plan"])
    client.force_login(getattr(world, who))
    assert client.get(_page(world)).status_code == 404
    assert _invite(client, world, world.parent).status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_family_account_gets_404_on_the_staff_page(parent_client, world):
    assert parent_client.get(_page(world)).status_code == 404


def test_the_family_overview_links_to_the_portal_page_for_the_coach_only(client, world):
    overview = reverse("families:overview", args=[world.family.uuid])
    client.force_login(world.coach)
    assert _page(world) in client.get(overview).content.decode()
    world.share_with(world.ggz, ["plan"])
    client.force_login(world.ggz_worker)
    response = client.get(overview)
    assert response.status_code == 200
    assert _page(world) not in response.content.decode()


def test_inviting_mails_a_link_and_shows_another_once(coach_client, world):
    response = _invite(coach_client, world, world.parent, email=" Karin@Gezin.test ")
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["karin@gezin.test"]
    assert sent.subject == "Uitnodiging voor uw gezinsportaal in Spil"
    assert "Karin" not in sent.subject and "Vos" not in sent.subject
    _, mailed = _link_in_mail()
    page = response.content.decode()
    assert "De uitnodiging wordt verstuurd" in page
    shown = re.search(r"http://localhost:8000/mijn-gezin/welkom/([\w-]+)/", page).group(1)
    assert shown != mailed  # the e-mail's link is made by the task, not in the request
    assert shown not in coach_client.get(_page(world)).content.decode()  # shown once only
    invitation = Invitation.objects.get()
    # Only the hashes are stored; the tokens are nowhere in the database row.
    assert invitation.token_hash == hashlib.sha256(shown.encode()).hexdigest()
    assert invitation.mail_token_hash == hashlib.sha256(mailed.encode()).hexdigest()
    row = str(Invitation.objects.values().get())
    assert shown not in row and mailed not in row
    assert invitation.email == "karin@gezin.test"
    assert invitation.created_by == world.coach
    assert invitation.status == Invitation.Status.OPEN
    expected = timezone.now() + dt.timedelta(days=7)
    assert abs(invitation.expires_at - expected) < dt.timedelta(minutes=1)


def test_either_link_opens_the_invitation_once(coach_client, world):
    response = _invite(coach_client, world, world.parent)
    shown = re.search(
        r"http://localhost:8000(/mijn-gezin/welkom/[\w-]+/)", response.content.decode()
    )
    mailed, _ = _link_in_mail()
    anonymous = Client()
    assert anonymous.get(shown.group(1)).status_code == 200
    assert anonymous.get(mailed).status_code == 200
    done = anonymous.post(mailed, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert done.status_code == 302
    assert Client().get(shown.group(1)).status_code == 410  # the invitation is used


def test_the_invitation_is_audited_with_keys_only(coach_client, world):
    _invite(coach_client, world, world.parent)
    event = AuditEvent.objects.get(action="portal.invitation_created")
    invitation = Invitation.objects.get()
    assert event.actor == world.coach
    assert event.family_uuid == world.family.uuid
    assert event.object_uuid == invitation.uuid
    assert event.detail == {"lid": str(world.parent.uuid)}
    assert "karin" not in str(event.detail).lower()


def test_reading_the_list_is_audited_and_every_step_has_plain_words(coach_client, world):
    coach_client.get(_page(world))
    viewed = AuditEvent.objects.get(action="portal.invitations_viewed")
    assert (viewed.actor, viewed.family_uuid) == (world.coach, world.family.uuid)
    _invite(coach_client, world, world.parent)
    _invite(coach_client, world, world.parent, email="karin2@gezin.test")
    _, token = _link_in_mail()
    Client().post(
        reverse("portal:welcome", args=[token]),
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    actions = set(
        AuditEvent.objects.filter(action__startswith="portal.").values_list("action", flat=True)
    )
    assert {
        "portal.invitations_viewed",
        "portal.invitation_created",
        "portal.invitation_revoked",
        "portal.invitation_used",
    } <= actions
    assert actions <= known_labels()
    page = coach_client.get(reverse("families:who_looked", args=[world.family.uuid]))
    text = page.content.decode()
    assert "nodigde een gezinslid uit voor het gezinsportaal" in text
    assert "trok een uitnodiging voor het gezinsportaal in" in text
    assert "koos een wachtwoord voor het gezinsportaal" in text


def test_the_list_shows_status_date_and_who_invited(coach_client, world):
    _invite(coach_client, world, world.parent)
    _invite(coach_client, world, _noor(world), email="noor@gezin.test")
    Invitation.objects.filter(member=_noor(world)).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page = coach_client.get(_page(world)).content.decode()
    assert page.count('data-status="open"') == 1
    assert page.count('data-status="verlopen"') == 1
    assert escape(world.coach.full_name) in page  # a name may hold an apostrophe
    assert "karin@gezin.test" in page and "noor@gezin.test" in page
    assert "Verlopen" in page and "Open" in page


def test_a_new_invitation_revokes_the_older_open_one(coach_client, client, world):
    _invite(coach_client, world, world.parent)
    first_path, _ = _link_in_mail()
    _invite(coach_client, world, world.parent, email="karin.vos@gezin.test")
    second_path, _ = _link_in_mail()
    first, second = Invitation.objects.order_by("created_at", "id")
    assert first.status == Invitation.Status.REVOKED
    assert second.status == Invitation.Status.OPEN
    revoked = AuditEvent.objects.get(action="portal.invitation_revoked")
    assert revoked.object_uuid == first.uuid
    assert revoked.detail == {"lid": str(world.parent.uuid), "reden": "vervangen"}
    anonymous = Client()
    assert anonymous.get(first_path).status_code == 410
    assert anonymous.get(second_path).status_code == 200


def test_the_coach_revokes_an_open_invitation(coach_client, client, world):
    _invite(coach_client, world, world.parent)
    path, _ = _link_in_mail()
    invitation = Invitation.objects.get()
    revoke = reverse(
        "portal_staff:invitation_revoke",
        kwargs={"uuid": world.family.uuid, "invitation": invitation.uuid},
    )
    assert coach_client.get(revoke).status_code == 405  # a change is a POST
    response = coach_client.post(revoke, follow=True)
    assert "De uitnodiging is ingetrokken" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    event = AuditEvent.objects.get(action="portal.invitation_revoked")
    assert event.actor == world.coach
    assert event.detail == {"lid": str(world.parent.uuid), "reden": "ingetrokken"}
    coach_client.logout()
    closed = coach_client.get(path)
    assert closed.status_code == 410
    assert "ingetrokken" in closed.content.decode()


def test_a_used_invitation_cannot_be_revoked(coach_client, world):
    _invite(coach_client, world, world.parent)
    _, token = _link_in_mail()
    invitations.invitation_accept(token=token, password=GOOD_PASSWORD)
    invitation = Invitation.objects.get()
    revoke = reverse(
        "portal_staff:invitation_revoke",
        kwargs={"uuid": world.family.uuid, "invitation": invitation.uuid},
    )
    response = coach_client.post(revoke, follow=True)
    assert "niet meer open" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.USED
    assert not AuditEvent.objects.filter(action="portal.invitation_revoked").exists()


def _other_family(world):
    other = make_family(world.coach, name="Bakker")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=timezone.localdate()
    )
    return other


def test_an_invitation_of_another_family_cannot_be_revoked_here(coach_client, world):
    other = _other_family(world)
    other_parent = other.members.get(first_name="Karin")
    theirs = invitations.invitation_create(
        access=family_access(world.coach, other), member=other_parent, email="b@gezin.test"
    ).invitation
    revoke = reverse(
        "portal_staff:invitation_revoke",
        kwargs={"uuid": world.family.uuid, "invitation": theirs.uuid},
    )
    assert coach_client.post(revoke).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Invitation.Status.OPEN


@pytest.mark.parametrize(
    ("member_of", "email", "message"),
    [
        (_daan, "daan@gezin.test", "Kies een geldige optie"),  # 11: not offered
        (lambda w: w.parent, "geen-adres", "e-mailadres"),
        (lambda w: w.parent, "", "verplicht"),
        (lambda w: None, "karin@gezin.test", "verplicht"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(
    coach_client, world, member_of, email, message
):
    member = member_of(world)
    data = {"email": email}
    if member is not None:
        data["member"] = str(member.uuid)
    response = coach_client.post(_page(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_empty_post_shows_what_is_missing(coach_client, world):
    response = coach_client.post(_page(world), {})
    assert response.status_code == 200
    assert response.content.decode().count("Dit veld is verplicht.") >= 2
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("value", ["not-a-uuid", "1" * 400, "00000000-0000-0000-0000-000000000000"])
def test_a_forged_member_is_refused_not_a_500(coach_client, world, value):
    response = coach_client.post(_page(world), {"member": value, "email": "x@gezin.test"})
    assert response.status_code == 200
    assert "Kies een geldige optie" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_address_in_use_is_refused(coach_client, world):
    response = _invite(coach_client, world, world.parent, email=world.backup.email.upper())
    assert "al in gebruik" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_member_with_an_account_is_not_offered_and_not_invited(coach_client, world):
    family_account(world.parent)
    page = coach_client.get(_page(world)).content.decode()
    assert f'value="{world.parent.uuid}"' not in page
    assert "Wie heeft een account" in page and str(world.parent) in page
    with pytest.raises(Exception, match="al een account"):
        invitations.invitation_create(
            access=family_access(world.coach, world.family),
            member=world.parent,
            email="karin2@gezin.test",
        )


def test_a_member_of_another_family_is_refused_by_the_service(world):
    other = _other_family(world)
    with pytest.raises(Exception, match="hoort niet bij dit gezin"):
        invitations.invitation_create(
            access=family_access(world.coach, world.family),
            member=other.members.get(first_name="Karin"),
            email="b@gezin.test",
        )
    assert not Invitation.objects.exists()


def test_the_list_page_reads_a_fixed_number_of_queries(
    coach_client, world, django_assert_max_num_queries
):
    access = family_access(world.coach, world.family)
    for n in range(12):
        invitations.invitation_create(
            access=access, member=world.parent if n % 2 else _noor(world), email=f"a{n}@g.test"
        )
    with django_assert_max_num_queries(25):
        response = coach_client.get(_page(world))
    assert response.content.decode().count("data-status=") == 12


# --- The member opens the link ------------------------------------------------------------


@pytest.fixture
def invited_parent(world):
    """An open invitation for Karin; returns the path of the link in the e-mail."""
    with committed():
        invitations.invitation_create(
            access=family_access(world.coach, world.family),
            member=world.parent,
            email="karin@gezin.test",
        )
    path, _ = _link_in_mail()
    return path


def test_the_link_greets_by_first_name_only(client, world, invited_parent):
    response = client.get(invited_parent)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Welkom, Karin" in page
    assert world.parent.surname not in page
    assert "karin@gezin.test" not in page
    assert "U bent uitgenodigd" in page


def test_setting_a_password_makes_the_account_and_lands_in_the_portal(
    client, world, invited_parent
):
    response = client.post(invited_parent, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    account = FamilyAccount.objects.get(member=world.parent)
    user = account.user
    assert user.email == "karin@gezin.test"
    assert user.is_family_account and not user.is_staff and not user.is_superuser
    assert user.check_password(GOOD_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("portal:home")).status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.USED
    used = AuditEvent.objects.get(action="portal.invitation_used")
    assert used.actor == user
    assert used.object_uuid == invitation.uuid
    assert used.detail == {"lid": str(world.parent.uuid)}
    # And the member logs in with it later, on the one login page.
    client.logout()
    login = client.post(
        reverse("accounts:login"), {"username": "karin@gezin.test", "password": GOOD_PASSWORD}
    )
    assert login["Location"] == reverse("portal:home")


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "niet gelijk"),
        ("kort", "kort", "Dit wachtwoord is te kort. Gebruik minstens 12 tekens."),
        ("123456789012345", "123456789012345", "alleen cijfers"),
        ("karin@gezin.test", "karin@gezin.test", "lijkt te veel op het e-mailadres"),
        ("1qaz2wsx3edc", "1qaz2wsx3edc", "gebruiken veel mensen"),
        ("", "", "verplicht"),
    ],
)
def test_a_bad_password_is_refused_in_dutch_and_changes_nothing(
    client, world, invited_parent, first, second, message
):
    response = client.post(invited_parent, {"password1": first, "password2": second})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FamilyAccount.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.OPEN
    assert "_auth_user_id" not in client.session


def test_a_used_link_says_so_and_changes_nothing(client, world, invited_parent):
    client.post(invited_parent, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    client.logout()
    before = AuditEvent.objects.count()
    response = client.get(invited_parent)
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    again = client.post(invited_parent, {"password1": "een-ander-wachtzin-9", "password2": "x"})
    assert again.status_code == 410
    assert FamilyAccount.objects.get().user.check_password(GOOD_PASSWORD)
    assert AuditEvent.objects.count() == before


def test_an_expired_link_says_so_and_changes_nothing(client, world, invited_parent):
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(invited_parent, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 410
    page = response.content.decode()
    assert "verlopen" in page and "Er is niets veranderd" in page
    assert not FamilyAccount.objects.exists()
    assert not get_user_model().objects.filter(email="karin@gezin.test").exists()


def test_an_unknown_link_says_so(client, world, invited_parent):
    response = client.get(reverse("portal:welcome", args=["bestaat-niet-" + "x" * 30]))
    assert response.status_code == 404
    assert "Deze link kennen we niet" in response.content.decode()
    long = client.get(reverse("portal:welcome", args=["x" * 5000]))
    assert long.status_code == 404


@pytest.mark.parametrize("who", ["coach", "family"])
def test_someone_logged_in_is_refused_clearly_and_nothing_changes(
    client, world, invited_parent, who
):
    if who == "coach":
        client.force_login(world.coach)
    else:
        client.force_login(family_account(_noor(world)).user)
    logged_in_as = client.session["_auth_user_id"]
    response = client.get(invited_parent)
    assert response.status_code == 403
    assert "Log eerst uit" in response.content.decode()
    post = client.post(invited_parent, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert post.status_code == 403
    assert not FamilyAccount.objects.filter(member=world.parent).exists()
    assert Invitation.objects.get().status == Invitation.Status.OPEN
    assert client.session["_auth_user_id"] == logged_in_as


def test_a_young_person_is_spoken_to_with_je(coach_client, world):
    _invite(coach_client, world, _noor(world), email="noor@gezin.test")
    assert "Je coach nodigt je uit" in mail.outbox[0].body
    path, _ = _link_in_mail()
    page = Client().get(path).content.decode()
    assert "Welkom, Noor" in page
    assert "Je bent uitgenodigd" in page
    assert "U bent" not in page


def test_an_address_taken_after_the_invitation_is_refused_on_the_link(
    client, world, invited_parent
):
    get_user_model().objects.create_user(email="KARIN@gezin.test", password="x" * 20)
    response = client.post(invited_parent, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 200
    assert "al in gebruik" in response.content.decode()
    assert not FamilyAccount.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.OPEN
