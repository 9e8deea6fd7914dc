"""Plain Dutch in the portal (issue 14, "Text and accessibility"; docs/adr/0012): every
portal page, rendered for a parent and for a young person with a realistic file, reads at
Flesch–Douma 60 or higher (about B1). Also every e-mail template of the portal.

The text measured is what a reader sees in the page's main part: the header, the menu and
the footer are left out, and so are scripts and styles. Every block (a heading, a
paragraph, a list item, a table cell, a label, a button) counts as its own sentence, as a
reader takes it in. `textstat` with `set_lang("nl")` computes Flesch–Douma:
206.835 − 0.93 × words per sentence − 77 × syllables per word."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from spil.contacts.models import Appointment
from spil.portal.models import Invitation

from . import realistic
from .factories import family_account
from .pages import PAGES

pytestmark = pytest.mark.django_db

THRESHOLD = 60  # Flesch–Douma; B1 is about 60–70 (ADR 0012)
# A table row reads as one unit, its cells joined by commas.
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "label",
    "legend", "button", "summary", "div", "section", "tr", "br", "option", "blockquote",
    "figcaption", "textarea",
}  # fmt: skip
CELLS = {"td", "th"}
# A table (a date, an organisation, a score) holds data, not sentences: left out.
TABLE_BODY = {"thead", "tbody", "tfoot"}
# textstat does not count a "sentence" of one or two words as a sentence, but does count
# its words: a heading, a name or a number in a list would lengthen the sentences around
# it. Such short blocks are left out; what is measured is the running text.
MIN_WORDS = 3
HIDDEN = {"script", "style", "template", "noscript", "head", "title"}


class _Reader(HTMLParser):
    """The visible text of `<main>`, one sentence per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.hidden = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _close_block(self) -> None:
        text = " ".join("".join(self.current).split()).strip(" ,")
        self.current = []
        if len(text.split()) >= MIN_WORDS:
            self.blocks.append(text if text[-1] in ".!?" else f"{text}.")

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        if tag in HIDDEN or tag in TABLE_BODY:
            self.hidden += 1
        if tag in BLOCKS:
            self._close_block()
        if tag in CELLS and self.current:
            self.current.append(", ")

    def handle_endtag(self, tag):
        if tag in HIDDEN or tag in TABLE_BODY:
            self.hidden = max(0, self.hidden - 1)
        if tag in BLOCKS:
            self._close_block()
        if tag == "main":
            self._close_block()
            self.in_main = max(0, self.in_main - 1)

    def handle_data(self, data):
        if self.in_main and not self.hidden:
            self.current.append(data)


def visible_text(page: str) -> str:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return " ".join(reader.blocks)


def douma(text: str) -> float:
    textstat.set_lang("nl")
    return textstat.flesch_reading_ease(text)


@pytest.fixture
def file(world):
    return realistic.build(world)


def test_the_metric_is_flesch_douma():
    """textstat's Dutch Flesch is Douma's formula; short words in short sentences score
    high, long words in long sentences low."""
    textstat.set_lang("nl")
    text = "Wij gaan naar huis. Het is laat. De kat slaapt al."
    words = textstat.lexicon_count(text)
    sentences = textstat.sentence_count(text)
    syllables = textstat.syllable_count(text)
    expected = 206.835 - 0.93 * words / sentences - 77 * syllables / words
    assert douma(text) == pytest.approx(expected, abs=0.01)
    hard = (
        "De gemeentelijke verantwoordelijkheidsverdeling betreffende jeugdhulpvoorzieningen "
        "veronderstelt interdisciplinaire afstemmingsprocedures tussen ketenpartners."
    )
    assert douma(hard) < THRESHOLD <= douma(text)


