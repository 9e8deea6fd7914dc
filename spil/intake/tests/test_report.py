"""The meldpunt's figures: outcomes, referrers and lead time over a period."""

import json
import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django import forms
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from spil.accounts.tests.factories import OrganisationFactory
from spil.intake.models import Outcome, Referral
from spil.intake.reporting import meldpunt_report

pytestmark = pytest.mark.django_db

LIMBURG = Path(__file__).resolve().parents[1] / "fixtures" / "limburg_2005.csv"
START = date(2005, 1, 1)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def meldpunt():
    return OrganisationFactory(kind="meldpunt")


def _referral(meldpunt, *, lead=None, outcome="family_coach", received=START, kind="jeugdhulp"):
    """A referral received on `received`; decided `lead` days later, or open without lead."""
    decided = received + timedelta(days=lead) if lead is not None else None
    return Referral(
        meldpunt=meldpunt,
        received_on=received,
        referrer_organisation_kind=kind,
        outcome=outcome if lead is not None else "",
        decided_on=decided,
    )


def _make(meldpunt, *leads, **kwargs):
    return Referral.objects.bulk_create(
        [_referral(meldpunt, lead=lead, **kwargs) for lead in leads]
    )


def _report(date_from=START, date_to=date(2005, 12, 31)):
    return meldpunt_report(referrals=Referral.objects.all(), date_from=date_from, date_to=date_to)


