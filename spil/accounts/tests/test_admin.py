import pytest

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
