"""Life-domain scores the coach shared with the family (issue 14): the coach shares or
stops sharing a measurement; the portal shows only shared ones, never a note, and a young
person sees the family's and their own, not a brother's or sister's."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from spil.assessments import services
from spil.assessments.models import Measurement
from spil.core import access
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.portal.tests.factories import family_account
from spil.trajectories import services as trajectory_services

from .factories import measure

pytestmark = pytest.mark.django_db


def _share_url(world, measurement):
    return reverse("assessments:measurement_share", args=[world.family.uuid, measurement.uuid])


def test_the_coach_shares_and_stops_sharing_audited(client, world, leefgebieden):
    measurement = measure(world, leefgebieden, on=days_ago(3), values=[3, 4])
    client.force_login(world.coach)
    response = client.post(_share_url(world, measurement), {"shared": "delen"})
    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.shared_with_family_on == days_ago(0)
    page = client.get(reverse("assessments:overview", args=[world.family.uuid])).text
    assert "gedeeld op" in page and "Niet meer delen" in page
    client.post(_share_url(world, measurement), {"shared": "niet_delen"})
    measurement.refresh_from_db()
    assert measurement.shared_with_family_on is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="assessment.")
        .order_by("id")
        .values_list("action", "object_uuid")
    )
    assert actions == [
        ("assessment.shared_with_family", measurement.uuid),
        ("assessment.unshared_with_family", measurement.uuid),
    ]
    assert {a for a, _uuid in actions} <= known_labels()


def test_sharing_needs_the_whole_file_and_a_post(client, world, leefgebieden):
    measurement = measure(world, leefgebieden, on=days_ago(3), values=[3, 4])
    world.share_with(world.ggz, ["metingen"])
    client.force_login(world.ggz_worker)  # sees the measurements, may not change them
    assert client.post(_share_url(world, measurement), {"shared": "delen"}).status_code == 404
    client.force_login(world.coach)
    assert client.get(_share_url(world, measurement)).status_code == 405
    garbage = client.post(_share_url(world, measurement), {"shared": "ja graag"})
    assert garbage.status_code == 302
    measurement.refresh_from_db()
    assert measurement.shared_with_family_on is None
    with pytest.raises(Http404):
        services.measurement_share(
            access=family_access(world.ggz_worker, world.family),
            measurement=measurement,
            shared=True,
        )


def test_a_measurement_of_another_family_cannot_be_shared(world, leefgebieden):
    from spil.families.tests.factories import make_family

    other = make_family(world.coach, name="Bakker")
    trajectory_services.trajectory_open(
        actor=world.coach,
        family=other,
        kind="gezinscoach",
        coach=world.coach,
        started_on=days_ago(10),
    )
    measurement = measure(world, leefgebieden, on=days_ago(3), values=[3])
    with pytest.raises(ValidationError, match="hoort niet bij dit gezin"):
        services.measurement_share(
            access=family_access(world.coach, other), measurement=measurement, shared=True
        )
    measurement.refresh_from_db()
    assert measurement.shared_with_family_on is None


def _score_notes(measurement, note):
    for score in measurement.scores.all():
        score.note = note
        score.save()


def test_the_portal_shows_only_shared_scores_and_never_a_note(client, world, leefgebieden):
    shared = measure(world, leefgebieden, on=days_ago(5), values=[3, 4])
    unshared = measure(world, leefgebieden, on=days_ago(2), values=[1, 1])
    Measurement.objects.filter(pk=shared.pk).update(note="Notitie van de coach over de meting")
    Measurement.objects.filter(pk=unshared.pk).update(note="Nog een geheime notitie")
    _score_notes(shared, "Toelichting van de coach bij de score")
    services.measurement_share(
        access=family_access(world.coach, world.family), measurement=shared, shared=True
    )
    client.force_login(family_account(world.parent).user)
    page = client.get(reverse("portal:scores")).text
    assert f'meting-{shared.uuid}"' in page
    assert f"meting-{unshared.uuid}" not in page
    for secret in (
        "Notitie van de coach",
        "geheime notitie",
        "Toelichting van de coach bij de score",
    ):
        assert secret not in page


def test_a_young_person_sees_the_family_and_their_own_not_a_siblings(client, world, leefgebieden):
    noor = world.family.members.get(first_name="Noor")
    daan = world.family.members.get(first_name="Daan")
    coach = family_access(world.coach, world.family)
    family_wide = measure(world, leefgebieden, on=days_ago(6), values=[3])
    own = measure(world, leefgebieden, on=days_ago(5), values=[4], member=noor)
    siblings = measure(world, leefgebieden, on=days_ago(4), values=[2], member=daan)
    for measurement in (family_wide, own, siblings):
        services.measurement_share(access=coach, measurement=measurement, shared=True)
    young = access.member_access(family_account(noor).user, noor)
    client.force_login(young.user)
    page = client.get(reverse("portal:scores")).text
    assert f"meting-{family_wide.uuid}" in page
    assert f"meting-{own.uuid}" in page
    assert f"meting-{siblings.uuid}" not in page
    parent = family_account(world.parent).user
    client.force_login(parent)
    assert f"meting-{siblings.uuid}" in client.get(reverse("portal:scores")).text