def _json_report(*args):
    out = StringIO()
    call_command("report_meldpunt", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _by_code(rows):
    return {row["code"]: row for row in rows}


# --- The Limburg figures of seed 001 H4 -----------------------------------------------


def test_the_limburg_fixture_gives_the_figures_of_the_seed(meldpunt):
    out = StringIO()
    call_command("import_referrals", str(LIMBURG), stdout=out)
    assert "88 meldingen geïmporteerd." in out.getvalue()

    data = _json_report("--from", "2004-05-01", "--to", "2005-04-30")

    assert data["period"] == {"from": "2004-05-01", "to": "2005-04-30"}
    assert data["total"] == 88
    outcomes = _by_code(data["by_outcome"])
    assert [row["code"] for row in data["by_outcome"]] == [*Outcome.values, "open"]
    assert {code: row["count"] for code, row in outcomes.items()} == {
        "returned_with_advice": 39,
        "returned_after_assessment": 22,
        "extra_help": 4,
        "care_coordination": 5,
        "family_coach": 17,
        "child_protection": 1,
        "open": 0,
    }
    assert round(outcomes["returned_with_advice"]["percentage"]) == 44
    assert round(outcomes["returned_after_assessment"]["percentage"]) == 25
    assert round(outcomes["family_coach"]["percentage"]) == 19
    assert outcomes["returned_with_advice"]["percentage"] == 44.3
    assert outcomes["returned_with_advice"]["label"] == "Teruggelegd met advies (weging)"

    kinds = _by_code(data["by_referrer_kind"])
    assert data["by_referrer_kind"][0]["code"] == "jeugdhulp"
    assert kinds["jeugdhulp"]["count"] == 32
    assert round(kinds["jeugdhulp"]["percentage"]) == 36
    assert kinds["jeugdhulp"]["label"] == "Jeugdhulp"
    assert [(row["code"], row["percentage"]) for row in data["by_referrer_kind"]] == [
        ("jeugdhulp", 36.4),
        ("welzijn", 18.2),
        ("onderwijs", 9.1),
        ("ggz", 6.8),
        ("jeugdgezondheidszorg", 6.8),
        ("politie", 6.8),
        ("huisarts", 5.7),
        ("thuiszorg", 5.7),
        ("anders", 4.5),
    ]
    assert sum(row["count"] for row in data["by_referrer_kind"]) == 88

    lead = data["lead_time_days"]
    assert lead["decided"] == 88
    assert 7 <= lead["median"] <= 56
    assert lead["max"] <= 56


def test_the_limburg_fixture_spreads_over_every_month_with_realistic_lead_times(meldpunt):
    call_command("import_referrals", str(LIMBURG), stdout=StringIO())
    referrals = list(Referral.objects.all())
    months = {(r.received_on.year, r.received_on.month) for r in referrals}
    assert len(months) == 12
    assert min(r.received_on for r in referrals) >= date(2004, 5, 1)
    assert max(r.received_on for r in referrals) <= date(2005, 4, 30)
    for referral in referrals:
        weeks = referral.lead_time_days() / 7
        if referral.outcome == Outcome.RETURNED_WITH_ADVICE:
            assert 1 <= weeks <= 3, referral.external_id
        else:
            assert 3 <= weeks <= 8, referral.external_id


# --- Counting --------------------------------------------------------------------------


def test_median_and_maximum_of_an_odd_number_of_lead_times(meldpunt):
    _make(meldpunt, 10, 2, 4)
    lead = _report().lead_time
    assert (lead.decided, lead.median, lead.max) == (3, 4, 10)


def test_median_of_an_even_number_is_the_mean_of_the_middle_two(meldpunt):
    _make(meldpunt, 2, 4, 10, 20)
    assert _report().lead_time.median == 7
    Referral.objects.filter(decided_on=START + timedelta(days=20)).delete()
    _make(meldpunt, 5)
    assert _report().lead_time.median == 4.5


def test_an_open_referral_counts_as_open_and_not_in_the_lead_time(meldpunt):
    _make(meldpunt, 3, 9)
    _make(meldpunt, None)
    report = _report()
    shares = {share.code: share for share in report.by_outcome}
    assert report.total == 3
    assert shares["open"].count == 1
    assert shares["open"].label == "Open (nog geen uitkomst)"
    assert shares["family_coach"].count == 2
    assert (report.lead_time.decided, report.lead_time.median, report.lead_time.max) == (
        2,
        6,
        9,
    )


def test_only_referrals_received_inside_the_period_count_both_ends_included(meldpunt):
    for received in [date(2004, 12, 31), START, date(2005, 1, 31), date(2005, 2, 1)]:
        _make(meldpunt, 1, received=received)
    assert _report(START, date(2005, 1, 31)).total == 2


def test_percentages_keep_one_decimal_and_display_rounds_half_up(meldpunt):
    _make(meldpunt, 1, outcome="extra_help")
    _make(meldpunt, *[1] * 7, outcome="family_coach")
    shares = {share.code: share for share in _report().by_outcome}
    assert (shares["extra_help"].percentage, shares["extra_help"].percent) == (12.5, 13)
    assert (shares["family_coach"].percentage, shares["family_coach"].percent) == (87.5, 88)
    assert (shares["child_protection"].percentage, shares["child_protection"].percent) == (0, 0)


def test_referrer_kinds_only_those_that_occur_by_count_then_label(meldpunt):
    _make(meldpunt, 1, 1, kind="politie")
    _make(meldpunt, 1, kind="welzijn")
    _make(meldpunt, 1, kind="huisarts")
    _make(meldpunt, 1, 1, 1, kind="onderwijs")
    report = _report()
    assert [(s.code, s.count) for s in report.by_referrer_kind] == [
        ("onderwijs", 3),
        ("politie", 2),
        ("huisarts", 1),
        ("welzijn", 1),
    ]
    assert [s.percent for s in report.by_referrer_kind] == [43, 29, 14, 14]


def test_an_empty_period_gives_zeros_and_no_lead_time(meldpunt):
    report = _report()
    assert report.total == 0
    assert all(share.count == 0 and share.percentage == 0 for share in report.by_outcome)
    assert report.by_referrer_kind == ()
    assert report.to_json_dict()["lead_time_days"] == {"decided": 0, "median": None, "max": None}


def test_the_json_structure_is_stable(meldpunt):
    _make(meldpunt, 4)
    data = _report(START, START).to_json_dict()
    assert list(data) == ["period", "total", "by_outcome", "by_referrer_kind", "lead_time_days"]
    assert data["period"] == {"from": "2005-01-01", "to": "2005-01-01"}
    assert data["by_referrer_kind"] == [
        {"code": "jeugdhulp", "label": "Jeugdhulp", "count": 1, "percentage": 100.0}
    ]
    assert data["lead_time_days"] == {"decided": 1, "median": 4, "max": 4}
    json.dumps(data)  # serialisable as it is


@pytest.mark.parametrize("size", [10, 100])
def test_the_query_count_does_not_grow_with_the_data(meldpunt, size, django_assert_max_num_queries):
    _make(meldpunt, *[i % 30 for i in range(size)])
    _make(meldpunt, *[None] * 5)
    with django_assert_max_num_queries(4):  # outcomes, kinds, median, longest
        report = _report()
    assert report.total == size + 5


# --- The command -----------------------------------------------------------------------


def test_the_command_reports_one_meldpunt_or_all(meldpunt):
    other = OrganisationFactory(kind="meldpunt")
    _make(meldpunt, 2, 4)
    _make(other, 30)
    assert _json_report("--from", "2005-01-01", "--to", "2005-01-31")["total"] == 3
    only = _json_report("--from", "2005-01-01", "--to", "2005-01-31", "--meldpunt", meldpunt.name)
    assert only["total"] == 2
    assert only["lead_time_days"] == {"decided": 2, "median": 3, "max": 4}
    by_uuid = _json_report(
        "--from", "01-01-2005", "--to", "31-01-2005", "--meldpunt", str(other.uuid)
    )
    assert by_uuid["total"] == 1


def test_the_json_is_written_without_escaping_dutch_characters(meldpunt):
    _make(meldpunt, 2, outcome="care_coordination")
    out = StringIO()
    call_command(
        "report_meldpunt",
        "--from",
        "2005-01-01",
        "--to",
        "2005-01-31",
        "--format",
        "json",
        stdout=out,
    )
    assert "Coördinatie van zorg (casemanager)" in out.getvalue()
    assert '\n  "total": 1,' in out.getvalue()


def test_the_text_format_is_a_readable_dutch_table(meldpunt):
    _make(meldpunt, 7, 8, outcome="returned_with_advice", kind="politie")
    _make(meldpunt, None, kind="huisarts")
    out = StringIO()
    call_command("report_meldpunt", "--from", "2005-01-01", "--to", "2005-01-31", stdout=out)
    text = out.getvalue()
    assert "Cijfers meldpunt: alle meldpunten" in text
    assert "Periode: 1 januari 2005 t/m 31 januari 2005" in text
    assert "Meldingen ontvangen: 3" in text
    lines = text.splitlines()
    advice = next(line for line in lines if line.startswith("Teruggelegd met advies (weging)"))
    assert advice.split()[-2:] == ["2", "67"]
    police = next(line for line in lines if line.startswith("Politie"))
    assert police.split()[-2:] == ["2", "67"]
    assert "mediaan: 7,5 dagen" in text
    assert "langste: 8 dagen" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2005-13-01", "--to", "2005-12-31"], "--from is geen geldige datum"),
        (["--from", "2005-01-01", "--to", "morgen"], "--to is geen geldige datum: 'morgen'"),
        (["--from", "2005-02-01", "--to", "2005-01-31"], "ligt na --to"),
        (["--to", "2005-01-31"], "Geef --from op"),
        (["--from", "2005-01-01", "--to", "2005-01-31", "--format", "xml"], "Onbekend formaat"),
        (["--from", "2005-01-01", "--to", "2005-01-31", "--meldpunt", "Nergens"], "niet gevonden"),
    ],
)
def test_the_command_refuses_bad_input_in_dutch(meldpunt, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("report_meldpunt", *args, stdout=StringIO())
    assert message in str(refused.value)


# --- The page --------------------------------------------------------------------------


class _PeriodForm(forms.Form):
    date_from = forms.DateField(label="Van")
    date_to = forms.DateField(label="Tot en met")


def _page(report, meldpunt_name, user):
    request = RequestFactory().get("/")
    request.user = user
    form = _PeriodForm(initial={"date_from": report.date_from, "date_to": report.date_to})
    context = {"report": report, "form": form, "meldpunt_name": meldpunt_name}
    return render_to_string("intake/report.html", context, request=request)


def test_the_page_shows_period_figures_and_lead_time(meldpunt, policy_officer):
    _make(meldpunt, 2, 4, 10)
    _make(meldpunt, 5, outcome="returned_with_advice", kind="welzijn")
    page = _page(_report(START, date(2005, 1, 31)), "", policy_officer)
    assert page.count("<h1") == 1
    assert "Alle meldpunten" in page
    assert "1 januari 2005 tot en met 31 januari 2005" in page
    assert '<dd data-figure="total">4</dd>' in page
    assert (
        '<tr data-code="family_coach"><th scope="row">Inzet gezinscoach</th>'
        "<td>3</td><td>75%</td></tr>"
    ) in page
    assert '<tr data-code="welzijn"><th scope="row">Welzijn</th><td>1</td><td>25%</td></tr>' in page
    assert page.count("<caption>") == 2
    assert '<dd data-figure="median">4,5 dagen</dd>' in page
    assert '<dd data-figure="max">10 dagen</dd>' in page
    assert 'name="date_from"' in page and 'name="date_to"' in page


def test_the_page_names_the_meldpunt_and_says_when_there_is_nothing(meldpunt, coordinator):
    page = _page(_report(), "Meldpunt Lindeveen", coordinator)
    assert "Meldpunt Lindeveen" in page
    assert "Geen meldingen ontvangen in deze periode." in page
    assert "<table" not in page


# --- The worklist's lead time ----------------------------------------------------------


def _facts(page):
    facts = page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    return re.sub(r"\s+", " ", facts)


def test_the_worklist_shows_the_lead_time_of_the_last_year_or_the_chosen_period(
    client, meldpunt, coordinator
):
    from django.urls import reverse
    from django.utils import timezone

    today = timezone.localdate()
    _make(meldpunt, 2, 4, 9, received=today - timedelta(days=20))
    _make(meldpunt, None, received=today - timedelta(days=5))  # open: no lead time yet
    _make(meldpunt, 100, received=today - timedelta(days=400))  # before the last year
    _make(OrganisationFactory(kind="meldpunt"), 1, received=today)  # another meldpunt's
    client.force_login(coordinator)
    url = reverse("intake:worklist")
    facts = _facts(client.get(url).content.decode())
    assert "Besloten meldingen</dt><dd>3</dd>" in facts
    assert "Mediaan</dt><dd>4 dagen</dd>" in facts and "Langste</dt><dd>9 dagen</dd>" in facts
    period = {"date_from": (today - timedelta(days=500)).isoformat(), "date_to": today.isoformat()}
    facts = _facts(client.get(url, period).content.decode())
    assert "Besloten meldingen</dt><dd>4</dd>" in facts
    assert "Mediaan</dt><dd>6,5 dagen</dd>" in facts and "Langste</dt><dd>100 dagen</dd>" in facts
    empty = {"date_from": "2001-01-01", "date_to": "2001-12-31"}
    facts = _facts(client.get(url, empty).content.decode())
    assert "Besloten meldingen</dt><dd>0</dd>" in facts and "Mediaan</dt><dd>—</dd>" in facts


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"date_from": "gisteren", "date_to": "2005-12-31"}, "Voer een geldige datum in."),
        ({"date_from": "2005-12-31", "date_to": "2005-01-01"}, "ligt voor het begin"),
        ({"date_from": "2005-02-30", "date_to": "9999-99-99"}, "Voer een geldige datum in."),
    ],
)
def test_a_bad_period_on_the_worklist_says_so_and_shows_no_lead_time(
    client, meldpunt, coordinator, period, message
):
    from django.urls import reverse

    _make(meldpunt, 3)
    client.force_login(coordinator)
    response = client.get(reverse("intake:worklist"), period)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<dl class="facts">' not in page
    assert message in page
