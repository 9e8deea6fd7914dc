"""Dutch-aware search over the sociale kaart (docs/adr/0020).

A word matches its inflections and the compounds that start with it: every word of the
query is stemmed and matched as a prefix of the stems of the offer's words ("schuld" finds
"schulden", "schuldhulpverlening", "Schuldsanering"; "opvoeding" finds "opvoeden"). All
words of the query must match. Dutch stop words ("de", "bij", …) are left out of a query.

- PostgreSQL: full-text search with the `dutch` configuration — `to_tsquery('dutch',
  'schuld:*')` against a stored, weighted tsvector with a GIN index — ranked.
- SQLite (the embedded default): the same stems, made here with the Snowball Dutch
  stemmer that PostgreSQL itself uses (`dutch_porter` in snowballstemmer 3; PostgreSQL 15
  calls it `dutch`), stored as text and matched with LIKE " stem%": the same offers.
"""

import re
from functools import lru_cache
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet, Value

# Letters and digits; anything else separates words (as PostgreSQL's parser does for the
# parts of "Eigen Kracht-conferentie" or "baby's").
WORD = re.compile(r"[^\W_]+")
# PostgreSQL's tsearch_data/dutch.stop (the Snowball list): left out of the query on both
# databases, as to_tsquery('dutch', …) leaves them out.
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    ]
)
MAX_QUERY_WORDS = 8
CONFIG = "dutch"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch_porter")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def stems_of(text: str) -> str:
    """The stored form on SQLite: every stem once, each preceded by a space. Stop words
    are left out, as PostgreSQL's `dutch` configuration leaves them out of the tsvector:
    else a query word that begins a stop word ("a" of "aan", "één" stemmed to "een") would
    find offers on SQLite that PostgreSQL does not."""
    seen = dict.fromkeys(stem(w) for w in words(text) if w not in STOP_WORDS)
    return "".join(f" {s}" for s in seen) + " " if seen else ""


def query_words(q: str) -> list[str]:
    """The words of a query that are searched for: no stop words, at most a few, each at
    most 50 characters (longer ones match nothing anyway)."""
    found = [w[:50] for w in words(q) if w not in STOP_WORDS]
    return list(dict.fromkeys(found))[:MAX_QUERY_WORDS]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def vector(*, a: str, b: str, c: str) -> Any:
    """The weighted tsvector of an offer: its name (A), category and intervention (B),
    description and organisation (C)."""
    return (
        SearchVector(Value(a), weight="A", config=CONFIG)
        + SearchVector(Value(b), weight="B", config=CONFIG)
        + SearchVector(Value(c), weight="C", config=CONFIG)
    )


def search(queryset: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Offers whose words match every word of `q`, best first; all of them for an empty
    query (or one of stop words only)."""
    terms = query_words(q)
    if not terms:
        return queryset.order_by("name", "pk")
    if uses_postgres():
        query = SearchQuery(" & ".join(f"{t}:*" for t in terms), search_type="raw", config=CONFIG)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "name", "pk")
        )
    for term in terms:
        queryset = queryset.filter(search_stems__contains=f" {stem(term)}")
    return queryset.order_by("name", "pk")
