"""The portal invitation leaves the request (issue 19, docs/adr/0031): the coach's save
enqueues the invitation's uuid only; the worker makes the e-mail's link and sends it; a
stopped mail server neither slows nor breaks the save, and the task fails visibly and is
retried."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from spil.core.testing import (
    committed,
    fails_then_is_retried,
    queued_tasks,
    run_queued_tasks,
    stop_mail_server,
    task_arguments,
    use_task_queue,
)
from spil.portal.models import FamilyAccount, Invitation

pytestmark = pytest.mark.django_db

TASK = "spil.portal.tasks.send_portal_invitation"
LINK = re.compile(r"http://localhost:8000(/mijn-gezin/welkom/([\w-]+)/)")
EMAIL = "karin@gezin.test"
PASSWORD = "zonnige-dinsdag-in-deventer"


def _invite(client, world):
    client.force_login(world.coach)
    page = reverse("portal_staff:invitations", kwargs={"uuid": world.family.uuid})
    with committed():
        return client.post(page, {"member": str(world.parent.uuid), "email": EMAIL})


def test_the_save_queues_the_invitation_uuid_only(client, settings, world):
    use_task_queue(settings)
    response = _invite(client, world)
    assert response.status_code == 200
    assert mail.outbox == []  # nothing sent inside the request
    invitation = Invitation.objects.get()
    (queued,) = queued_tasks(TASK)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [], "kwargs": {"invitation": str(invitation.uuid)}}
    stored = task_arguments(queued)
    shown = LINK.search(response.content.decode()).group(2)
    for secret in ("@", EMAIL, "Karin", world.parent.surname, shown):
        assert secret not in stored
    assert invitation.mail_token_hash is None  # no e-mail link before the worker runs

    assert run_queued_tasks() == 1
    (sent,) = mail.outbox
    assert sent.to == [EMAIL]
    path, token = LINK.search(sent.body).groups()
    assert token != shown and token not in task_arguments(queued)
    # The link in the e-mail works: the member sets a password and has an account.
    member = Client()
    assert member.get(path).status_code == 200
    done = member.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert FamilyAccount.objects.get(member=world.parent).user.email == EMAIL


def test_a_revoked_invitation_is_not_mailed(client, settings, world):
    use_task_queue(settings)
    _invite(client, world)
    Invitation.objects.update(revoked_at=Invitation.objects.get().created_at)
    assert run_queued_tasks() == 1
    assert mail.outbox == []
    assert queued_tasks(TASK)[0].return_value is False


def test_with_the_mail_server_down_the_save_succeeds_and_the_task_is_retried(
    client, settings, world
):
    use_task_queue(settings)
    stop_mail_server(settings)
    response = _invite(client, world)
    assert response.status_code == 200
    assert "De uitnodiging wordt verstuurd" in response.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.OPEN

    fails_then_is_retried(settings, TASK, "invitation")
    path, _ = LINK.search(mail.outbox[0].body).groups()
    assert Client().get(path).status_code == 200
