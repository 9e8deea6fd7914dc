"""Dutch first, English second: the catalogue is complete and the switch works."""

import gettext
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _string(block: str, keyword: str) -> str | None:
    found = re.search(rf"^{re.escape(keyword)} ((?:\".*\"\n?)+)", block, re.M)
    if not found:
        return None
    joined = "".join(re.findall(r'"(.*)"', found.group(1)))
    return joined.encode().decode("unicode_escape").encode("latin-1").decode()


@dataclass(frozen=True)
class Entry:
    context: str | None
    msgid: str
    plural: str | None
    translations: tuple[str, ...]


def _entries(text: str) -> list[Entry]:
    entries = []
    for block in text.split("\n\n")[1:]:  # the first block is the header
        msgid = _string(block, "msgid")
        if msgid is None:
            continue
        plural = _string(block, "msgid_plural")
        if plural is None:
            translations: tuple[str, ...] = (_string(block, "msgstr") or "",)
        else:
            translations = tuple(_string(block, f"msgstr[{n}]") or "" for n in (0, 1))
        entries.append(Entry(_string(block, "msgctxt"), msgid, plural, translations))
    return entries


def test_every_english_entry_is_translated():
    entries = _entries(PO.read_text())
    assert len(entries) > 100
    assert [e.msgid for e in entries if not all(e.translations)] == []
    assert "#, fuzzy" not in PO.read_text().split("\n\n", 1)[1]


def test_compiled_catalogue_matches_its_source():
    """The committed .mo is what Django reads; it must hold every .po translation."""
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(PO.read_text()):
        if entry.plural is not None:
            assert compiled.ngettext(entry.msgid, entry.plural, 1) == entry.translations[0]
            assert compiled.ngettext(entry.msgid, entry.plural, 2) == entry.translations[1]
        elif entry.context is not None:
            assert compiled.pgettext(entry.context, entry.msgid) == entry.translations[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.translations[0], entry.msgid


@pytest.mark.django_db
def test_the_interface_is_dutch_by_default_and_english_on_request(client):
    assert "Inloggen bij Spil" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Inloggen bij Spil" not in page
    assert "Spil" in page


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client):
    page = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Inloggen bij Spil" in page.content.decode()


def test_django_s_own_dutch_wins_over_the_api_framework_s():
    """DRF's Dutch catalogue says "Dit veld is vereist."; the pages always said "verplicht"."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("nl"):
        assert gettext("This field is required.") == "Dit veld is verplicht."
        assert gettext("Value must be valid JSON.") == "Waarde moet geldige JSON zijn."
