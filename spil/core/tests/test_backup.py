"""Backup and restore (issue 18): make data, back up, wipe, restore, and find the same
counts, the same document bytes and an intact audit trail — on whichever database the
suite runs (SQLite by default, PostgreSQL in CI). A restore with the wrong key is refused
in Dutch and changes nothing."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from spil.core import backup
from spil.core.models import AuditEvent
from spil.families.models import Family, Member
from spil.families.tests.factories import World

# serialized_rollback: the flush here also empties what the data migrations seeded; it
# comes back for the tests that run after this one in the same process.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOCUMENT = b"%PDF-1.4\n% Spil test document\n" + bytes(range(256)) * 8


def _counts() -> dict[str, int]:
    return {
        "families": Family.objects.count(),
        "members": Member.objects.count(),
        "users": get_user_model().objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def documents(settings, tmp_path):
    """A documents storage on disk, as STORAGES["documents"] is in production."""
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    (location / "2026" / "12").mkdir(parents=True)
    (location / "2026" / "12" / "beschikking.pdf").write_bytes(DOCUMENT)
    return location


def test_back_up_wipe_restore_verify(settings, tmp_path, documents):
    key = settings.SPIL_BACKUP_KEY = Fernet.generate_key().decode()
    World()
    before = _counts()
    assert before["families"] and before["audit"]
    archive = tmp_path / "spil.tar.gz"

    out = StringIO()
    call_command("backup", str(archive), stdout=out, stderr=StringIO())
    assert "Back-up geschreven" in out.getvalue() and "versleuteld" in out.getvalue()
    assert archive.read_bytes().startswith(backup.MAGIC)  # encrypted on disk
    assert DOCUMENT not in archive.read_bytes()

    # Wipe: every table emptied, the documents gone.
    call_command("flush", interactive=False, verbosity=0)
    (documents / "2026" / "12" / "beschikking.pdf").unlink()
    assert _counts()["families"] == 0

    # A wrong key is refused in Dutch, before anything changes.
    settings.SPIL_BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(CommandError, match="De sleutel past niet bij deze back-up"):
        call_command("restore", str(archive), interactive=False, stdout=StringIO())
    assert _counts()["families"] == 0

    settings.SPIL_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="Deze back-up is versleuteld"):
        call_command("restore", str(archive), interactive=False, stdout=StringIO())

    settings.SPIL_BACKUP_KEY = key
    out = StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)
    assert "Audit-keten intact" in out.getvalue()

    assert _counts() == before
    assert (documents / "2026" / "12" / "beschikking.pdf").read_bytes() == DOCUMENT
    verified = StringIO()
    call_command("audit_verify", "--no-anchor", stdout=verified)
    assert "Audit-keten intact" in verified.getvalue()


def test_an_unencrypted_backup_without_documents_storage(settings, tmp_path):
    """No key, no documents storage: still a full database backup, with a warning."""
    settings.SPIL_BACKUP_KEY = ""
    World()
    before = _counts()
    archive = tmp_path / "plain.tar.gz"
    err = StringIO()
    call_command("backup", str(archive), stdout=StringIO(), stderr=err)
    assert "niet versleuteld" in err.getvalue()
    assert archive.read_bytes()[:2] == b"\x1f\x8b"
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), interactive=False, stdout=StringIO())
    assert _counts() == before


def test_what_is_no_backup_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="geen back-up van Spil"):
        call_command("restore", str(junk), interactive=False, stdout=StringIO())
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", str(tmp_path / "nope"), interactive=False, stdout=StringIO())


def test_restore_without_anyone_to_answer_changes_nothing_and_says_how(
    tmp_path, monkeypatch, documents
):
    """Run from a script without --noinput: no traceback, nothing restored, the flag named."""
    World()
    before = _counts()
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive), stdout=StringIO())
    call_command("flush", interactive=False, verbosity=0)
    monkeypatch.setattr("sys.stdin", StringIO(""))  # the end of input at once
    err = StringIO()
    with pytest.raises(CommandError, match="Niets hersteld"):
        call_command("restore", str(archive), stdout=StringIO(), stderr=err)
    assert "--noinput" in err.getvalue()
    assert Family.objects.count() == 0 and before["families"] > 0
