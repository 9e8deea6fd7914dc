"""The 2FA set-up link leaves the request (issue 19, docs/adr/0031): the request enqueues
the activation's uuid only; the worker makes the link's token and mails it; a stopped mail
server neither slows nor breaks the request, and the task fails visibly and is retried."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts import services
from spil.accounts.models import TwoFactorActivation
from spil.core.testing import (
    committed,
    fails_then_is_retried,
    queued_tasks,
    run_queued_tasks,
    stop_mail_server,
    task_arguments,
    use_task_queue,
)

from .factories import PASSWORD
from .test_two_factor import _code

pytestmark = pytest.mark.django_db

TASK = "spil.accounts.tasks.send_two_factor_link"
LINK = re.compile(r"https?://[^/\s]+(/tweestapsverificatie/activeren/([\w-]+)/)")


def _ask_for_link(client, user):
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    with committed():
        return client.post(reverse("accounts:otp_setup"), {"send_link": "1"})


def test_the_request_queues_the_activation_uuid_only(client, settings, coach):
    use_task_queue(settings)
    response = _ask_for_link(client, coach)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside the request
    (queued,) = queued_tasks(TASK)
    activation = TwoFactorActivation.objects.get(user=coach)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [], "kwargs": {"activation": str(activation.uuid)}}
    stored = task_arguments(queued)
    assert "@" not in stored and coach.email not in stored and coach.full_name not in stored

    assert run_queued_tasks() == 1
    (sent,) = mail.outbox
    assert sent.to == [coach.email]
    path, token = LINK.search(sent.body).groups()
    assert token not in task_arguments(queued)  # the token was made in the worker
    # The link works: it opens the set-up, and the set-up turns 2FA on.
    assert client.get(path)["Location"] == reverse("accounts:otp_setup")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    assert client.post(reverse("accounts:otp_setup"), {"token": _code(device)}).status_code == 302
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).exists()


def test_a_link_replaced_before_the_worker_ran_is_not_sent(client, settings, coach):
    use_task_queue(settings)
    _ask_for_link(client, coach)
    with committed():  # a beheerder resets 2FA before the worker ran: a newer link
        services.two_factor_activation_send(user=coach, force=True)
    assert len(queued_tasks(TASK)) == 2
    assert run_queued_tasks() == 2
    (sent,) = mail.outbox  # only the newer one
    path, _ = LINK.search(sent.body).groups()
    assert client.get(path)["Location"] == reverse("accounts:otp_setup")
    assert [t.return_value for t in queued_tasks(TASK)] == [False, True]


def test_with_the_mail_server_down_the_request_succeeds_and_the_task_is_retried(
    client, settings, coach
):
    use_task_queue(settings)
    stop_mail_server(settings)
    response = _ask_for_link(client, coach)
    assert response.status_code == 302
    assert TwoFactorActivation.objects.filter(user=coach).count() == 1

    fails_then_is_retried(settings, TASK, "activation")
    path, _ = LINK.search(mail.outbox[0].body).groups()
    assert client.get(path)["Location"] == reverse("accounts:otp_setup")


RESET_TASK = "spil.accounts.tasks.send_password_reset"
RESET_LINK = re.compile(r"https?://[^/\s]+(/wachtwoord-herstellen/\S+/)")


def test_password_reset_queues_the_account_uuid_and_survives_a_stopped_mail_server(
    client, settings, coach
):
    """ "Wachtwoord vergeten" leaves the request too: the uuid is queued, the worker makes
    Django's reset token; with the mail server down the page answers as always, the task
    fails visibly, is retried, and the retried link works."""
    use_task_queue(settings)
    stop_mail_server(settings)
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": coach.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    (queued,) = queued_tasks(RESET_TASK)
    assert queued.args_kwargs == {"args": [], "kwargs": {"user": str(coach.uuid)}}
    assert coach.email not in task_arguments(queued)

    run_queued_tasks()
    (failed, retry) = queued_tasks(RESET_TASK)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "spil.core.mail.EmailNotSent"
    assert retry.args_kwargs["kwargs"] == {"user": str(coach.uuid), "attempt": 2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    type(retry).objects.filter(pk=retry.pk).update(run_after=failed.enqueued_at)
    assert run_queued_tasks() == 1
    (sent,) = mail.outbox
    assert sent.to == [coach.email]
    path = RESET_LINK.search(sent.body).group(1)
    form = client.get(path, follow=True)
    assert "Kies een nieuw wachtwoord" in form.content.decode()


def test_password_reset_of_an_unknown_address_queues_nothing(client, settings):
    use_task_queue(settings)
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "niemand@x.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert queued_tasks(RESET_TASK) == []
