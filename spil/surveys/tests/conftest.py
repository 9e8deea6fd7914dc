import re

import pytest
from django.core import mail

from spil.accounts import services as account_services
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core.roles import Role
from spil.core.testing import committed
from spil.surveys import services
from spil.surveys.models import Survey

LINK = re.compile(r"/samenwerkingsmonitor/antwoord/([A-Za-z0-9_-]+)/")
STATEMENTS = [
    "Ik ben tevreden over de methodiek die in mijn instelling gebruikt wordt.",
    "Ik ben tevreden over de huidige uitvoering van deze methodiek.",
    "Ik vind deze criteria terecht.",
]


def user_with(role: Role, organisation=None):
    user = UserFactory()
    account_services.membership_add(
        user=user, organisation=organisation or OrganisationFactory(), role=role
    )
    return user


@pytest.fixture
def policy(db):
    return user_with(Role.POLICY)


@pytest.fixture
def professionals(db):
    return [user_with(Role.PROFESSIONAL) for _ in range(6)]


def make_survey(policy, statements=None, title="Samenwerking 2026") -> Survey:
    return services.survey_create(
        actor=policy, title=title, intro="Vijf minuten.", statements=statements or STATEMENTS
    )


def send(survey, policy, recipients=(), emails=()) -> list[str]:
    """Send links; the tokens, read from the e-mails that went out."""
    before = len(mail.outbox)
    survey.refresh_from_db()
    with committed():  # the links leave with a task after the commit
        services.invitations_send(
            survey=survey,
            actor=policy,
            recipients=list(recipients),
            emails=list(emails),
            revision=survey.revision,
        )
    return [LINK.search(m.body).group(1) for m in mail.outbox[before:]]


def answer_all(tokens, choices, grades):
    """Each token answers every statement with its row of `choices` and its grade."""
    for token, row, grade in zip(tokens, choices, grades, strict=True):
        services.response_submit(
            token=token, answers={i + 1: c for i, c in enumerate(row)}, grade=grade
        )
