"""Family members log in on the same page as staff; the account decides where it lands.
A `next` never takes a family account to a staff page, nor staff into the portal; the
lockout after 5 failures holds for family accounts too."""

import pytest
from django.urls import reverse

from spil.accounts.tests.factories import PASSWORD as STAFF_PASSWORD
from spil.core.models import AuditEvent

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"


def _login(client, email, password, next_url=None):
    data = {"username": email, "password": password}
    path = LOGIN if next_url is None else f"{LOGIN}?next={next_url}"
    if next_url is not None:
        data["next"] = next_url
    return client.post(path, data)


def test_a_family_account_lands_in_its_portal(client, parent_account):
    response = _login(client, parent_account.user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    assert client.get(response["Location"]).status_code == 200


def test_the_start_page_sends_a_logged_out_visitor_to_the_one_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "next_of",
    [
        lambda w: reverse("families:overview", args=[w.family.uuid]),
        lambda w: reverse("families:list"),
        lambda w: "/beheer/",
        lambda w: "https://elders.example/mijn-gezin/",
        lambda w: "//elders.example/mijn-gezin/",
    ],
)
def test_a_next_to_a_staff_page_or_elsewhere_does_not_take_a_family_account_there(
    client, world, parent_account, next_of
):
    response = _login(client, parent_account.user.email, PASSWORD, next_of(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_a_next_inside_the_portal_is_followed_for_a_family_account(client, parent_account):
    response = _login(client, parent_account.user.email, PASSWORD, reverse("portal:plan"))
    assert response["Location"] == reverse("portal:plan")


def test_staff_never_follow_a_next_into_the_portal(client, world):
    response = _login(client, world.coach.email, STAFF_PASSWORD, reverse("portal:plan"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")


def test_staff_still_follow_a_next_to_a_staff_page(client, world):
    overview = reverse("families:overview", args=[world.family.uuid])
    response = _login(client, world.coach.email, STAFF_PASSWORD, overview)
    assert response["Location"] == overview


def test_a_logged_in_family_account_on_the_login_page_goes_to_its_portal(parent_client, world):
    overview = reverse("families:overview", args=[world.family.uuid])
    response = parent_client.get(f"{LOGIN}?next={overview}")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_five_wrong_passwords_lock_a_family_account(client, parent_account):
    email = parent_account.user.email
    statuses = [_login(client, email, "fout-wachtwoord").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = _login(client, email.upper(), PASSWORD)  # even the right password now
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action="auth.locked_out", object_uuid=parent_account.user.uuid
    ).exists()


def test_four_wrong_passwords_do_not_lock_a_family_account(client, parent_account):
    for _ in range(4):
        _login(client, parent_account.user.email, "fout-wachtwoord")
    assert _login(client, parent_account.user.email, PASSWORD)["Location"] == reverse("portal:home")
