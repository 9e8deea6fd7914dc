"""In a real browser: the coach uploads a PDF through the page (a multipart form) and
downloads it again from the list, under a neutral name and with the same bytes; the pages
have no serious accessibility violations."""

from pathlib import Path

import pytest
from django.urls import reverse

from spil.accounts.tests.factories import PASSWORD
from spil.core.testing import serious_violations
from spil.documents.models import Document

from . import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_upload_a_pdf_and_download_it(live_server, browser_page, world, tmp_path):
    content = f.pdf("Verslag van de school")
    source = tmp_path / "Verslag gezin Vos.pdf"
    source.write_bytes(content)
    page, base = browser_page, live_server.url
    page.goto(f"{base}/inloggen/")
    page.get_by_label("E-mailadres").fill(world.coach.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")

    page.goto(base + reverse("documents:list", kwargs={"uuid": world.family.uuid}))
    assert serious_violations(page) == []
    page.get_by_role("link", name="Document toevoegen").click()
    page.wait_for_url("**/toevoegen/")
    assert serious_violations(page) == []
    page.get_by_label("Bestand").set_input_files(str(source))
    page.get_by_label("Titel").fill("Verslag van de school")
    page.get_by_label("Soort document").select_option("rapport")
    page.get_by_label("Onderdeel van het dossier").select_option("plan")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_url("**/documenten/")
    assert "Het document staat in het dossier." in page.locator("main").inner_text()

    document = Document.objects.get()
    with page.expect_download() as info:
        page.get_by_role("link", name="Verslag van de school", exact=True).click()
    download = info.value
    assert download.suggested_filename.startswith("document-")
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == content
    assert f.stored_files() == [document.stored_name]
