"""The policy is asked exactly once for a family page (issue 13): the access object it
makes is handed to every selector of the request."""

from unittest import mock

import pytest
from django.urls import reverse

from spil.core import access

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["families:overview", "families:timeline"])
@pytest.mark.parametrize("who", ["coach", "ggz_worker"])
def test_one_policy_evaluation_per_family_page(client, world, name, who):
    world.share_with(world.ggz, ["plan", "contacten", "metingen", "veiligheid"])
    client.force_login(getattr(world, who))
    url = reverse(name, kwargs={"uuid": world.family.uuid})
    with mock.patch.object(access, "family_access", wraps=access.family_access) as policy:
        response = client.get(url)
    assert response.status_code == 200
    assert policy.call_count == 1


def test_a_refused_family_page_asks_once_too(client, world):
    client.force_login(world.other_coach)
    url = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    with mock.patch.object(access, "family_access", wraps=access.family_access) as policy:
        assert client.get(url).status_code == 404
    assert policy.call_count == 1
