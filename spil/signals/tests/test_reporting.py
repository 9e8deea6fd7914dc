"""The signals' section of the monitoring, figure by figure."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from spil.signals import services
from spil.signals.models import Signal
from spil.signals.reporting import section

from .factories import make_breakthrough, make_bundle, make_signal

AMS = ZoneInfo("Europe/Amsterdam")
FROM, TO = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _at(day, hour=12):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMS)


def _signals(author, n, category, day):
    made = [make_signal(author, category=category) for _ in range(n)]
    Signal.objects.filter(pk__in=[s.pk for s in made]).update(created_at=_at(day))
    return made


def _answer_bundle(world, bundle, status, reason, day):
    bundle.refresh_from_db()
    services.answer_bundle(
        actor=world.policy, bundle=bundle, status=status, reason=reason, revision=bundle.revision
    )
    bundle.signals.filter(first_answered_at__gte=_at(dt.date(2026, 12, 1))).update(
        first_answered_at=_at(day, 9)
    )


def _build(world):
    passed_on = dt.date(2026, 3, 2)
    rules = _signals(world.coach, 6, "regel", dt.date(2026, 2, 1))
    money = _signals(world.backup, 5, "geld", dt.date(2026, 2, 3))
    _signals(world.coach, 2, "wachtlijst", dt.date(2026, 6, 30))  # the last day counts
    _signals(world.coach, 3, "wet", dt.date(2025, 12, 31))  # before the period
    _signals(world.other_coach, 1, "anders", dt.date(2026, 4, 1))  # team B
    first = make_bundle(world.team_lead, rules, passed=True)
    second = make_bundle(world.team_lead, money, passed=True)
    first.__class__.objects.filter(pk__in=[first.pk, second.pk]).update(
        passed_at=_at(passed_on, 23)
    )
    # Rules: received three days after passing on (late evening counts as that day), then in
    # progress — the first answer stays. Money: solved after ten days.
    _answer_bundle(world, first, "ontvangen", "", dt.date(2026, 3, 5))
    _answer_bundle(world, first, "in_behandeling", "", dt.date(2026, 3, 20))
    _answer_bundle(
        world, second, "opgelost", "Eén maand afschriften is genoeg.", dt.date(2026, 3, 12)
    )
    make_breakthrough(world.coach, occurred_on=dt.date(2026, 3, 2))
    make_breakthrough(
        world.other_coach,
        title="Vaste contactpersoon bij de sociale dienst",
        for_whom="gemeente",
        occurred_on=dt.date(2026, 5, 20),
        description="Eén loket voor alle aanvragen.",
    )
    make_breakthrough(world.coach, occurred_on=dt.date(2026, 7, 1))  # after the period


def _table(found, key):
    table = next(t for t in found.tables if t.key == key)
    rows = {row.code: row.cells[0].text for row in table.rows}
    return rows, table.total.cells[0].text


def test_the_section_exactly(world):
    _build(world)
    with translation.override("nl"):
        found = section(date_from=FROM, date_to=TO)
    assert found.key == "signals"
    figures = {f.key: f.cell.text for f in found.figures}
    # 6 rules + 5 money + 2 waiting list + 1 other (team B); the 3 of 2025 not.
    assert figures["signals_total"] == "14"
    # 11 answered: 6 after 3 days, 5 after 10 days; the median is the 6th: 3.
    assert figures["answer_median_days"] == "3"
    assert next(f for f in found.figures if f.key == "answer_median_days").cell.value == 3.0
    rows, total = _table(found, "signals_by_category")
    # 2 and 1 hidden as small counts; two hidden rows cannot be worked back, so no more.
    assert rows == {
        "regel": "6",
        "wachtlijst": "<5",
        "geld": "5",
        "samenwerking": "0",
        "wet": "0",
        "anders": "<5",
    }
    assert total == "14"
    rows, total = _table(found, "signals_by_status")
    assert rows == {
        "geen_antwoord": "<5",  # 2 waiting list + 1 other
        "ontvangen": "0",
        "in_behandeling": "6",
        "opgelost": "×",  # the only hidden row: 14 − 6 − 5 would give the 3 away
        "niet_opgepakt": "0",
    }
    assert total == "14"
    assert found.notes == (
        "2 mrt 2026, voor het gezin: Huurachterstand bevroren tot de schuldhulp start. "
        "De woningcorporatie wacht met de ontruiming.",
        "20 mei 2026, voor de gemeente: Vaste contactpersoon bij de sociale dienst. "
        "Eén loket voor alle aanvragen.",
    )


def test_one_team_and_secondary_suppression(world):
    _build(world)
    with translation.override("nl"):
        found = section(date_from=FROM, date_to=TO, team=world.team_a)
    figures = {f.key: f.cell.text for f in found.figures}
    assert figures["signals_total"] == "13"
    rows, total = _table(found, "signals_by_category")
    # Only the waiting list is small now: the total would give it away, so the next
    # smallest shown row (money, 5) is hidden too.
    assert rows["wachtlijst"] == "<5" and rows["geld"] == "×" and rows["regel"] == "6"
    assert rows["anders"] == "0" and total == "13"
    rows, _total = _table(found, "signals_by_status")
    assert rows["geen_antwoord"] == "<5" and rows["opgelost"] == "×"
    assert rows["in_behandeling"] == "6"
    # Team B's breakthrough is not team A's.
    assert len(found.notes) == 1 and found.notes[0].startswith("2 mrt 2026, voor het gezin")
    with translation.override("nl"):
        other = section(date_from=FROM, date_to=TO, team=world.team_b)
    assert {f.key: f.cell.text for f in other.figures} == {
        "signals_total": "<5",
        "answer_median_days": "–",
    }


def test_a_median_over_few_signals_is_hidden(world):
    signals = _signals(world.coach, 2, "geld", dt.date(2026, 2, 1))
    bundle = make_bundle(world.team_lead, signals, passed=True)
    _answer_bundle(world, bundle, "ontvangen", "", dt.date(2026, 12, 31))
    found = section(date_from=FROM, date_to=TO)
    median = next(f for f in found.figures if f.key == "answer_median_days").cell
    assert median.text == "<5" and median.json_value == "<5"


def test_an_empty_period(world):
    found = section(date_from=FROM, date_to=TO)
    assert {f.key: f.cell.text for f in found.figures} == {
        "signals_total": "0",
        "answer_median_days": "–",
    }
    assert found.notes == ()
