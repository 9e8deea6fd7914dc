import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from spil.accounts import services
from spil.accounts.tests.factories import OrganisationFactory
from spil.core import access
from spil.core.access import FAMILY_CONTENT, Capability
from spil.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_user_without_membership_may_do_nothing(user_without_role):
    assert access.capabilities(user_without_role) == frozenset()


def test_anonymous_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert access.capabilities(AnonymousUser()) == frozenset()


def test_policy_officer_gets_aggregates_only(policy_officer):
    assert access.capabilities(policy_officer) == {Capability.VIEW_AGGREGATES}


def test_administrator_manages_the_directory_but_no_family_content(administrator):
    granted = access.capabilities(administrator)
    assert Capability.MANAGE_DIRECTORY in granted
    assert not granted & FAMILY_CONTENT


def test_superuser_is_no_key_to_family_content(django_user_model):
    root = django_user_model.objects.create_superuser(email="root@voorbeeld.test", full_name="R")
    assert access.capabilities(root) == {Capability.MANAGE_DIRECTORY}


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("coach", Capability.COACH_FAMILIES),
        ("coordinator", Capability.RUN_MELDPUNT),
        ("team_lead", Capability.LEAD_TEAM),
        ("professional", Capability.WORK_WITH_FAMILIES),
    ],
)
def test_family_roles_get_their_own_capability(request, fixture, expected):
    assert access.can(request.getfixturevalue(fixture), expected)


def test_professional_cannot_run_the_meldpunt(professional):
    assert not access.can(professional, Capability.RUN_MELDPUNT)
    assert not access.can(professional, Capability.MANAGE_DIRECTORY)


def test_roles_of_several_memberships_add_up(policy_officer):
    services.membership_add(
        user=policy_officer, organisation=OrganisationFactory(), role=Role.COORDINATOR
    )
    assert access.can(policy_officer, Capability.RUN_MELDPUNT)


def test_an_inactive_user_loses_every_capability(coach):
    coach.is_active = False
    assert access.capabilities(coach) == frozenset()


def test_capability_required_answers_404(policy_officer, coordinator):
    @access.capability_required(Capability.RUN_MELDPUNT)
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = policy_officer
    with pytest.raises(Http404):
        view(request)
    request.user = coordinator
    assert view(request).status_code == 200


def test_every_capability_has_a_dutch_label():
    for capability in Capability:
        assert capability.label
