import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.models import TwoFactorActivation
from spil.core.models import AuditEvent
from spil.core.testing import committed

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice, drift: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def _login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def _mailed_link(client, user) -> str:
    """Ask for the set-up link on the set-up page and return its path from the e-mail."""
    mail.outbox.clear()
    with committed():  # the link leaves with a task after the commit
        client.post(reverse("accounts:otp_setup"), {"send_link": "1"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)


def _open_link(client, user):
    response = client.get(_mailed_link(client, user))
    assert response["Location"] == reverse("accounts:otp_setup")


def test_coach_sets_up_totp_and_needs_it_at_the_next_login(client, coach):
    _login(client, coach)
    _open_link(client, coach)
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(actor=coach, action="auth.2fa_enabled").exists()

    client.post(reverse("accounts:logout"))
    _login(client, coach)
    blocked = client.get(reverse("accounts:start"))
    assert blocked["Location"] == reverse("accounts:otp_verify")

    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get(reverse("accounts:start")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    # A code is used once; the next time step's code is within the allowed drift.
    ok = client.post(reverse("accounts:otp_verify"), {"token": _code(device, drift=1)})
    assert ok.status_code == 302
    assert client.get(reverse("accounts:start")).status_code == 200


def test_a_malformed_code_gets_a_dutch_field_error(client, coach):
    _login(client, coach)
    _open_link(client, coach)
    client.get(reverse("accounts:otp_setup"))
    response = client.post(reverse("accounts:otp_setup"), {"token": "12ab"})
    assert "Vul de zes cijfers in" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coach, confirmed=True).exists()


def test_when_required_every_role_must_set_up_2fa_first(client, settings, policy_officer):
    settings.SPIL_REQUIRE_2FA = True
    _login(client, policy_officer)
    response = client.get(reverse("accounts:start"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_setup")


def test_admin_site_requires_a_verified_session_when_2fa_is_required(
    client, settings, administrator
):
    settings.SPIL_REQUIRE_2FA = True
    client.force_login(administrator)
    # Not verified: the middleware sends the beheerder to set up 2FA first.
    assert client.get("/beheer/")["Location"] == reverse("accounts:otp_setup")


EVIL_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


@pytest.mark.parametrize("evil", EVIL_NEXT)
def test_the_code_step_never_redirects_off_site(client, coach, evil):
    device = TOTPDevice.objects.create(user=coach, name="Spil", confirmed=True)
    _login(client, coach)
    response = client.post(
        f"{reverse('accounts:otp_verify')}?{urlencode({'next': evil})}", {"token": _code(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")


def test_the_code_step_follows_a_next_on_this_site(client, coach):
    device = TOTPDevice.objects.create(user=coach, name="Spil", confirmed=True)
    _login(client, coach)
    response = client.post(
        f"{reverse('accounts:otp_verify')}?next=/gezinnen/%3Fq%3D1", {"token": _code(device)}
    )
    assert response["Location"] == "/gezinnen/?q=1"


@pytest.mark.parametrize("evil", EVIL_NEXT)
def test_the_admin_login_passes_on_no_off_site_next(client, administrator, evil):
    client.force_login(administrator)
    response = client.get(f"/beheer/login/?{urlencode({'next': evil})}")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fbeheer%2F"


# --- Issue 22: the first set-up needs the link mailed to the account's address -----------


def test_setup_without_the_link_is_refused(client, settings, coach):
    settings.SPIL_REQUIRE_2FA = True
    _login(client, coach)
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert "alleen met de link" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=coach).exists()  # no secret handed out
    # A forged confirmation without the link is refused too.
    TOTPDevice.objects.create(user=coach, name="Spil", confirmed=False)
    refused = client.post(reverse("accounts:otp_setup"), {"token": "123456"})
    assert refused.status_code == 403
    assert not TOTPDevice.objects.filter(user=coach, confirmed=True).exists()


def test_the_link_works_once_and_carries_no_personal_data(client, settings, coach):
    settings.SPIL_REQUIRE_2FA = True
    _login(client, coach)
    link = _mailed_link(client, coach)
    # Only a random token: no address, name, id or key of the person.
    match = re.fullmatch(r"/tweestapsverificatie/activeren/([A-Za-z0-9_-]{43})/", link)
    assert match is not None
    token = match.group(1)
    assert coach.email.split("@")[0] not in token and str(coach.uuid) not in token
    stored = TwoFactorActivation.objects.get(user=coach)
    assert token not in stored.token_hash  # only a hash is kept
    assert stored.expires_at - timezone.now() > timedelta(hours=23, minutes=59)

    assert client.get(link)["Location"] == reverse("accounts:otp_setup")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).exists()
    stored.refresh_from_db()
    assert stored.used_at is not None

    # The same link again, after the authenticator is removed: refused.
    TOTPDevice.objects.filter(user=coach).delete()
    client.post(reverse("accounts:logout"))
    _login(client, coach)
    again = client.get(link)
    assert again.status_code == 404
    assert "Deze link werkt niet (meer)" in again.content.decode()
    assert "alleen met de link" in client.get(reverse("accounts:otp_setup")).content.decode()


def test_an_expired_link_is_refused(client, settings, coach):
    settings.SPIL_REQUIRE_2FA = True
    _login(client, coach)
    link = _mailed_link(client, coach)
    TwoFactorActivation.objects.filter(user=coach).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(link)
    assert response.status_code == 404
    assert "Deze link werkt niet (meer)" in response.content.decode()


def test_a_link_that_expires_after_opening_no_longer_allows_the_setup(client, coach):
    _login(client, coach)
    _open_link(client, coach)
    TwoFactorActivation.objects.filter(user=coach).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "alleen met de link" in client.get(reverse("accounts:otp_setup")).content.decode()


def test_another_accounts_link_is_refused(client, coach, professional):
    _login(client, professional)
    link = _mailed_link(client, professional)
    client.post(reverse("accounts:logout"))
    _login(client, coach)
    assert client.get(link).status_code == 404
    assert client.get("/tweestapsverificatie/activeren/onzin/").status_code == 404


def test_a_beheerder_resets_2fa_audited_and_the_user_gets_a_new_link(client, administrator, coach):
    TOTPDevice.objects.create(user=coach, name="Spil", confirmed=True)
    client.force_login(administrator)
    with committed():
        response = client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_two_factor", "_selected_action": [coach.pk]},
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coach).exists()
    event = AuditEvent.objects.get(action="auth.2fa_reset")
    assert (event.actor, event.object_uuid) == (administrator, coach.uuid)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [coach.email]
    assert TwoFactorActivation.objects.get(user=coach).created_by == administrator


def test_a_beheerder_cannot_reset_his_own_2fa(client, administrator):
    TOTPDevice.objects.create(user=administrator, name="Spil", confirmed=True)
    client.force_login(administrator)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [administrator.pk]},
    )
    assert TOTPDevice.objects.filter(user=administrator).exists()
    assert not AuditEvent.objects.filter(action="auth.2fa_reset").exists()


def test_in_the_demo_2fa_is_set_up_without_a_link(client, settings, coach):
    settings.SPIL_2FA_SETUP_NEEDS_EMAIL_LINK = False
    _login(client, coach)
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": _code(device)}).status_code == 302
