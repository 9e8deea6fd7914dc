"""The allow-list is decided on the content, never on the name (issue 18)."""

import io

import pytest

from spil.documents import inspection
from spil.documents.inspection import UploadRefused

from . import factories as f


@pytest.mark.parametrize(
    ("make", "content_type", "extension"),
    [
        (f.pdf, "application/pdf", "pdf"),
        (f.png, "image/png", "png"),
        (f.jpeg, "image/jpeg", "jpg"),
        (f.docx, inspection.DOCX, "docx"),
        (f.xlsx, inspection.XLSX, "xlsx"),
        (f.odt, inspection.ODT, "odt"),
    ],
)
def test_each_allowed_kind_is_recognised_by_its_content(make, content_type, extension):
    found = inspection.inspect(io.BytesIO(make()))
    assert (found.content_type, found.extension) == (content_type, extension)
    assert len(found.sha256) == 64


@pytest.mark.parametrize(
    "make",
    [f.plain_zip, f.exe, f.fake_docx, lambda: f.docx(macros=True), lambda: b"Gewoon tekst"],
    ids=["zip", "exe", "zip-posing-as-word", "word-with-macros", "text"],
)
def test_other_content_is_refused_in_dutch(make):
    with pytest.raises(UploadRefused) as refused:
        inspection.inspect(io.BytesIO(make()))
    assert refused.value.reason == "type"
    assert "kijkt naar de inhoud" in refused.value.messages[0]


def test_the_size_limit_is_a_setting(settings):
    settings.SPIL_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(UploadRefused) as refused:
        inspection.inspect(io.BytesIO(f.pdf()))
    assert refused.value.reason == "size"
    assert refused.value.messages[0].startswith("Het bestand is te groot: hoogstens 100")


def test_the_default_limit_is_20_mb():
    from django.conf import settings

    assert settings.SPIL_DOCUMENT_MAX_BYTES == 20 * 1024 * 1024


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused) as refused:
        inspection.inspect(io.BytesIO(b""))
    assert refused.value.reason == "empty"
