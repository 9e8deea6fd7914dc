"""The meldpunt's import of earlier referrals: all rows checked first, all or nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from spil.accounts.models import Organisation
from spil.accounts.tests.factories import OrganisationFactory, UserFactory
from spil.core import audit
from spil.core.models import AuditEvent
from spil.intake import importing
from spil.intake.importing import (
    EXTERNAL_ID_MAX_LENGTH,
    ImportRefused,
    import_referrals,
    import_referrals_csv,
    import_referrals_file,
)
from spil.intake.models import Outcome, Referral

pytestmark = pytest.mark.django_db

HEADER = "referral_id;received_on;referrer_organisation_kind;decided_on;outcome"
GOOD = [
    "A-1;2005-01-10;jeugdhulp;2005-01-20;returned_with_advice",
    "A-2;2005-01-11;politie;2005-02-15;family_coach",
    "A-3;2005-01-12;welzijn;;",
]


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def meldpunt():
    return OrganisationFactory(kind="meldpunt")


def _csv(tmp_path, lines, *, name="meldingen.csv", bom=False):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _refused(path, meldpunt):
    with pytest.raises(ImportRefused) as refused:
        import_referrals_file(path=path, meldpunt=meldpunt, actor=None)
    return refused.value.errors


# --- What a clean file stores -----------------------------------------------------------


def test_a_clean_file_stores_every_referral_with_status_from_its_outcome(tmp_path, meldpunt):
    actor = UserFactory()
    result = import_referrals_file(
        path=_csv(tmp_path, [HEADER, *GOOD]), meldpunt=meldpunt, actor=actor
    )
    assert result.count == 3
    stored = {r.external_id: r for r in Referral.objects.all()}
    assert set(stored) == {"A-1", "A-2", "A-3"}
    advice, coach, open_ = stored["A-1"], stored["A-2"], stored["A-3"]
    assert (advice.status, advice.outcome) == (Referral.Status.RETURNED, "returned_with_advice")
    assert (coach.status, coach.outcome) == (Referral.Status.DECIDED, "family_coach")
    assert (open_.status, open_.outcome, open_.decided_on) == (Referral.Status.RECEIVED, "", None)
    assert str(coach.received_on) == "2005-01-11"
    assert str(coach.decided_on) == "2005-02-15"
    assert coach.referrer_organisation_kind == "politie"
    assert {r.meldpunt for r in stored.values()} == {meldpunt}
    assert {r.entered_by for r in stored.values()} == {actor}


def test_every_outcome_but_returned_with_advice_is_decided(tmp_path, meldpunt):
    lines = [HEADER] + [
        f"B-{i};2005-01-10;jeugdhulp;2005-02-01;{outcome}" for i, outcome in enumerate(Outcome)
    ]
    import_referrals_file(path=_csv(tmp_path, lines), meldpunt=meldpunt, actor=None)
    statuses = dict(Referral.objects.values_list("outcome", "status"))
    assert statuses == {
        outcome.value: (
            Referral.Status.RETURNED
            if outcome == Outcome.RETURNED_WITH_ADVICE
            else Referral.Status.DECIDED
        )
        for outcome in Outcome
    }


def test_one_audit_event_per_referral_without_personal_data(tmp_path, meldpunt):
    actor = UserFactory()
    import_referrals_file(path=_csv(tmp_path, [HEADER, *GOOD]), meldpunt=meldpunt, actor=actor)
    events = list(AuditEvent.objects.filter(action="referral.imported"))
    assert len(events) == 3
    assert {e.object_uuid for e in events} == set(Referral.objects.values_list("uuid", flat=True))
    assert {e.object_type for e in events} == {"intake.referral"}
    assert {e.organisation_id for e in events} == {meldpunt.id}
    assert {e.actor_id for e in events} == {actor.id}
    assert [e.detail for e in events] == [{"source": "csv"}] * 3
    assert list(audit.verify_chain()) == []


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("bom", [False, True])
def test_semicolon_comma_and_byte_order_mark_all_work(tmp_path, meldpunt, delimiter, bom):
    lines = [line.replace(";", delimiter) for line in [HEADER, *GOOD]]
    import_referrals_file(path=_csv(tmp_path, lines, bom=bom), meldpunt=meldpunt, actor=None)
    assert sorted(Referral.objects.values_list("external_id", flat=True)) == ["A-1", "A-2", "A-3"]


def test_headers_are_trimmed_and_case_insensitive_extra_columns_and_blank_lines_ignored(
    tmp_path, meldpunt
):
    lines = [
        " Outcome ;Notitie;REFERRAL_ID; Received_On;decided_on;Referrer_Organisation_Kind",
        "family_coach;mag niet mee;C-1;2005-03-01;2005-04-01;onderwijs",
        ";;;;;",
        ";genegeerd;C-2;2005-03-02;;huisarts",
    ]
    import_referrals_file(path=_csv(tmp_path, lines), meldpunt=meldpunt, actor=None)
    assert sorted(Referral.objects.values_list("external_id", "outcome")) == [
        ("C-1", "family_coach"),
        ("C-2", ""),
    ]


def test_dutch_day_month_year_dates_are_accepted(tmp_path, meldpunt):
    lines = [HEADER, "D-1;05-02-2005;ggz;28-02-2005;extra_help"]
    import_referrals_file(path=_csv(tmp_path, lines), meldpunt=meldpunt, actor=None)
    referral = Referral.objects.get()
    assert (str(referral.received_on), str(referral.decided_on)) == ("2005-02-05", "2005-02-28")


def test_rows_already_read_can_be_imported_and_are_numbered_from_line_two(meldpunt):
    rows = [
        {"referral_id": "E-1", "received_on": "2005-01-01", "referrer_organisation_kind": "anders",
         "decided_on": "", "outcome": ""},
        {"referral_id": "E-2", "received_on": "2005-02-30", "referrer_organisation_kind": "anders",
         "decided_on": "", "outcome": ""},
    ]  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        import_referrals(rows=rows, meldpunt=meldpunt, actor=None)
    assert refused.value.errors == ["Regel 3: 'received_on' is geen geldige datum: '2005-02-30'."]
    import_referrals(rows=rows[:1], meldpunt=meldpunt, actor=None)
    assert Referral.objects.get().external_id == "E-1"


def test_the_same_kenmerk_at_another_meldpunt_is_no_duplicate(tmp_path, meldpunt):
    other = OrganisationFactory(kind="meldpunt")
    path = _csv(tmp_path, [HEADER, *GOOD])
    import_referrals_file(path=path, meldpunt=other, actor=None)
    import_referrals_file(path=path, meldpunt=meldpunt, actor=None)
    assert Referral.objects.filter(meldpunt=meldpunt).count() == 3
    assert Referral.objects.filter(meldpunt=other).count() == 3


# --- What a bad file is refused with ----------------------------------------------------

BAD_FILES = {
    "wrong date": (
        [HEADER, *GOOD, "X-4;2005-13-01;jeugdhulp;;"],
        "Regel 5: 'received_on' is geen geldige datum: '2005-13-01'.",
    ),
    "unknown outcome": (
        [
            HEADER,
            *GOOD,
            "X-4;2005-01-01;jeugdhulp;;",
            "X-5;2005-01-02;jeugdhulp;;",
            "X-6;2005-01-03;jeugdhulp;2005-01-09;coach",
        ],
        "Regel 7: onbekende uitkomst 'coach'. Kies uit: returned_with_advice, "
        "returned_after_assessment, extra_help, care_coordination, family_coach, "
        "child_protection.",
    ),
    "missing column": (
        ["referral_id;received_on;decided_on;outcome", "X-1;2005-01-01;;"],
        "Regel 1: de kolom 'referrer_organisation_kind' ontbreekt.",
    ),
    "decided before received": (
        [HEADER, "X-1;2005-03-10;jeugdhulp;2005-03-01;family_coach"],
        "Regel 2: 'decided_on' (2005-03-01) ligt vóór 'received_on' (2005-03-10).",
    ),
    "duplicate id": (
        [HEADER, *GOOD, "A-2;2005-01-13;jeugdhulp;;"],
        "Regel 5: referral_id 'A-2' staat ook al op regel 3.",
    ),
    "unknown referrer kind": (
        [HEADER, "X-1;2005-03-10;school;;"],
        "Regel 2: onbekende soort organisatie 'school'. Kies uit: gemeente, meldpunt,",
    ),
    "decided_on without outcome": (
        [HEADER, "X-1;2005-03-10;jeugdhulp;2005-03-20;"],
        "Regel 2: 'decided_on' is ingevuld maar 'outcome' is leeg.",
    ),
    "outcome without decided_on": (
        [HEADER, "X-1;2005-03-10;jeugdhulp;;family_coach"],
        "Regel 2: uitkomst 'family_coach' zonder datum in 'decided_on'.",
    ),
    "empty referral_id": ([HEADER, ";2005-03-10;jeugdhulp;;"], "Regel 2: 'referral_id' is leeg."),
    "empty received_on": ([HEADER, "X-1;;jeugdhulp;;"], "Regel 2: 'received_on' is leeg."),
    "kenmerk too long": (
        [HEADER, f"{'X' * (EXTERNAL_ID_MAX_LENGTH + 1)};2005-03-10;jeugdhulp;;"],
        "Regel 2: 'referral_id' is langer dan 60 tekens.",
    ),
    "header only": ([HEADER], "Het bestand bevat geen meldingen."),
}


@pytest.mark.parametrize("lines, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_naming_the_line_and_stores_nothing(
    tmp_path, meldpunt, lines, message
):
    errors = _refused(_csv(tmp_path, lines), meldpunt)
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert Referral.objects.count() == 0
    assert not AuditEvent.objects.filter(action="referral.imported").exists()


def test_every_error_in_the_file_is_reported_in_line_order(tmp_path, meldpunt):
    lines = [
        HEADER,
        "F-1;2005-01-01;jeugdhulp;;",
        "F-2;2005-02-31;jeugdhulp;;",
        "F-1;2005-01-01;jeugdhulp;;",
        "F-4;2005-01-01;brandweer;2004-12-01;coach",
    ]
    assert _refused(_csv(tmp_path, lines), meldpunt) == [
        "Regel 3: 'received_on' is geen geldige datum: '2005-02-31'.",
        "Regel 4: referral_id 'F-1' staat ook al op regel 2.",
        "Regel 5: onbekende soort organisatie 'brandweer'. Kies uit: "
        + ", ".join(Organisation.Kind.values)
        + ".",
        "Regel 5: onbekende uitkomst 'coach'. Kies uit: " + ", ".join(Outcome.values) + ".",
        "Regel 5: 'decided_on' (2004-12-01) ligt vóór 'received_on' (2005-01-01).",
    ]
    assert Referral.objects.count() == 0


def test_every_missing_column_is_named(tmp_path, meldpunt):
    errors = _refused(_csv(tmp_path, ["referral_id;outcome", "X;"]), meldpunt)
    assert errors == [
        "Regel 1: de kolom 'received_on' ontbreekt.",
        "Regel 1: de kolom 'referrer_organisation_kind' ontbreekt.",
        "Regel 1: de kolom 'decided_on' ontbreekt.",
    ]


def test_importing_the_same_file_twice_is_refused_the_second_time(tmp_path, meldpunt):
    path = _csv(tmp_path, [HEADER, *GOOD])
    import_referrals_file(path=path, meldpunt=meldpunt, actor=None)
    errors = _refused(path, meldpunt)
    assert errors == [
        f"Regel {line}: referral_id '{kenmerk}' is al eerder geïmporteerd voor dit meldpunt."
        for line, kenmerk in [(2, "A-1"), (3, "A-2"), (4, "A-3")]
    ]
    assert Referral.objects.count() == 3
    assert AuditEvent.objects.filter(action="referral.imported").count() == 3


def test_a_file_that_is_not_utf8_is_refused_in_dutch(meldpunt):
    data = (HEADER + "\nG-1;2005-01-01;jeugdhulp;;\n").encode("utf-8") + "é".encode("cp1252")
    with pytest.raises(ImportRefused) as refused:
        import_referrals_csv(data=data, meldpunt=meldpunt, actor=None)
    assert "geen UTF-8" in refused.value.errors[0]
    assert Referral.objects.count() == 0


def test_an_empty_file_is_refused(meldpunt):
    with pytest.raises(ImportRefused) as refused:
        import_referrals_csv(data=b"", meldpunt=meldpunt, actor=None)
    assert refused.value.errors == ["Het bestand is leeg."]


def test_an_organisation_that_is_no_meldpunt_is_refused(tmp_path):
    school = OrganisationFactory(kind="onderwijs")
    assert _refused(_csv(tmp_path, [HEADER, *GOOD]), school) == [
        "De gekozen organisatie is geen meldpunt."
    ]
    assert Referral.objects.count() == 0


def test_a_failure_while_storing_rolls_back_every_referral(tmp_path, meldpunt, monkeypatch):
    calls = []

    def failing_record(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("schijf vol")
        return audit.record(**kwargs)

    monkeypatch.setattr(importing.audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        import_referrals_file(path=_csv(tmp_path, [HEADER, *GOOD]), meldpunt=meldpunt, actor=None)
    assert Referral.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_length_limit_follows_the_model():
    assert Referral._meta.get_field("external_id").max_length == EXTERNAL_ID_MAX_LENGTH


# --- The management command ---------------------------------------------------------


def _command(*args):
    out, err = StringIO(), StringIO()
    call_command("import_referrals", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_into_the_only_meldpunt(tmp_path, meldpunt):
    OrganisationFactory(kind="jeugdhulp")
    out, _err = _command(_csv(tmp_path, [HEADER, *GOOD]))
    assert "3 meldingen geïmporteerd." in out
    assert Referral.objects.filter(meldpunt=meldpunt).count() == 3


def test_command_prints_every_error_and_stores_nothing(tmp_path, meldpunt):
    lines = [HEADER, "H-1;2005-13-01;jeugdhulp;;", "H-2;2005-01-01;jeugdhulp;;coach", "H-1;;x;;"]
    err = StringIO()
    with pytest.raises(CommandError, match=r"^Niets geïmporteerd: 5 fouten\.$"):
        call_command("import_referrals", str(_csv(tmp_path, lines)), stderr=err)
    assert err.getvalue().splitlines() == [
        "Regel 2: 'received_on' is geen geldige datum: '2005-13-01'.",
        "Regel 3: onbekende uitkomst 'coach'. Kies uit: " + ", ".join(Outcome.values) + ".",
        "Regel 4: 'received_on' is leeg.",
        "Regel 4: onbekende soort organisatie 'x'. Kies uit: "
        + ", ".join(Organisation.Kind.values)
        + ".",
        "Regel 4: referral_id 'H-1' staat ook al op regel 2.",
    ]
    assert Referral.objects.count() == 0


def test_command_with_one_error_says_one_fout(tmp_path, meldpunt):
    with pytest.raises(CommandError, match=r"^Niets geïmporteerd: 1 fout\.$"):
        _command(_csv(tmp_path, [HEADER, "I-1;2005-13-01;jeugdhulp;;"]))


def test_command_without_any_meldpunt_says_how_to_make_one(tmp_path):
    with pytest.raises(CommandError, match="create_meldpunt"):
        _command(_csv(tmp_path, [HEADER, *GOOD]))


def test_command_with_several_meldpunten_asks_which(tmp_path, meldpunt):
    OrganisationFactory(kind="meldpunt")
    with pytest.raises(CommandError, match=r"meerdere meldpunten.*--meldpunt"):
        _command(_csv(tmp_path, [HEADER, *GOOD]))
    assert Referral.objects.count() == 0


@pytest.mark.parametrize("by", ["name", "uuid", "name in other case"])
def test_command_takes_the_meldpunt_by_name_or_uuid(tmp_path, meldpunt, by):
    OrganisationFactory(kind="meldpunt")
    value = {
        "name": meldpunt.name,
        "uuid": str(meldpunt.uuid),
        "name in other case": meldpunt.name.upper(),
    }[by]
    _command(_csv(tmp_path, [HEADER, *GOOD]), "--meldpunt", value)
    assert set(Referral.objects.values_list("meldpunt", flat=True)) == {meldpunt.id}


def test_command_refuses_an_unknown_meldpunt_or_a_missing_file(tmp_path, meldpunt):
    with pytest.raises(CommandError, match=r"^Meldpunt 'Nergens' niet gevonden\.$"):
        _command(_csv(tmp_path, [HEADER, *GOOD]), "--meldpunt", "Nergens")
    with pytest.raises(CommandError, match="niet gevonden"):
        _command(tmp_path / "bestaat-niet.csv")
    assert Referral.objects.count() == 0
