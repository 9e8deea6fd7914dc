"""Dutch first, English second: the catalogue is complete and the switch works."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[tuple[str, str]]:
    pairs = []
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))  # noqa: E731
            pairs.append((join(msgid), join(msgstr)))
    return pairs


def test_every_english_entry_is_translated():
    entries = [(i, s) for i, s in _entries(PO.read_text()) if i]
    assert len(entries) > 100
    assert [i for i, s in entries if not s] == []
    assert "#, fuzzy" not in PO.read_text().split("\n\n", 1)[1]


def test_compiled_catalogue_matches_its_source():
    """The committed .mo is what Django reads; it must hold every .po translation."""
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _entries(PO.read_text()):
        if msgid:
            unescaped = msgid.encode().decode("unicode_escape").encode("latin-1").decode()
            expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode()
            assert compiled.gettext(unescaped) == expected, msgid


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
