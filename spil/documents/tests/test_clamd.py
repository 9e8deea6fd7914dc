"""The virus-scan hook against a tiny clamd of our own: a real server thread on a unix
socket that speaks INSTREAM (no mocks). It answers FOUND for content holding the EICAR
marker, OK for anything else."""

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from spil.core.models import AuditEvent
from spil.documents.inspection import UploadRefused
from spil.documents.models import Document

from . import factories as f

MARKER = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """Accepts connections until stopped; records what each scan received."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.scanned: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read_exact(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return  # closed
            with conn:
                command = self._read_exact(conn, len(b"zINSTREAM\0"))
                assert command == b"zINSTREAM\0"
                content = b""
                while True:
                    (length,) = struct.unpack("!L", self._read_exact(conn, 4))
                    if length == 0:
                        break
                    content += self._read_exact(conn, length)
                self.scanned.append(content)
                if MARKER in content:
                    conn.sendall(b"stream: Eicar-Signature FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def stop(self) -> None:
        # Closing alone does not wake the thread blocked in accept() (it then waits out the
        # join's timeout, five seconds per test); shutting the socket down first does.
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()


@pytest.fixture
def clamd(settings, tmp_path) -> Iterator[FakeClamd]:
    path = str(tmp_path / "clamd.sock")
    server = FakeClamd(path)
    settings.CLAMD_SOCKET = path
    settings.CLAMD_TIMEOUT = 5
    yield server
    server.stop()


def test_a_clean_file_is_scanned_whole_and_stored(world, clamd):
    content = f.pdf("Schoon")
    document = world.upload(content)
    assert clamd.scanned == [content]
    assert f.stored_files() == [document.stored_name]


def test_a_virus_is_refused_and_nothing_is_stored(world, clamd):
    infected = f.pdf("Brief") + b"\n% " + MARKER + b"\n"
    with pytest.raises(UploadRefused) as refused:
        world.upload(infected)
    assert refused.value.reason == "virus"
    assert "virus gevonden" in refused.value.messages[0]
    assert clamd.scanned == [infected]
    assert f.stored_files() == []
    assert not Document.objects.exists()
    event = AuditEvent.objects.filter(action="document.refused").get()
    assert event.detail == {"reason": "virus"}
    assert event.family_uuid == world.family.uuid


def test_an_unreachable_clamd_refuses_the_upload(world, settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "nobody-listens.sock")
    with pytest.raises(UploadRefused) as refused:
        world.upload(f.pdf())
    assert refused.value.reason == "scanner"
    assert "niet op virussen worden gecontroleerd" in refused.value.messages[0]
    assert f.stored_files() == []
    assert not Document.objects.exists()


def test_without_clamd_nothing_is_scanned(world, settings):
    settings.CLAMD_SOCKET = ""
    assert world.upload(f.pdf()).pk
