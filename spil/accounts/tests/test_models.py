import pytest
from django.core.exceptions import ValidationError

from spil.accounts import services
from spil.core.roles import Role

from .factories import OrganisationFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_a_team_of_another_organisation_is_refused(coach):
    other_team = TeamFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.membership_add(
            user=coach, organisation=OrganisationFactory(), role=Role.COACH, team=other_team
        )
    assert "team" in excinfo.value.message_dict


def test_a_user_can_hold_several_memberships(coach):
    team = TeamFactory()
    services.membership_add(
        user=coach, organisation=team.organisation, role=Role.TEAM_LEAD, team=team
    )
    assert coach.memberships.count() == 2


def test_the_same_membership_twice_is_refused(coach):
    existing = coach.memberships.get()
    with pytest.raises(ValidationError):
        services.membership_add(user=coach, organisation=existing.organisation, role=existing.role)


def test_e_mail_is_stored_in_lower_case(django_user_model):
    user = services.user_create(email="Jan.Jansen@Voorbeeld.TEST", full_name="Jan", password=None)
    assert user.email == "jan.jansen@voorbeeld.test"


def test_addresses_are_stored_normalised():
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from spil.accounts.models import User

    user = User.objects.create_user(email="  Nieuw.Persoon@Voorbeeld.TEST ", full_name="N P")
    assert user.email == "nieuw.persoon@voorbeeld.test"
    assert User.objects.get_by_natural_key(" NIEUW.persoon@voorbeeld.test") == user
    # A form that skips the manager still stores the normalised address.
    other = User(email="Ander@X.test", full_name="A")
    other.full_clean(exclude=["password"])
    assert other.email == "ander@x.test"
    # And the database refuses any other spelling.
    with pytest.raises(ValidationError):
        User(email="Hoofd@x.test", full_name="H", password="x").validate_constraints()
    with transaction.atomic(), pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(email="Nieuw.Persoon@voorbeeld.test")
