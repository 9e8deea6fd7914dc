"""The sociale kaart's pages: search with filters, from a family, interventions, export."""

import pytest
from django.urls import reverse
from django.utils import timezone

from spil.core.models import AuditEvent
from spil.directory.models import Intervention

from .factories import make_offer

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:search")


@pytest.fixture
def offers():
    mst = Intervention.objects.create(
        name="Multisysteemtherapie (MST)",
        recognition="sterke_aanwijzingen",
        description="Intensieve hulp thuis bij ernstig antisociaal gedrag.",
    )
    return [
        make_offer(
            "Hulp bij schulden", kind="schuldhulp", waiting_weeks=3, request="Bel het loket."
        ),
        make_offer("Peuterspeelgroep", kind="opvoedondersteuning", age_from=2, age_to=4),
        make_offer("MST-behandeling", kind="jeugdhulp", age_from=12, age_to=18, intervention=mst),
        make_offer("Ouderenbezoek", kind="welzijn", age_from=65),
    ]


def names(response):
    return [o.name for o in response.context["page"]]


def test_every_staff_role_searches(client, world, offers):
    for user in (world.coach, world.coordinator, world.teacher, world.policy, world.admin):
        client.force_login(user)
        response = client.get(SEARCH, {"q": "schulden"})
        assert response.status_code == 200
        assert names(response) == ["Hulp bij schulden"]
        body = response.content.decode()
        assert "Welzijn Testdorp" in body and "3 weken" in body and "Bel het loket." in body


def test_the_menu_shows_the_sociale_kaart(client, world):
    client.force_login(world.policy)
    assert SEARCH in client.get(reverse("accounts:start")).content.decode()


def test_filters_by_age_and_waiting_time(client, world, offers):
    client.force_login(world.coach)
    assert names(client.get(SEARCH, {"leeftijd": "3"})) == ["Hulp bij schulden", "Peuterspeelgroep"]
    assert names(client.get(SEARCH, {"wachttijd": "2"})) == []
    assert names(client.get(SEARCH, {"wachttijd": "3", "categorie": "schuldhulp"})) == [
        "Hulp bij schulden"
    ]


def test_bad_filters_get_a_dutch_message_never_a_500(client, world, offers):
    client.force_login(world.coach)
    for params in (
        {"leeftijd": "abc"},
        {"leeftijd": "-4"},
        {"leeftijd": "99999999999999999999"},
        {"wachttijd": "1e9"},
        {"categorie": "bestaat-niet"},
        {"gemeente": "Atlantis"},
        {"vrijwillig": "misschien"},
        {"q": "x" * 5000},
        {"pagina": "999"},
    ):
        response = client.get(SEARCH, params)
        assert response.status_code == 200, params
    response = client.get(SEARCH, {"leeftijd": "abc", "q": "schuld"})
    assert "leeftijd" in response.context["form"].errors
    assert 'class="errorlist"' in response.content.decode()
    assert names(response) == ["Hulp bij schulden"]  # the good filters still apply


def test_from_a_family_the_ages_are_offered_and_chosen(client, world, offers):
    client.force_login(world.coach)
    response = client.get(SEARCH, {"gezin": str(world.family.uuid)})
    assert response.status_code == 200
    today = timezone.localdate()
    ages = sorted({m.age_on(today) for m in world.family.members.all()})
    form = response.context["form"]
    assert [int(v) for v, _label in form.fields["leeftijd"].choices] == ages
    assert form.filters().ages == tuple(ages)
    body = response.content.decode()
    assert "Karin" not in body and "Daan" not in body  # ages, never names
    # Nobody is 65 or older: not the elderly visits.
    assert "Ouderenbezoek" not in names(response)
    event = AuditEvent.objects.get(action="directory.searched_for_family")
    assert event.family_uuid == world.family.uuid
    # The coach unticks every age: everything again.
    response = client.get(SEARCH, {"gezin": str(world.family.uuid), "zoek": "1"})
    assert "Ouderenbezoek" in names(response)


def test_a_family_the_user_may_not_see_is_a_404(client, world, offers):
    for user in (world.other_coach, world.policy, world.admin, world.teacher):
        client.force_login(user)
        assert client.get(SEARCH, {"gezin": str(world.family.uuid)}).status_code == 404
    assert client.get(SEARCH, {"gezin": "not-a-uuid"}).status_code == 404
    assert not AuditEvent.objects.filter(action="directory.searched_for_family").exists()


def test_the_results_page_does_not_grow_with_the_offers(
    client, world, offers, django_assert_max_num_queries
):
    client.force_login(world.coach)
    params = {"gezin": str(world.family.uuid), "q": "hulp"}
    client.get(SEARCH, params)
    with django_assert_max_num_queries(30) as few:
        client.get(SEARCH, params)
    for n in range(30):
        make_offer(f"Hulp nummer {n}", kind="welzijn", intervention=offers[2].intervention)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(SEARCH, params)
    assert len(names(response)) == 25  # a page


def test_an_intervention_lists_its_local_offers(client, world, offers):
    client.force_login(world.teacher)
    mst = Intervention.objects.get()
    response = client.get(reverse("directory:interventions"))
    assert "Multisysteemtherapie (MST)" in response.content.decode()
    response = client.get(reverse("directory:intervention", kwargs={"uuid": mst.uuid}))
    body = response.content.decode()
    assert "Effectief volgens sterke aanwijzingen" in body
    assert "MST-behandeling" in body and "Hulp bij schulden" not in body


def test_the_export_url(client, world, offers):
    client.force_login(world.policy)
    response = client.get(reverse("directory:export"))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("organisation;name;description;kind;")
    assert len(lines) == 5
