import pytest

from spil.directory.models import Programme

pytestmark = pytest.mark.django_db


def test_beheerder_manages_organisations_in_the_admin(client, administrator, organisation):
    client.force_login(administrator)
    assert client.get("/beheer/").status_code == 200
    listing = client.get("/beheer/accounts/organisation/")
    assert listing.status_code == 200
    assert organisation.name in listing.content.decode()
    assert client.get("/beheer/accounts/user/add/").status_code == 200


@pytest.mark.parametrize("fixture", ["coach", "coordinator", "policy_officer", "professional"])
def test_other_roles_do_not_find_the_admin(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/beheer/").status_code == 404
    assert client.get("/beheer/accounts/organisation/").status_code == 404


def test_the_audit_trail_is_read_only_in_the_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/beheer/core/auditevent/").status_code == 200
    assert client.get("/beheer/core/auditevent/add/").status_code == 403


def test_beheerder_configures_a_programme(client, administrator, organisation):
    client.force_login(administrator)
    response = client.post(
        "/beheer/directory/programme/add/",
        {
            "name": "VIG",
            "provider": organisation.pk,
            "frame": "drang",
            "is_active": "on",
            "duration": "vast",
            "duration_months": "6",
            "max_months": "12",
            "plan_due_weeks": "6",
            "first_plan_goal_limit": "3",
            "caseload_min": "5",
            "caseload_max": "8",
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(name="VIG").max_months == 12


def test_a_fixed_programme_without_months_is_refused_in_the_admin(
    client, administrator, organisation
):
    client.force_login(administrator)
    response = client.post(
        "/beheer/directory/programme/add/",
        {
            "name": "Half",
            "provider": organisation.pk,
            "frame": "vrijwillig",
            "duration": "vast",
            "plan_due_weeks": "6",
            "first_plan_goal_limit": "3",
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(name="Half").exists()


def test_a_beheerder_cannot_change_the_address_of_an_existing_account(client, administrator, coach):
    """Password and 2FA links go to the address: changing it would hand over the account."""
    client.force_login(administrator)
    page = client.get(f"/beheer/accounts/user/{coach.pk}/change/").content.decode()
    assert coach.email in page
    assert 'name="email"' not in page
    assert 'name="email"' in client.get("/beheer/accounts/user/add/").content.decode()


def test_family_accounts_are_not_in_the_directory(client, administrator):
    from spil.accounts.models import User

    family = User.objects.create_user(
        email="ouder@gezin.test", password=None, full_name="Ouder", is_family_account=True
    )
    client.force_login(administrator)
    assert "ouder@gezin.test" not in client.get("/beheer/accounts/user/").content.decode()
    response = client.get(f"/beheer/accounts/user/{family.pk}/change/")
    assert response.status_code in (302, 404)


def test_a_family_account_gets_no_role(administrator, organisation):
    from django.core.exceptions import ValidationError

    from spil.accounts import services
    from spil.accounts.models import User
    from spil.core.roles import Role

    family = User.objects.create_user(
        email="jongere@gezin.test", password=None, full_name="Jongere", is_family_account=True
    )
    with pytest.raises(ValidationError):
        services.membership_add(user=family, organisation=organisation, role=Role.COACH)
    with pytest.raises(ValidationError):
        services.membership_request(
            user=family, organisation=organisation, role=Role.COACH, actor=administrator
        )
    assert not family.memberships.exists()
