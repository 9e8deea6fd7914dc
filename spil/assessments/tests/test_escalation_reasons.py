"""Issue 20 point 2: seed 004's sticking points as escalation reasons, the coordinator and
the municipality as targets, and the organisation concerned."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from spil.assessments import services
from spil.assessments.models import Escalation
from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago

pytestmark = pytest.mark.django_db


def _raise(world, **extra):
    fields = dict(
        access=family_access(world.coach, world.family),
        raised_on=days_ago(2),
        target="coordinator",
        reason="organisatie_levert_niet",
        arguments="De GGZ heeft de intake drie keer uitgesteld.",
    )
    return services.escalation_raise(**{**fields, **extra})


def test_an_organisation_not_delivering_is_named_and_audited_by_uuid(world):
    with pytest.raises(ValidationError) as refused:
        _raise(world)
    assert "organisatie" in refused.value.message_dict["organisation"][0]
    assert not Escalation.objects.exists()
    escalation = _raise(world, organisation=world.ggz)
    assert escalation.get_target_display() == "Coördinator van het meldpunt"
    assert escalation.get_reason_display() == "Een organisatie doet haar deel van het plan niet"
    event = AuditEvent.objects.get(action="escalation.raised")
    assert event.detail == {
        "target": "coordinator",
        "reason": "organisatie_levert_niet",
        "organisation": str(world.ggz.uuid),
    }


def test_the_database_refuses_not_delivering_without_an_organisation(world):
    escalation = _raise(world, organisation=world.ggz)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.filter(pk=escalation.pk).update(organisation=None)


@pytest.mark.parametrize(
    "reason",
    ["doorzettingsmacht", "tegengestelde_belangen", "team_niet_samen", "financiele_regels"],
)
def test_the_other_sticking_points_go_to_the_municipality_without_an_organisation(world, reason):
    escalation = _raise(world, target="gemeente", reason=reason)
    assert escalation.organisation is None
    assert escalation.get_target_display() == "Gemeente (doorzettingsmacht)"


def test_the_page_takes_the_organisation_by_uuid_and_shows_it(client, world):
    client.force_login(world.coach)
    url = reverse("assessments:escalation_new", kwargs={"uuid": world.family.uuid})
    page = client.get(url).content.decode()
    assert "Coördinator van het meldpunt" in page and "Financiële regels" in page
    data = {
        "raised_on": days_ago(0).isoformat(),
        "target": "coordinator",
        "reason": "organisatie_levert_niet",
        "arguments": "Geen intake.",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Noem de organisatie" in refused.content.decode()
    assert not Escalation.objects.exists()
    assert client.post(url, {**data, "organisation": str(world.ggz.uuid)}).status_code == 302
    assert Escalation.objects.get().organisation == world.ggz
    body = client.get(reverse("assessments:safety", kwargs={"uuid": world.family.uuid}))
    assert "Organisatie: GGZ" in body.content.decode()


def test_an_old_escalation_still_opens_and_moves_on(client, world):
    old = _raise(world, target="teamleider", reason="stagnatie")
    client.force_login(world.coach)
    url = reverse(
        "assessments:escalation_update",
        kwargs={"uuid": world.family.uuid, "escalation_uuid": old.uuid},
    )
    page = client.get(url)
    assert page.status_code == 200 and "De voortgang stagneert" in page.content.decode()
    services.escalation_update(actor=world.team_lead, escalation=old, status="in_behandeling")
