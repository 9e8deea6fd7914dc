"""The samenwerkingsmonitor in the demo (issue 15): one survey by policy1 with statements
from seed 004 (Zwolle 2009), sent to the demo's betrokken professionals and to a few
partners without an account. Six answered (so the results show), one declined, one link
still open. The grades average 6,7, as in the seed.

Made through the services, as the policy officer and the professionals would: the links'
e-mails stay in memory (never sent), and the demo answers with the tokens they carry.
Idempotent: a second seed finds the survey by its title and changes nothing."""

import re

from django.core import mail
from django.db import transaction

from spil.accounts.models import User
from spil.surveys import services
from spil.surveys.models import Invitation, Survey

TITLE = "Samenwerkingsmonitor Lindeveen 2026"
INTRO = (
    "Hoe loopt de samenwerking rond gezinnen met problemen op meerdere terreinen? "
    "De gemeente vraagt het aan iedereen die met deze gezinnen werkt. Het invullen duurt "
    "ongeveer vijf minuten."
)
# Seed 004, questions 6, 7, 10, 11 and 13 (13 turned into a statement).
STATEMENTS = [
    "Ik ben tevreden over de methodiek die in mijn instelling gebruikt wordt.",
    "Ik ben tevreden over de huidige uitvoering van deze methodiek.",
    "Ik vind de criteria voor het inzetten van een gezinscoach terecht.",
    "Ik vind dat er geen criteria nodig zijn voor het inzetten van casemanagement of een "
    "soortgelijke methodiek.",
    "De methodieken van de verschillende instellingen sluiten op elkaar aan.",
]
PROFESSIONALS = ["professional1", "professional2", "professional3", "professional4"]
EXTRA_ADDRESSES = [
    "jeugdarts@ggd-lindeveen.test",
    "wijkconsulent@thuisbasis.test",
    "intern-begeleider@regenboog.test",
    "klantmanager@sociale-dienst-lindeveen.test",
]
# Six answers (one row of choices per statement, 0 = weet ik niet) and their grades:
# (7 + 7 + 7 + 7 + 6 + 6) / 6 = 6,7.
ANSWERS = [
    ([4, 3, 4, 1, 3], 7),
    ([4, 3, 3, 1, 2], 7),
    ([3, 3, 3, 2, 2], 7),
    ([4, 4, 3, 1, 3], 7),
    ([3, 2, 3, 3, 2], 6),
    ([4, 3, 0, 1, 0], 6),
]
DECLINED = 1
_LINK = re.compile(r"/samenwerkingsmonitor/antwoord/([A-Za-z0-9_-]+)/")


@transaction.atomic
def build_surveys(users: dict[str, User]) -> Survey:
    policy = users["policy1"]
    existing = Survey.objects.filter(title=TITLE, created_by=policy).first()
    if existing is not None:
        return existing
    survey = services.survey_create(actor=policy, title=TITLE, intro=INTRO, statements=STATEMENTS)
    connection = mail.get_connection("django.core.mail.backends.locmem.EmailBackend")
    outbox = getattr(mail, "outbox", None)
    if outbox is None:
        mail.outbox = outbox = []
    before = len(outbox)
    services.invitations_send(
        survey=survey,
        actor=policy,
        recipients=[users[handle] for handle in PROFESSIONALS],
        emails=EXTRA_ADDRESSES,
        revision=survey.revision,
        mail_connection=connection,
    )
    tokens = [_LINK.search(message.body).group(1) for message in outbox[before:]]  # type: ignore[union-attr]
    del outbox[before:]  # the demo's links are not kept anywhere
    for token, (choices, grade) in zip(tokens, ANSWERS, strict=False):
        services.response_submit(
            token=token, answers={i: c for i, c in enumerate(choices, 1)}, grade=grade
        )
    for token in tokens[len(ANSWERS) : len(ANSWERS) + DECLINED]:
        services.invitation_decline(token=token)
    return survey


def summary() -> str:
    counts = {
        status: Invitation.objects.filter(survey__title=TITLE, status=status).count()
        for status in Invitation.Status
    }
    sent = sum(counts.values())
    return (
        f"Samenwerkingsmonitor: {sent} links verstuurd, "
        f"{counts[Invitation.Status.ANSWERED]} ingevuld, "
        f"{counts[Invitation.Status.DECLINED]} doet niet mee."
    )
