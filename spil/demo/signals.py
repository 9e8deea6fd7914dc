"""Demo signals and breakthroughs (issue 15 §3): coach1 and coach2 (Team Noord) each give
signals about rules that block families; teamleider1 bundles two of them and passes the
bundle to the municipality, where policy1 answers it; one signal waits, unbundled; two
breakthroughs are recorded, one for a family and one for the municipality.

Everything goes through the services (validated, name-checked, audited); afterwards the
moments are set back in time so the demo's figures show a real wait between passing on and
the answer. Idempotent: each record is looked up by its natural key (author and
regulation, the bundle's title, the breakthrough's title) and skipped when it is there.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.signals import services
from spil.signals.models import Breakthrough, Bundle, Signal

SIGNALS: list[dict[str, Any]] = [
    {
        "author": "coach1",
        "days_ago": 45,
        "regulation": "Bijzondere bijstand, Sociale Dienst Lindeveen",
        "category": "regel",
        "families_affected": 3,
        "problem": (
            "Voor bijzondere bijstand vraagt de sociale dienst drie maanden bankafschriften. "
            "Gezinnen met een bewindvoerder hebben die niet zelf; de aanvraag ligt weken stil."
        ),
        "example": (
            "Een moeder met drie kinderen kon de verhuiskosten niet voorschieten. Pas na zes "
            "weken waren de afschriften via de bewindvoerder binnen."
        ),
    },
    {
        "author": "coach2",
        "days_ago": 40,
        "regulation": "Bijzondere bijstand, Sociale Dienst Lindeveen",
        "category": "regel",
        "families_affected": 2,
        "problem": (
            "Een aanvraag wordt pas in behandeling genomen als alle stukken er zijn; een "
            "ontbrekend stuk van een andere instantie houdt alles tegen."
        ),
        "example": (
            "Een vader wachtte op een verklaring van de woningcorporatie; intussen liep de "
            "huurachterstand op."
        ),
    },
    {
        "author": "coach1",
        "days_ago": 12,
        "regulation": "GGZ De Linde, wachtlijst volwassenen",
        "category": "wachtlijst",
        "families_affected": 2,
        "problem": (
            "Ouders wachten negen maanden op behandeling. Zolang die er niet is, blijft de "
            "opvoeding thuis onder druk staan."
        ),
        "example": "Een moeder met een depressie staat sinds het voorjaar op de wachtlijst.",
    },
]

BUNDLE_TITLE = "Bewijslast bij de bijzondere bijstand"
BUNDLE_SUMMARY = (
    "Twee coaches zien dat aanvragen voor bijzondere bijstand weken stilliggen op stukken die "
    "gezinnen met een bewindvoerder niet zelf hebben. Het team vraagt de gemeente om een "
    "aanvraag te starten met wat er is en de rest na te vragen."
)
ANSWER_REASON = (
    "Vanaf 1 juni start de sociale dienst een aanvraag met één maand afschriften; de rest "
    "vraagt zij zelf op bij de bewindvoerder."
)

BREAKTHROUGHS: list[dict[str, Any]] = [
    {
        "author": "coach1",
        "days_ago": 30,
        "title": "Huurachterstand bevroren tot de schuldhulp start",
        "for_whom": "gezin",
        "description": (
            "De woningcorporatie zette de ontruiming stop nadat de coach, de schuldhulp en de "
            "corporatie samen één plan maakten."
        ),
    },
    {
        "author": "teamlead1",
        "days_ago": 8,
        "title": "Eén vaste contactpersoon bij de sociale dienst",
        "for_whom": "gemeente",
        "description": (
            "De sociale dienst heeft één contactpersoon voor de gezinscoaches: een vraag is "
            "binnen twee dagen beantwoord in plaats van binnen zes weken."
        ),
    },
]


def _moment(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def build_signals(users: dict[str, User]) -> None:
    made: list[Signal] = []
    for item in SIGNALS:
        author = users[item["author"]]
        found = Signal.objects.filter(author=author, regulation=item["regulation"]).first()
        if found is None:
            data = {k: v for k, v in item.items() if k not in ("author", "days_ago")}
            found = services.signal_create(actor=author, **data)
            Signal.objects.filter(pk=found.pk).update(created_at=_moment(item["days_ago"]))
        made.append(found)
    if not Bundle.objects.filter(title=BUNDLE_TITLE).exists():
        lead, policy = users["teamlead1"], users["policy1"]
        bundle = services.bundle_create(
            actor=lead, title=BUNDLE_TITLE, summary=BUNDLE_SUMMARY, signals=made[:2]
        )
        bundle = services.bundle_pass(actor=lead, bundle=bundle, revision=bundle.revision)
        services.answer_bundle(
            actor=policy, bundle=bundle, status="ontvangen", reason="", revision=bundle.revision
        )
        services.answer_bundle(
            actor=policy,
            bundle=bundle,
            status="opgelost",
            reason=ANSWER_REASON,
            revision=bundle.revision,
        )
        # Passed on 35 days ago, received 31 days ago, solved 20 days ago.
        Bundle.objects.filter(pk=bundle.pk).update(created_at=_moment(36), passed_at=_moment(35))
        answers = list(bundle.answers.order_by("id"))
        for answer, days in zip(answers, (31, 20), strict=True):
            type(answer).objects.filter(pk=answer.pk).update(created_at=_moment(days))
        bundle.signals.update(first_answered_at=_moment(31))
    for item in BREAKTHROUGHS:
        author = users[item["author"]]
        if Breakthrough.objects.filter(author=author, title=item["title"]).exists():
            continue
        data = {k: v for k, v in item.items() if k not in ("author", "days_ago")}
        services.breakthrough_create(actor=author, occurred_on=_on(item["days_ago"]), **data)


def _on(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def summary() -> str:
    passed = Bundle.objects.filter(passed_at__isnull=False).count()
    return (
        f"{Signal.objects.count()} signalen, {passed} bundel doorgegeven en beantwoord, "
        f"{Breakthrough.objects.count()} doorbraken."
    )
