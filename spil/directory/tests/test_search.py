"""Dutch-aware search: the same tests run on SQLite and on PostgreSQL (CI runs both)."""

import pytest

from spil.directory import search, selectors
from spil.directory.models import Intervention
from spil.directory.selectors import Filters

from .factories import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers():
    triple_p = Intervention.objects.create(name="Triple P", recognition="goede_aanwijzingen")
    return {
        "debts": make_offer(
            "Hulp bij schulden",
            kind="schuldhulp",
            description="Samen een overzicht maken van wat er binnenkomt en uitgaat.",
        ),
        "debt_help": make_offer(
            "Schuldhulpverlening Lindeveen", kind="schuldhulp", description="Een budgetplan."
        ),
        "restructuring": make_offer(
            "Traject Schuldsanering", kind="juridisch", description="Wettelijke regeling (Wsnp)."
        ),
        "parenting": make_offer(
            "Cursus positief opvoeden",
            kind="opvoedondersteuning",
            description="Zes avonden voor ouders van kinderen tot 12 jaar.",
            intervention=triple_p,
            age_from=0,
            age_to=12,
            waiting_weeks=2,
        ),
        "school": make_offer(
            "Schoolmaatschappelijk werk",
            kind="onderwijs",
            description="Voor leerlingen die vastlopen op school.",
            age_from=4,
            age_to=18,
            waiting_weeks=6,
        ),
        "housing": make_offer(
            "Woonbegeleiding",
            kind="wonen",
            description="Hulp bij het op orde houden van huis en huur.",
            voluntary=False,
            waiting_weeks=10,
            municipalities="Rivierdal, Lindeveen",
        ),
    }


def found(q: str, **filters) -> set[str]:
    return {o.name for o in selectors.offers(Filters(q=q, **filters))}


def test_a_word_finds_its_inflections_and_compounds(offers):
    assert found("schuld") == {
        "Hulp bij schulden",
        "Schuldhulpverlening Lindeveen",
        "Traject Schuldsanering",
    }


def test_an_inflected_word_finds_the_other_forms(offers):
    assert found("opvoeding") == {"Cursus positief opvoeden"}
    assert found("schulden") == found("schuld")


def test_case_does_not_matter(offers):
    assert found("SCHULDSANERING") == {"Traject Schuldsanering"}


def test_not_the_wrong_ones(offers):
    """ "school" is not "schuld"; "opvoeding" does not find the debts; a word in the middle
    of a compound does not match ("hulp" is not a prefix of "schuldhulpverlening")."""
    assert "Schoolmaatschappelijk werk" not in found("schuld")
    assert found("opvoeding").isdisjoint({"Hulp bij schulden", "Woonbegeleiding"})
    assert "Schuldhulpverlening Lindeveen" not in found("verlening")
    assert found("zwembad") == set()


def test_every_word_must_match_and_stop_words_are_left_out(offers):
    assert found("hulp schulden") == {"Hulp bij schulden"}
    assert found("hulp bij de schulden") == {"Hulp bij schulden"}
    # Only stop words: no search words, so everything (as an empty search).
    assert found("de het een") == found("")


def test_a_word_that_begins_a_stop_word_does_not_find_the_stop_word(offers):
    """PostgreSQL leaves stop words out of the offer's tsvector; SQLite's stored stems do
    too, so "één" (stemmed "een") or "ee" do not find every offer with "een" in its text
    on SQLite only."""
    assert found("één") == set()
    assert found("ee") == set()
    assert found("uitga") == {"Hulp bij schulden"}  # "… en uitgaat": the word itself is kept


def test_the_organisation_category_and_intervention_are_searched(offers):
    assert found("triple") == {"Cursus positief opvoeden"}
    assert found("wonen") == {"Woonbegeleiding"}  # its category
    assert "Hulp bij schulden" in found("welzijn testdorp")


def test_odd_input_finds_nothing_or_everything_but_never_breaks(offers):
    for q in ["'", '"', "&|!:*()", "schuld:* | x", "\\", "%", "_", "a" * 500, "ë"]:
        list(selectors.offers(Filters(q=q)))
    assert found("%") == found("")
    assert found("schuld & !opvoeden") == found("schuld opvoeden")


def test_the_best_match_comes_first_on_postgresql(offers):
    """Ranked on PostgreSQL (a word in the name weighs more than one in the text);
    on SQLite the order is by name. Both give the same offers."""
    make_offer("Budgetcursus", description="Leren omgaan met geld en schulden voorkomen.")
    names = [o.name for o in selectors.offers(Filters(q="schulden"))]
    if search.uses_postgres():
        assert names[-1] == "Budgetcursus"
    else:
        assert names == sorted(names)


def test_filters(offers):
    assert found("", ages=(8,)) >= {"Cursus positief opvoeden", "Schoolmaatschappelijk werk"}
    assert "Cursus positief opvoeden" not in found("", ages=(15,))
    # Fits someone in the family: 15 or 3.
    assert {"Cursus positief opvoeden", "Schoolmaatschappelijk werk"} <= found("", ages=(15, 3))
    assert found("", max_waiting_weeks=2) == {"Cursus positief opvoeden"}
    assert found("", voluntary=False) == {"Woonbegeleiding"}
    # No municipality named: the whole region; named: only there.
    assert "Woonbegeleiding" in found("", municipality="Lindeveen")
    assert "Woonbegeleiding" not in found("", municipality="Oosterwijk")
    assert "Hulp bij schulden" in found("", municipality="Oosterwijk")
    assert found("", category=offers["school"].category) == {"Schoolmaatschappelijk werk"}


def test_an_inactive_offer_is_not_found(offers):
    offers["debts"].is_active = False
    offers["debts"].save()
    assert "Hulp bij schulden" not in found("schuld")


def test_the_stems_are_those_of_postgresql():
    """The Python stemmer is the one PostgreSQL's `dutch` configuration uses."""
    assert search.stem("schulden") == "schuld"
    assert search.stem("opvoeding") == search.stem("opvoeden") == "opvoed"
    assert search.stems_of("Schuldsanering, schulden!") == " schuldsaner schuld "
    assert search.stems_of("Hulp bij een schuld van de buren") == " hulp schuld bur "


def test_postgresql_searches_with_a_gin_index():
    """The migration adds the GIN index on PostgreSQL only (SQLite has none to add)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if search.uses_postgres():
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_offer_search_gin'"
            )
            (definition,) = cursor.fetchone()
            assert "USING gin (search_vector)" in definition
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'directory_offer_search_gin'"
            )
            assert cursor.fetchone() == (0,)
