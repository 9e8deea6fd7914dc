"""The shared glossary on the spot (issue 16; docs/adr/0021-shared-glossary.md).

Wherever a word of the method stands in a heading or a label, the reader can open its
explanation right there: the word is marked and a `<details>` disclosure follows the heading
or label (a `<details>` may not sit inside an `<h1>` or a `<label>`, which hold phrasing
content only). Staff read the short definition, the longer explanation and the words partners
use for it; the family portal reads the short definition in plain Dutch only.

The terms are read with one query per request and kept on the request; each term is
explained once per page (its first occurrence). Without a request (a mail, a PDF) each call
reads the terms itself and explains every term it finds.

Everything from the database and from the template is escaped here: the text outside tags
is unescaped, matched and escaped again piece by piece, the tags are kept as they came.
"""

import html
import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_REQUEST_ATTR = "_spil_glossary"
_TAG = re.compile(r"(<[^>]*>)")
# A Dutch plural or genitive after the word: -en, -es, -s, -'s, or the last consonant doubled
# before -en (afstemgesprek → afstemgesprekken). Only whole words are matched.
_SUFFIXES = ("en", "es", "s", "'s", "’s")


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    short_definition: str
    explanation: str
    synonyms: tuple[str, ...]


@dataclass
class Glossary:
    entries: tuple[Entry, ...]
    pattern: re.Pattern[str] | None
    by_group: dict[int, Entry]

    def matches(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) of every term in the text, left to right."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            group = match.lastindex
            assert group is not None
            found.append((match.start(), match.end(), self.by_group[group]))
        return found


def _word_pattern(word: str) -> str:
    parts = [re.escape(part) for part in re.split(r"[\s,]+", word.strip()) if part]
    body = r"[\s,]+".join(parts)
    last = word.strip()[-1:]
    suffixes = [re.escape(s) for s in _SUFFIXES]
    if last.isalpha() and last.lower() not in "aeiouy":
        suffixes.append(re.escape(last) + "en")
    return f"{body}(?:{'|'.join(suffixes)})?"


def build(entries: list[Entry]) -> Glossary:
    """One regular expression with a group per word, the longest words first so that
    "één gezin, één plan, één regisseur" wins over a shorter word inside it."""
    words: dict[str, Entry] = {}
    for entry in entries:  # a term's own word wins over another term's synonym
        words.setdefault(entry.term.casefold(), entry)
    for entry in entries:
        for synonym in entry.synonyms:
            words.setdefault(synonym.casefold(), entry)
    ordered = sorted(words.items(), key=lambda item: -len(item[0]))
    if not ordered:
        return Glossary(entries=tuple(entries), pattern=None, by_group={})
    alternatives = "|".join(f"({_word_pattern(word)})" for word, _entry in ordered)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    by_group = {index: entry for index, (_word, entry) in enumerate(ordered, start=1)}
    return Glossary(entries=tuple(entries), pattern=pattern, by_group=by_group)


def load() -> Glossary:
    from .models import GlossaryTerm

    rows = GlossaryTerm.objects.filter(is_active=True).values_list(
        "slug", "term", "short_definition", "explanation", "synonyms"
    )
    return build(
        [
            Entry(
                slug=slug,
                term=term,
                short_definition=short,
                explanation=explanation,
                synonyms=tuple(s.strip() for s in synonyms.splitlines() if s.strip()),
            )
            for slug, term, short, explanation, synonyms in rows
        ]
    )


@dataclass
class _PageState:
    glossary: Glossary
    explained: set[str]
    counter: int = 0


def _state(request: Any) -> _PageState:
    """One query per request: the terms are kept on the request with what was explained."""
    if request is None:
        return _PageState(glossary=load(), explained=set())
    state = getattr(request, _REQUEST_ATTR, None)
    if state is None:
        state = _PageState(glossary=load(), explained=set())
        setattr(request, _REQUEST_ATTR, state)
    return state


def for_family(request: Any) -> bool:
    """The family portal reads the plain-Dutch short definition only."""
    if request is None:
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "portal":
        return True
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_family_account", False))


def explain(markup: str, *, request: Any = None, family: bool | None = None) -> SafeString:
    """Mark the first occurrence of each term in the text of `markup` (safe HTML, e.g. a
    rendered `<h1>…</h1>`) and put its explanation right after it."""
    state = _state(request)
    if family is None:
        family = for_family(request)
    if state.glossary.pattern is None:
        return mark_safe(markup)  # noqa: S308 — the caller's markup, already escaped
    out: list[str] = []
    disclosures: list[str] = []
    for piece in _TAG.split(str(markup)):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            continue
        text = html.unescape(piece)
        position = 0
        for start, end, entry in state.glossary.matches(text):
            if entry.slug in state.explained:
                continue
            state.explained.add(entry.slug)
            state.counter += 1
            word = text[start:end]
            out.append(escape(text[position:start]))
            out.append(format_html('<span class="term">{}</span>', word))
            disclosures.append(
                _disclosure(
                    entry, word, family=family, number=state.counter, link=_may_open_list(request)
                )
            )
            position = end
        out.append(escape(text[position:]))
    return mark_safe("".join(out) + "".join(disclosures))  # noqa: S308 — built escaped above


def _may_open_list(request: Any) -> bool:
    """The list of terms needs a login: a reader who is not logged in (a partner answering a
    survey by its link) gets no link that only leads to the login page."""
    user = getattr(request, "user", None)
    return user is None or bool(user.is_authenticated)


def _disclosure(entry: Entry, word: str, *, family: bool, number: int, link: bool = True) -> str:
    summary = _("Wat betekent ‘%(word)s’?") % {"word": word}
    if family:
        return format_html(
            '<details class="term-explain" id="uitleg-{}-{}"><summary>{}</summary>'
            "<p>{}</p></details>",
            entry.slug,
            number,
            summary,
            entry.short_definition,
        )
    parts: list[str] = []
    if word.casefold() != entry.term.casefold():
        parts.append(format_html("<p>{}</p>", _("Hier bedoeld: %(term)s.") % {"term": entry.term}))
    parts.append(format_html("<p>{}</p>", entry.short_definition))
    if entry.explanation:
        parts.append(linebreaks(entry.explanation, autoescape=True))
    if entry.synonyms:
        parts.append(
            format_html(
                "<p>{} {}</p>",
                _("Partners zeggen ook:"),
                format_html_join(", ", "{}", ((s,) for s in entry.synonyms)),
            )
        )
    if link:
        parts.append(
            format_html(
                '<p><a href="{}#{}">{}</a></p>',
                reverse("glossary:list"),
                entry.slug,
                _("Alle begrippen"),
            )
        )
    return format_html(
        '<details class="term-explain" id="uitleg-{}-{}"><summary>{}</summary>{}</details>',
        entry.slug,
        number,
        summary,
        mark_safe("".join(str(p) for p in parts)),  # noqa: S308 — each part escaped above
    )
