import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from spil.core.middleware import SESSION_RENEWED_KEY
from spil.core.models import AuditEvent
from spil.core.testing import committed

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/inloggen/"


def _login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_with_e_mail_opens_the_start_page(client, coach):
    response = _login(client, coach.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")
    page = client.get(reverse("accounts:start")).content.decode()
    assert coach.full_name in page
    assert "Gezinscoach" in page
    assert 'data-capability="coach_families"' in page


def test_start_page_lists_only_what_the_role_may_do(client, policy_officer):
    client.force_login(policy_officer)
    page = client.get(reverse("accounts:start")).content.decode()
    assert re.findall(r'data-capability="(\w+)"', page) == ["view_aggregates"]
    assert page.count("<h1") == 1


def test_empty_login_form_shows_errors_tied_to_their_fields(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_username_errors"' in page
    assert 'aria-describedby="id_username_errors"' in page
    assert 'aria-invalid="true"' in page
    assert "Dit veld is verplicht." in page


def test_wrong_password_is_refused_in_dutch_and_audited(client, coach):
    response = _login(client, coach.email, "fout")
    assert (
        "Deze combinatie van e-mailadres en wachtwoord kennen we niet" in response.content.decode()
    )
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.object_uuid == coach.uuid
    assert event.actor is None


def test_five_wrong_passwords_lock_the_account(client, coach):
    for _ in range(5):
        _login(client, coach.email, "fout-wachtwoord")
    response = _login(client, coach.email, PASSWORD)  # even the right password now
    page = response.content.decode()
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in page
    assert "5 keer een verkeerd wachtwoord" in page
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.locked_out", object_uuid=coach.uuid).exists()


def test_four_wrong_passwords_do_not_lock(client, coach):
    for _ in range(4):
        _login(client, coach.email, "fout-wachtwoord")
    assert _login(client, coach.email, PASSWORD).status_code == 302


def test_login_and_logout_are_in_the_audit_trail(client, coach):
    _login(client, coach.email, PASSWORD)
    client.post(reverse("accounts:logout"))
    actions = list(AuditEvent.objects.filter(actor=coach).values_list("action", flat=True))
    assert actions[-2:] == ["auth.login", "auth.logout"]


def test_session_ends_after_thirty_idle_minutes(client, coach):
    _login(client, coach.email, PASSWORD)
    assert client.session.get_expiry_age() == 30 * 60
    assert client.get(reverse("accounts:start")).status_code == 200
    # Thirty minutes without a request: the stored session has expired.
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("accounts:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_request_renews_the_idle_timer_at_most_once_a_minute(client, coach, settings):
    """Not a write of the session on every page: within a minute of the last renewal a
    request leaves the stored session as it is; after it, a request starts the thirty
    minutes again."""
    settings.SPIL_SESSION_RENEWAL_SECONDS = SESSION_RENEWAL_SECONDS
    _login(client, coach.email, PASSWORD)
    soon = timezone.now() + timezone.timedelta(minutes=5)
    Session.objects.update(expire_date=soon)
    assert client.get(reverse("accounts:start")).status_code == 200
    assert Session.objects.get().expire_date == soon  # renewed at the login, moments ago

    session = client.session
    session[SESSION_RENEWED_KEY] -= SESSION_RENEWAL_SECONDS + 1  # a minute went by
    session.save()
    Session.objects.update(expire_date=soon)
    assert client.get(reverse("accounts:start")).status_code == 200
    assert Session.objects.get().expire_date > soon + timezone.timedelta(minutes=20)


SESSION_RENEWAL_SECONDS = 60  # production's (base settings); the tests' settings say 0


def _ask_for_reset(client, email):
    with committed():  # the link is mailed by a task queued after the commit
        return client.post(reverse("accounts:password_reset"), {"email": email})


RESET_LINK = re.compile(r"https?://[^/\s]+(/wachtwoord-herstellen/\S+)")


def test_password_reset_mails_a_working_link(client, coach):
    response = _ask_for_reset(client, coach.email)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()
    new = "een-heel-nieuw-wachtwoord-77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    coach.refresh_from_db()
    assert coach.check_password(new)


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = _ask_for_reset(client, "niemand@x.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_weak_new_password_is_refused(client, coach):
    _ask_for_reset(client, coach.email)
    link = RESET_LINK.search(mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert response.status_code == 200
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)


def test_five_wrong_passwords_in_five_spellings_lock_the_account_for_every_spelling(client, coach):
    local, domain = coach.email.split("@")
    spellings = [
        coach.email,
        coach.email.upper(),
        f"  {local.capitalize()}@{domain}  ",
        f"{local}@{domain.upper()}",
        f"{local[0]}{local[1:].upper()}@{domain}",
    ]
    statuses = [_login(client, spelling, "fout-wachtwoord").status_code for spelling in spellings]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks the account
    # The right password is refused now, whatever the spelling.
    for spelling in [*spellings, f" {coach.email.title()} "]:
        response = _login(client, spelling, PASSWORD)
        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


def test_a_locked_account_stays_locked_in_another_spelling(client, coach):
    for _ in range(5):
        _login(client, coach.email, "fout-wachtwoord")
    response = _login(client, f" {coach.email.upper()}", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_counts_the_normalised_address():
    from spil.accounts.lockout import lockout_username

    assert lockout_username(None, {"username": "  Coach@Voorbeeld.TEST "}) == "coach@voorbeeld.test"
    assert lockout_username(None, {"username": ""}) is None
    assert lockout_username(None, {}) is None


def test_a_stale_session_cookie_of_a_visitor_does_not_become_a_session(client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "stalekeythatwasneverstored"
    assert client.get(reverse("accounts:login")).status_code == 200
    assert not Session.objects.exists()
