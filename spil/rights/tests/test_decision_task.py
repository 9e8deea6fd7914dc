"""The decision on a rights request leaves the request (issue 19, docs/adr/0031): the
coach's save enqueues the request's uuid only; the worker builds and sends the e-mail; a
stopped mail server neither slows nor breaks the save, and the task fails visibly and is
retried."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from spil.core.access import family_access
from spil.core.testing import (
    committed,
    fails_then_is_retried,
    queued_tasks,
    run_queued_tasks,
    stop_mail_server,
    task_arguments,
    use_task_queue,
)
from spil.portal.tests.factories import family_account
from spil.rights import services
from spil.rights.models import RightsRequest

pytestmark = pytest.mark.django_db

TASK = "spil.rights.tasks.send_rights_decision"
EMAIL = "karin@gezin.test"
ANSWER = "Uw geboortedatum is verbeterd."


def _decide(client, world):
    family_account(world.parent, email=EMAIL)
    item = services.request_record(
        access=family_access(world.coach, world.family),
        member=world.parent,
        kind="correctie",
        request="Mijn geboortedatum klopt niet.",
    )
    client.force_login(world.coach)
    url = reverse(
        "rights:request_decide", kwargs={"uuid": world.family.uuid, "request_uuid": item.uuid}
    )
    with committed():
        response = client.post(
            url, {"decision": "toekennen", "answer": ANSWER, "revision": item.revision}
        )
    item.refresh_from_db()
    return item, response


def test_the_decision_queues_the_request_uuid_only(client, settings, world):
    use_task_queue(settings)
    item, response = _decide(client, world)
    assert response.status_code == 302
    assert item.status == RightsRequest.Status.GRANTED
    assert item.notified == RightsRequest.Notified.EMAIL
    assert mail.outbox == []  # nothing sent inside the request
    (queued,) = queued_tasks(TASK)
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [], "kwargs": {"request": str(item.uuid)}}
    stored = task_arguments(queued)
    for secret in ("@", EMAIL, world.parent.first_name, world.parent.surname, ANSWER):
        assert secret not in stored

    assert run_queued_tasks() == 1
    (sent,) = mail.outbox
    assert sent.to == [EMAIL]
    assert sent.subject == "Uw verzoek over uw gegevens is toegekend"
    assert ANSWER in sent.body and world.parent.first_name not in sent.body
    assert "http://localhost:8000/mijn-gezin/" in sent.body  # the way to the portal


def test_no_address_any_more_sends_nothing(client, settings, world):
    use_task_queue(settings)
    _decide(client, world)
    get_user_model().objects.filter(email=EMAIL).update(is_active=False)  # account closed
    assert run_queued_tasks() == 1
    assert mail.outbox == []
    assert queued_tasks(TASK)[0].return_value is False


def test_with_the_mail_server_down_the_save_succeeds_and_the_task_is_retried(
    client, settings, world
):
    use_task_queue(settings)
    stop_mail_server(settings)
    item, response = _decide(client, world)
    assert response.status_code == 302
    assert item.status == RightsRequest.Status.GRANTED

    retry = fails_then_is_retried(settings, TASK, "request")
    assert retry.args_kwargs["kwargs"]["request"] == str(item.uuid)
    assert [m.to for m in mail.outbox] == [[EMAIL]]
