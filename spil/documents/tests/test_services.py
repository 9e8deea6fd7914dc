"""Storing, changing, deleting and reading documents through the access object."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from spil.core.access import FamilyPart, family_access, member_access
from spil.core.models import AuditEvent
from spil.core.retention import RetentionCategory
from spil.core.testing import committed
from spil.core.versioning import StaleEdit
from spil.documents import selectors, services
from spil.documents.inspection import UploadRefused
from spil.documents.models import Document
from spil.documents.storage import documents_storage
from spil.families.tests.factories import FamilyFactory, MemberFactory
from spil.portal import services as portal_services

from . import factories as f

pytestmark = pytest.mark.django_db


def test_an_upload_is_stored_under_a_random_name_with_its_checksum(world):
    content = f.pdf("Beschikking")
    document = world.upload(content, name="Beschikking gezin Vos.pdf", kind="beschikking")
    assert f.stored_files() == [document.stored_name]
    assert "Vos" not in document.stored_name and "Beschikking" not in document.stored_name
    assert document.stored_name.endswith(".pdf") and len(document.stored_name) == 36
    with documents_storage().open(document.stored_name, "rb") as handle:
        assert handle.read() == content
    assert (document.content_type, document.size) == ("application/pdf", len(content))
    assert document.organisation == world.coaching and document.uploaded_by == world.coach
    event = AuditEvent.objects.get(action="document.uploaded")
    assert event.object_uuid == document.uuid and event.family_uuid == world.family.uuid
    assert event.detail == {"part": "plan", "kind": "beschikking", "type": "pdf"}


def test_the_type_comes_from_the_content_not_the_name(world):
    document = world.upload(f.png(), name="scan.pdf")
    assert (document.content_type, document.extension) == ("image/png", "png")
    assert document.stored_name.endswith(".png")


@pytest.mark.parametrize("content", [f.exe(), f.plain_zip()], ids=["exe", "zip"])
def test_a_refused_upload_stores_nothing(world, content):
    with pytest.raises(UploadRefused):
        world.upload(content, name="brief.pdf")
    assert f.stored_files() == []
    assert not Document.objects.exists()
    assert AuditEvent.objects.get(action="document.refused").detail == {"reason": "type"}


def test_a_professional_cannot_upload(world):
    file = f.uploaded(f.pdf())
    with pytest.raises(Http404):
        services.document_upload(
            access=family_access(world.ggz_worker, world.family),
            file=file,
            title="Brief",
            part="plan",
        )
    assert f.stored_files() == []


def test_a_member_of_another_family_is_refused(world):
    stranger = MemberFactory(family=FamilyFactory())
    with pytest.raises(ValidationError):
        world.upload(member=stranger)
    assert f.stored_files() == []


def test_the_model_declares_its_retention_category():
    assert Document.retention_category == RetentionCategory.DOSSIER


# --- Who sees what ------------------------------------------------------------------------


def test_documents_for_opens_only_the_parts_the_access_opens(world):
    plan_doc = world.upload(title="Ondertekend plan", part="plan", kind="ondertekend_plan")
    safety_doc = world.upload(title="Beschikking OTS", part="veiligheid", kind="beschikking")
    coach = family_access(world.coach, world.family)
    ggz = family_access(world.ggz_worker, world.family)
    school = family_access(world.teacher, world.family)
    assert set(selectors.documents_for(access=coach)) == {plan_doc, safety_doc}
    assert list(selectors.documents_for(access=ggz)) == [plan_doc]
    assert FamilyPart.SAFETY not in ggz.parts
    assert list(selectors.documents_for(access=school)) == []  # no consent: no parts
    with pytest.raises(Http404):
        selectors.document_in_family(access=ggz, uuid=safety_doc.uuid)
    with pytest.raises(Http404):
        services.document_open(access=ggz, document=safety_doc)


def test_a_young_person_sees_family_documents_and_their_own_only(world):
    noor = world.family.members.get(first_name="Noor")  # 15
    daan = world.daan
    about_noor = world.upload(title="Rapport school Noor", member=noor)
    about_daan = world.upload(title="Rapport school Daan", member=daan)
    family_wide = world.upload(title="Ondertekend plan")
    account = portal_services.account_create(
        member=noor, email="noor@gezin.test", password="lang-genoeg-wachtwoord-1", actor=world.coach
    )
    seen = set(selectors.documents_for(access=member_access(account.user, noor)))
    assert seen == {about_noor, family_wide}
    assert about_daan not in seen


# --- Changing and deleting ----------------------------------------------------------------


def test_moving_a_document_to_another_part_is_versioned_and_audited(world):
    document = world.upload(part="plan")
    coach = family_access(world.coach, world.family)
    seen = document.revision
    services.document_change(
        access=coach,
        document=document,
        revision=seen,
        title="Beschikking",
        part="veiligheid",
        kind="beschikking",
        dated_on=dt.date(2026, 11, 2),
    )
    assert list(selectors.documents_for(access=family_access(world.ggz_worker, world.family))) == []
    event = AuditEvent.objects.get(action="document.changed")
    assert event.detail == {"part": "veiligheid", "from_part": "plan", "kind": "beschikking"}
    stale = Document.objects.get(pk=document.pk)
    with pytest.raises(StaleEdit):
        services.document_change(
            access=coach, document=stale, revision=seen, title="Oud", part="plan", kind="brief"
        )
    assert Document.objects.get(pk=document.pk).title == "Beschikking"


def test_deleting_a_document_removes_its_file_once_committed(world):
    document = world.upload()
    kept = world.upload(title="Blijft")
    with committed():
        services.document_delete(access=family_access(world.coach, world.family), document=document)
        assert document.stored_name in f.stored_files()  # not before the commit
    assert f.stored_files() == [kept.stored_name]
    assert AuditEvent.objects.get(action="document.deleted").object_uuid == document.uuid


def test_a_family_destroyed_takes_its_documents_files_along(world):
    family = FamilyFactory()
    member = MemberFactory(family=family)
    kept = world.upload(title="Ander gezin")
    document = Document.objects.create(
        family=family,
        member=member,
        part="plan",
        title="Brief",
        stored_name=documents_storage().save("x.pdf", f.uploaded(f.pdf())),
        content_type="application/pdf",
        extension="pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=world.coach,
    )
    assert document.stored_name in f.stored_files()
    with committed():
        family.delete()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert f.stored_files() == [kept.stored_name]


def test_a_rolled_back_deletion_keeps_the_file(world):
    from django.db import transaction

    document = world.upload()
    pk = document.pk
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        document.delete()
        raise RuntimeError("rolled back")
    assert Document.objects.filter(pk=pk).exists()
    assert f.stored_files() == [document.stored_name]