def test_the_visible_text_leaves_out_menu_scripts_and_hidden_fields():
    page = (
        "<html><head><title>Titel</title></head><body><nav>Menu</nav><main>"
        "<h1>Ons plan</h1><script>var x = 1;</script><input type='hidden' value='geheim'>"
        "<ul><li>Het eerste doel</li><li>Het tweede doel.</li><li>Kort</li></ul>"
        "<p>Een zin <a>met link</a>!</p><table><tbody><tr><td>Vandaag</td><td>De school</td>"
        "<td>bekeek het plan</td></tr></tbody></table><dl><dt>Als de coach er niet is</dt>"
        "<dd>Mehmet</dd></dl></main><footer>Voet</footer></body></html>"
    )
    assert visible_text(page) == (
        "Het eerste doel. Het tweede doel. Een zin met link! Als de coach er niet is."
    )


def _scores(client, file) -> dict[str, float]:
    scores = {}
    for who, member in (("ouder", file.parent), ("jongere", file.young)):
        client.force_login(family_account(member).user)
        for name in PAGES:
            response = client.get(reverse(name))
            if response.status_code != 200:
                continue  # a form that takes a POST only: nothing to read
            text = visible_text(response.content.decode())
            assert len(text.split()) >= 5, (who, name, text)
            scores[f"{who} {name}"] = douma(text)
    return scores


def test_every_portal_page_reads_at_b1(client, file):
    scores = _scores(client, file)
    assert len(scores) >= 2 * 8  # both audiences, at least the eight read pages
    low = {page: score for page, score in scores.items() if score < THRESHOLD}
    assert not low, f"Below Flesch–Douma {THRESHOLD}: {low}"


# --- E-mails ---------------------------------------------------------------------------
# The portal's e-mail texts (an invitation, a reminder), wherever they are kept among the
# portal's templates: every template whose path mentions mail, rendered with a context
# that offers what such a mail may use.

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
MAIL_TEMPLATES = sorted(
    str(path.relative_to(TEMPLATES))
    for path in TEMPLATES.rglob("*")
    if path.is_file() and "mail" in str(path.relative_to(TEMPLATES)).lower()
)


def _mail_context(file, *, young: bool) -> dict:
    member = file.young if young else file.parent
    appointment = Appointment.objects.filter(family=member.family).order_by("starts_at").first()
    invitation = Invitation.objects.create(
        member=member,
        email=f"uitnodiging.{member.pk}.{int(young)}@gezin.test",
        token_hash="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=7),
        created_by=file.world.coach,
    )
    link = "https://spil.example/mijn-gezin/uitnodiging/abc/"
    return {
        "member": member,
        "young": young,
        "family": member.family,
        "coach": file.world.coach,
        "invitation": invitation,
        "appointment": appointment,
        "token": "abc",
        "link": link,
        "url": link,
        "accept_url": link,
        "portal_url": "https://spil.example/mijn-gezin/",
        "expires_at": invitation.expires_at,
        "valid_days": 7,
        "days": 7,
    }


@pytest.mark.parametrize("young", [False, True], ids=["ouder", "jongere"])
def test_every_portal_mail_reads_at_b1(file, young):
    low = {}
    assert MAIL_TEMPLATES  # the invitation and the reminder are found
    context = _mail_context(file, young=young)
    for name in MAIL_TEMPLATES:
        text = render_to_string(name, context)
        if name.endswith(".html"):
            text = visible_text(f"<main>{text}</main>")
        else:  # plain text: a line is a sentence; a link is not words
            lines = [
                " ".join(w for w in line.split() if not w.startswith("http"))
                for line in text.splitlines()
            ]
            lines = [ln.rstrip(",:") for ln in lines if len(ln.split()) >= MIN_WORDS]
            text = " ".join(ln if ln[-1] in ".!?" else f"{ln}." for ln in lines)
        if "subject" in name or len(text.split()) < 5:
            continue  # a subject line is a heading, not prose: too short to measure
        score = douma(text)
        if score < THRESHOLD:
            low[name] = score
    assert not low, f"Below Flesch–Douma {THRESHOLD}: {low}"
