"""Issue 22 / ADR 0007: nobody gives themselves a role, and nobody grants one alone."""

import pytest
from django.urls import reverse

from spil.accounts import services
from spil.accounts.models import Membership, MembershipRequest
from spil.core import access
from spil.core.models import AuditEvent
from spil.core.roles import Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_administrator():
    return MembershipFactory(role=Role.ADMIN).user


def _user_page(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def _post_user_page(client, user, *, new_roles=(), delete=()):
    """The user page as the admin submits it: the user's fields, the roles in effect and
    any new role requests."""
    memberships = list(user.memberships.order_by("pk"))
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "membership_requests-TOTAL_FORMS": str(len(new_roles)),
        "membership_requests-INITIAL_FORMS": "0",
        "membership_requests-MIN_NUM_FORMS": "0",
        "membership_requests-MAX_NUM_FORMS": "1000",
    }
    for i, membership in enumerate(memberships):
        data[f"memberships-{i}-id"] = str(membership.pk)
        data[f"memberships-{i}-user"] = str(user.pk)
        if membership in delete:
            data[f"memberships-{i}-DELETE"] = "on"
    for i, (organisation, role) in enumerate(new_roles):
        data[f"membership_requests-{i}-organisation"] = str(organisation.pk)
        data[f"membership_requests-{i}-team"] = ""
        data[f"membership_requests-{i}-role"] = role
        # What a forged form could also send: the old inline's fields for a new role.
        data[f"memberships-{len(memberships) + i}-organisation"] = str(organisation.pk)
        data[f"memberships-{len(memberships) + i}-role"] = role
    return client.post(_user_page(user), data)


def test_a_beheerder_cannot_give_himself_a_role_in_the_admin(client, administrator):
    client.force_login(administrator)
    organisation = OrganisationFactory()
    response = _post_user_page(client, administrator, new_roles=[(organisation, Role.TEAM_LEAD)])
    assert response.status_code in (200, 302)
    assert not administrator.memberships.filter(role=Role.TEAM_LEAD).exists()
    assert not MembershipRequest.objects.filter(user=administrator).exists()
    fresh = type(administrator).objects.get(pk=administrator.pk)
    assert not access.can(fresh, access.Capability.LEAD_TEAM)
    # Nor take away his own roles.
    own = administrator.memberships.get()
    _post_user_page(client, administrator, delete=[own])
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_service_refuses_a_role_for_oneself(administrator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.membership_request(
            user=administrator,
            organisation=OrganisationFactory(),
            role=Role.COACH,
            actor=administrator,
        )
    with pytest.raises(ValidationError):
        services.membership_add(
            user=administrator,
            organisation=OrganisationFactory(),
            role=Role.COACH,
            actor=administrator,
        )


def test_a_role_needs_a_second_beheerder_and_every_step_is_audited(
    client, administrator, second_administrator
):
    colleague = UserFactory()
    organisation = OrganisationFactory()
    client.force_login(administrator)
    response = _post_user_page(client, colleague, new_roles=[(organisation, Role.TEAM_LEAD)])
    assert response.status_code == 302
    request = MembershipRequest.objects.get(user=colleague)
    assert request.status == MembershipRequest.Status.PENDING
    assert request.requested_by == administrator
    # Asked for, not in effect: the policy does not count it.
    assert not colleague.memberships.exists()
    assert not access.can(colleague, access.Capability.LEAD_TEAM)

    # The one who asked cannot approve it himself.
    changelist = reverse("admin:accounts_membershiprequest_changelist")
    page = client.post(
        changelist, {"action": "approve", "_selected_action": [request.pk]}, follow=True
    )
    assert "een andere beheerder moet hem goedkeuren" in page.content.decode()
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.PENDING

    # A second beheerder approves: now the role applies.
    client.force_login(second_administrator)
    client.post(changelist, {"action": "approve", "_selected_action": [request.pk]})
    request.refresh_from_db()
    assert request.status == MembershipRequest.Status.APPROVED
    assert request.decided_by == second_administrator
    membership = colleague.memberships.get()
    assert membership.role == Role.TEAM_LEAD
    assert access.can(type(colleague).objects.get(pk=colleague.pk), access.Capability.LEAD_TEAM)

    # Removing it is audited too.
    client.force_login(administrator)
    _post_user_page(client, colleague, delete=[membership])
    assert not colleague.memberships.exists()

    events = AuditEvent.objects.filter(action__startswith="membership.").order_by("id")
    assert [(e.action, e.actor_id) for e in events] == [
        ("membership.requested", administrator.pk),
        ("membership.added", second_administrator.pk),
        ("membership.approved", second_administrator.pk),
        ("membership.removed", administrator.pk),
    ]
    for event in events:
        assert event.detail == {"role": Role.TEAM_LEAD, "user": str(colleague.uuid)}
        assert event.organisation_id == organisation.pk


def test_the_person_who_gets_the_role_cannot_approve_it(administrator, second_administrator):
    from django.core.exceptions import ValidationError

    request = services.membership_request(
        user=second_administrator,
        organisation=OrganisationFactory(),
        role=Role.COACH,
        actor=administrator,
    )
    with pytest.raises(ValidationError):
        services.membership_request_approve(membership_request=request, actor=second_administrator)
    assert not second_administrator.memberships.filter(role=Role.COACH).exists()


def test_a_role_asked_for_twice_gets_a_form_error_not_a_crash(client, administrator):
    colleague = UserFactory()
    organisation = OrganisationFactory()
    client.force_login(administrator)
    _post_user_page(client, colleague, new_roles=[(organisation, Role.COACH)])
    again = _post_user_page(client, colleague, new_roles=[(organisation, Role.COACH)])
    assert again.status_code == 200
    assert "al aangevraagd" in again.content.decode()
    assert MembershipRequest.objects.filter(user=colleague).count() == 1


def test_the_user_page_and_the_requests_list_open(client, administrator):
    client.force_login(administrator)
    assert client.get(_user_page(UserFactory())).status_code == 200
    assert client.get(_user_page(administrator)).status_code == 200
    assert client.get(reverse("admin:accounts_membershiprequest_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
