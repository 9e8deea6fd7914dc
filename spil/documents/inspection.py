"""What an upload must pass before a byte of it is stored (issue 18, docs/adr/0026):

1. the size limit (`SPIL_DOCUMENT_MAX_BYTES`, default 20 MB);
2. the allow-list, decided on the content and never on the file's name: `filetype` reads
   the first bytes (PDF, PNG, JPEG, DOCX, XLSX, ODT). DOCX, XLSX and ODT are zip archives:
   for those the archive itself is opened and must hold the parts of that kind of document
   (and no macros), so a plain zip, or an EXE renamed to .pdf, is refused;
3. the virus scan, when `CLAMD_SOCKET` is set: the bytes go to clamd over its unix socket
   (the INSTREAM command); "FOUND" refuses the upload, and so does a clamd that does not
   answer (fail closed).

Each refusal is an `UploadRefused` with a Dutch message and a code for the audit trail."""

import hashlib
import socket
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK = 64 * 1024
HEAD = 8192  # what filetype reads

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# The allow-list: the type found in the content → the extension it is stored and sent with.
ALLOWED: dict[str, str] = {
    PDF: "pdf",
    PNG: "png",
    JPEG: "jpg",
    DOCX: "docx",
    XLSX: "xlsx",
    ODT: "odt",
}
# The part a zipped office document must hold to be what it says.
_ZIP_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml", ODT: "content.xml"}


class UploadRefused(ValidationError):
    """An upload that is not stored; `reason` is a code for the audit trail."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message, code=reason)
        self.reason = reason


@dataclass(frozen=True)
class Inspected:
    content_type: str
    extension: str
    size: int
    sha256: str


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(CHUNK):
        yield chunk
    file.seek(0)


def max_bytes() -> int:
    return int(settings.SPIL_DOCUMENT_MAX_BYTES)


def allowed_kinds_text() -> str:
    return _("PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) of OpenDocument-tekst (ODT)")


def _refuse_type() -> UploadRefused:
    return UploadRefused(
        _(
            "Dit soort bestand kan niet in het dossier. Spil kijkt naar de inhoud, niet naar "
            "de naam. Toegestaan zijn: %(kinds)s."
        )
        % {"kinds": allowed_kinds_text()},
        reason="type",
    )


def check_size(size: int) -> None:
    if size <= 0:
        raise UploadRefused(_("Het bestand is leeg."), reason="empty")
    if size > max_bytes():
        raise UploadRefused(
            _("Het bestand is te groot: hoogstens %(max)s (dit bestand: %(size)s).")
            % {"max": filesizeformat(max_bytes()), "size": filesizeformat(size)},
            reason="size",
        )


def _zip_is_document(file: IO[bytes], content_type: str) -> bool:
    """The archive opens, holds the main part of its kind and no macros."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if _ZIP_MAIN_PART[content_type] not in names:
                return False
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return False
            if content_type == ODT:
                return archive.read("mimetype").strip() == ODT.encode()
            return "[Content_Types].xml" in names
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return False
    finally:
        file.seek(0)


def detect_type(file: IO[bytes]) -> tuple[str, str]:
    """The allowed type of the content and its extension, or UploadRefused."""
    file.seek(0)
    head = file.read(HEAD)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise _refuse_type()
    if kind.mime in _ZIP_MAIN_PART and not _zip_is_document(file, kind.mime):
        raise _refuse_type()
    return kind.mime, ALLOWED[kind.mime]


def digest(file: IO[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in _chunks(file):
        sha.update(chunk)
    return sha.hexdigest()


# --- clamd ----------------------------------------------------------------------------------


def _scanner_unavailable() -> UploadRefused:
    return UploadRefused(
        _(
            "Het document kon niet op virussen worden gecontroleerd en is daarom niet "
            "opgeslagen. Probeer het later opnieuw of meld het bij de beheerder."
        ),
        reason="scanner",
    )


def clamd_scan(file: IO[bytes], *, socket_path: str, timeout: float) -> str:
    """Send the bytes to clamd (INSTREAM: 4-byte big-endian length, the chunk, ... and a
    zero length to end) and return its answer, e.g. "stream: OK" or
    "stream: Eicar-Signature FOUND". OSError when clamd cannot be reached."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(socket_path)
        conn.sendall(b"zINSTREAM\0")
        for chunk in _chunks(file):
            conn.sendall(struct.pack("!L", len(chunk)) + chunk)
        conn.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            received = conn.recv(4096)
            if not received:
                break
            answer += received
    return answer.rstrip(b"\0").decode("utf-8", "replace").strip()


def scan(file: IO[bytes]) -> None:
    """Refuse the upload unless clamd (when configured) says OK. Without CLAMD_SOCKET
    nothing is scanned (docs/adr/0026)."""
    socket_path = getattr(settings, "CLAMD_SOCKET", "")
    if not socket_path:
        return
    try:
        answer = clamd_scan(
            file, socket_path=socket_path, timeout=float(getattr(settings, "CLAMD_TIMEOUT", 60))
        )
    except OSError as error:
        raise _scanner_unavailable() from error
    if answer.endswith("FOUND"):
        raise UploadRefused(
            _(
                "In dit bestand is een virus gevonden. Het is niet opgeslagen. Vraag de afzender "
                "om een schoon exemplaar."
            ),
            reason="virus",
        )
    if not answer.endswith("OK"):
        raise _scanner_unavailable()


def inspect(file: IO[bytes], *, size: int | None = None) -> Inspected:
    """Size, type on content, virus scan — in that order; UploadRefused at the first
    that fails. Reads the file; leaves it at its start."""
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    check_size(size)
    content_type, extension = detect_type(file)
    scan(file)
    return Inspected(content_type, extension, size, digest(file))
