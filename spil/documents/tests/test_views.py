"""The pages: the list per family (by part, paginated, flat queries), the upload form
(multipart; a refusal in Dutch with nothing stored), the download (access checked, audited,
an attachment under a neutral name) and the coach's edit and delete."""

import pytest
from django.urls import reverse

from spil.core.models import AuditEvent
from spil.core.testing import committed
from spil.documents.models import Document

from . import factories as f

pytestmark = pytest.mark.django_db


def _url(name, world, document=None):
    kwargs = {"uuid": world.family.uuid}
    if document is not None:
        kwargs["document_uuid"] = document.uuid
    return reverse(f"documents:{name}", kwargs=kwargs)


def test_a_professional_without_the_part_sees_neither_the_document_nor_its_title(client, world):
    world.upload(title="Ondertekend gezinsplan", part="plan")
    secret = world.upload(title="Beschikking ondertoezichtstelling", part="veiligheid")
    client.force_login(world.ggz_worker)  # the GGZ may see the plan, not safety
    listing = client.get(_url("list", world)).content.decode()
    assert "Ondertekend gezinsplan" in listing
    assert "Beschikking ondertoezichtstelling" not in listing
    assert str(secret.uuid) not in listing
    overview = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert "Ondertekend gezinsplan" in overview.content.decode()
    assert "Beschikking ondertoezichtstelling" not in overview.content.decode()
    assert client.get(_url("download", world, secret)).status_code == 404
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_the_coach_sees_every_part_and_the_overview_links_the_list(client, world):
    world.upload(title="Ondertekend gezinsplan", part="plan")
    world.upload(title="Beschikking ondertoezichtstelling", part="veiligheid")
    client.force_login(world.coach)
    listing = client.get(_url("list", world)).content.decode()
    assert "Beschikking ondertoezichtstelling" in listing and "2 documenten" in listing
    overview = client.get(reverse("families:overview", kwargs={"uuid": world.family.uuid}))
    assert _url("list", world) in overview.content.decode()
    assert AuditEvent.objects.filter(action="document.list_viewed").count() == 1


def test_a_download_is_an_audited_attachment_with_a_neutral_name(client, world):
    content = f.pdf("Brief")
    document = world.upload(content, name="Brief gezin Vos.pdf", part="plan")
    client.force_login(world.ggz_worker)
    response = client.get(_url("download", world, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    day = document.created_at.astimezone().date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="document-{day}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "Vos" not in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="document.downloaded")
    assert event.object_uuid == document.uuid and event.actor == world.ggz_worker
    assert event.family_uuid == world.family.uuid


def test_upload_through_the_form(client, world):
    client.force_login(world.coach)
    page = client.get(_url("upload", world))
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        _url("upload", world),
        {
            "file": f.uploaded(f.docx(), "verslag.docx"),
            "title": "Verslag ronde tafel",
            "kind": "rapport",
            "part": "contacten",
            "member": str(world.daan.uuid),
            "trajectory": str(world.trajectory.uuid),
            "dated_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.part, document.member, document.trajectory) == (
        "contacten",
        world.daan,
        world.trajectory,
    )
    assert document.extension == "docx"
    assert f.stored_files() == [document.stored_name]


def test_an_exe_renamed_to_pdf_is_refused_in_dutch_and_nothing_is_stored(client, world):
    client.force_login(world.coach)
    response = client.post(
        _url("upload", world),
        {
            "file": f.uploaded(f.exe(), "brief.pdf"),
            "title": "Brief",
            "kind": "brief",
            "part": "plan",
        },
    )
    assert response.status_code == 200
    assert "Dit soort bestand kan niet in het dossier" in response.content.decode()
    assert f.stored_files() == []
    assert not Document.objects.exists()


def test_a_too_large_file_is_refused(client, world, settings):
    settings.SPIL_DOCUMENT_MAX_BYTES = 1000
    client.force_login(world.coach)
    response = client.post(
        _url("upload", world),
        {"file": f.uploaded(f.png() * 20), "title": "Foto", "kind": "overig", "part": "plan"},
    )
    assert "Het bestand is te groot" in response.content.decode()
    assert f.stored_files() == []


def test_an_upload_without_a_file_is_refused(client, world):
    client.force_login(world.coach)
    response = client.post(_url("upload", world), {"title": "Brief", "kind": "brief"})
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_the_coach_edits_and_a_stale_edit_keeps_the_input(client, world):
    document = world.upload(title="Brief", part="plan")
    client.force_login(world.coach)
    form = client.get(_url("edit", world, document)).content.decode()
    assert f'name="revision" value="{document.revision}"' in form
    data = {"title": "Brief van de rechter", "kind": "beschikking", "part": "veiligheid"}
    response = client.post(_url("edit", world, document), {**data, "revision": document.revision})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.part) == ("Brief van de rechter", "veiligheid")
    stale = client.post(
        _url("edit", world, document), {**data, "title": "Mijn titel", "revision": 1}
    )
    assert stale.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert "Mijn titel" in stale.content.decode()


def test_the_coach_deletes_with_a_confirmation(client, world):
    document = world.upload()
    client.force_login(world.coach)
    assert client.get(_url("delete", world, document)).status_code == 200
    with committed():
        response = client.post(_url("delete", world, document))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert f.stored_files() == []
    assert AuditEvent.objects.filter(action="document.deleted").count() == 1


def test_a_professional_may_not_write(client, world):
    document = world.upload(part="plan")
    client.force_login(world.ggz_worker)
    for name in ("upload", "edit", "delete"):
        target = _url(name, world, None if name == "upload" else document)
        assert client.get(target).status_code == 404
        assert client.post(target, {"title": "x"}).status_code == 404
    assert Document.objects.get().title == "Brief van de school"


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    client, world, django_assert_max_num_queries
):
    for n in range(3):
        world.upload(title=f"Brief {n}", member=world.daan if n else None)
    client.force_login(world.coach)
    url = _url("list", world)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(30):
        world.upload(title=f"Rapport {n}", part="veiligheid", member=world.parent)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "33 documenten" in page and "Pagina 1 van 2" in page
    second = client.get(url, {"pagina": "2"}).content.decode()
    assert "Brief 0" in second
    about_daan = client.get(url, {"gezinslid": str(world.daan.uuid)}).content.decode()
    assert "2 documenten" in about_daan
    assert client.get(url, {"gezinslid": "geen-uuid", "pagina": "x"}).status_code == 200
