"""Test data for documents: files of every kind (allowed and not), a world with a GGZ that
may see the plan, and a builder that uploads through the service."""

import io
import zipfile
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from spil.core.access import family_access
from spil.documents import samples, services
from spil.documents.storage import documents_storage
from spil.plans.tests.factories import PlanWorld


def pdf(text: str = "Brief van de school") -> bytes:
    return samples.pdf(text)


def png() -> bytes:
    return samples.png()


def jpeg() -> bytes:
    # The start of a JFIF file: what a JPEG is recognised by.
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def _zip(entries: list[tuple[str, bytes]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def docx(*, macros: bool = False) -> bytes:
    entries = [
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        ("word/document.xml", b"<w:document/>"),
    ]
    if macros:
        entries.append(("word/vbaProject.bin", b"\x00macro"))
    return _zip(entries)


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Maand", "Uitgaven"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
        ],
        stored_first=True,
    )


def plain_zip() -> bytes:
    return _zip([("brief.txt", b"Hallo")])


def fake_docx() -> bytes:
    """A zip whose first entry looks like Word's but holds no Word document."""
    return _zip([("word/readme.txt", b"niets"), ("notes.txt", b"x")])


def exe() -> bytes:
    """The start of a Windows program (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def uploaded(content: bytes, name: str = "brief.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files() -> list[str]:
    """Every file in the documents storage (a directory in these tests)."""
    storage = documents_storage()
    found: list[str] = []

    def walk(path: str) -> None:
        try:
            directories, files = storage.listdir(path)
        except FileNotFoundError:  # nothing was ever stored
            return
        found.extend(f"{path}/{f}".lstrip("/") for f in files)
        for directory in directories:
            walk(f"{path}/{directory}".lstrip("/"))

    walk("")
    return sorted(found)


class DocumentWorld(PlanWorld):
    """The plan world; the GGZ may see the plan (not safety)."""

    def __init__(self) -> None:
        super().__init__()
        self.consent = self.share_with(self.ggz, ["plan"])

    def upload(self, content: bytes | None = None, **kwargs: Any) -> Any:
        name = kwargs.pop("name", "brief.pdf")
        data: dict[str, Any] = {"title": "Brief van de school", "part": "plan", **kwargs}
        file = uploaded(pdf() if content is None else content, name)
        return services.document_upload(
            access=family_access(self.coach, self.family), file=file, size=file.size, **data
        )
