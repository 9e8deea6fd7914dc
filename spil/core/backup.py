"""Backup and restore (issue 18): the database and the stored documents in one archive.

    python manage.py backup var/backups/spil-2026-12-06.tar.gz
    python manage.py restore var/backups/spil-2026-12-06.tar.gz

The archive is a gzipped tar with:

- `manifest.json`: format, database engine, when, and the audit trail inside the dump
  (the total number of events and the head — count and seal — of every chain, ADR 0030),
  so a restore can prove it got back what was saved;
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite,
  through the SQLite online backup API: a consistent copy while Spil keeps running);
- `files/<name>/…`: every stored-file directory that exists — the documents storage
  (`STORAGES["documents"]`, when it keeps its files on disk) and `MEDIA_ROOT`.

With `SPIL_BACKUP_KEY` set the whole archive is encrypted (Fernet: AES-128-CBC with an
HMAC-SHA256, from `cryptography`); the file then starts with `MAGIC`. A restore needs the
same key and refuses any other with a Dutch message, before it touches anything.

Restoring replaces: the database gets the archive's tables (`pg_restore --clean`, or the
SQLite backup API page by page), each stored-file directory the archive's copy.
See docs/operations.md for how often, where to, and how to practise a restore.
"""

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.core.files.storage.handler import InvalidStorageError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import AuditEvent

FORMAT = 1
MAGIC = b"SPIL-BACKUP-FERNET-1\n"
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Dutch and names no person."""


@dataclass(frozen=True)
class FileRoot:
    name: str  # the directory's name in the archive
    path: Path


def file_roots() -> list[FileRoot]:
    """The stored-file directories to save: the documents storage when it keeps files on
    disk, and MEDIA_ROOT — each only when it is set and exists. A storage in the cloud
    (S3) is not in the archive: its bucket is backed up by its own versioning."""
    roots: list[FileRoot] = []
    try:
        documents = storages["documents"]
    except InvalidStorageError:
        documents = None
    location = getattr(documents, "location", None) if documents is not None else None
    if location and Path(location).is_dir():
        roots.append(FileRoot("documents", Path(location)))
    media = getattr(settings, "MEDIA_ROOT", "")
    if (
        media
        and Path(media).is_dir()
        and not any(Path(media).resolve() == r.path.resolve() for r in roots)
    ):
        roots.append(FileRoot("media", Path(media)))
    return roots


def cloud_storages() -> list[str]:
    """Names of configured stored-file storages that keep nothing on this disk."""
    try:
        documents = storages["documents"]
    except InvalidStorageError:
        return []
    return [] if getattr(documents, "location", None) else ["documents"]


# --- Encryption ---------------------------------------------------------------------------


def _fernet(key: str) -> Any:
    from cryptography.fernet import Fernet

    try:
        return Fernet(key.encode() if isinstance(key, str) else key)
    except (ValueError, TypeError) as error:
        raise BackupError(
            _(
                "SPIL_BACKUP_KEY is geen geldige sleutel (verwacht: 32 bytes, urlsafe-base64, "
                "zoals Fernet.generate_key() maakt)."
            )
        ) from error


def seal(data: bytes, key: str) -> bytes:
    return MAGIC + _fernet(key).encrypt(data)


def unseal(data: bytes, key: str) -> bytes:
    """The archive's plain bytes. An encrypted archive without the key, or with another
    key, is refused; so is a file that is no Spil backup at all."""
    from cryptography.fernet import InvalidToken

    if not data.startswith(MAGIC):
        if data[:2] != b"\x1f\x8b":
            raise BackupError(_("Dit bestand is geen back-up van Spil."))
        return data
    if not key:
        raise BackupError(
            _(
                "Deze back-up is versleuteld. Zet SPIL_BACKUP_KEY op de sleutel waarmee hij is "
                "gemaakt."
            )
        )
    try:
        return bytes(_fernet(key).decrypt(data[len(MAGIC) :]))
    except InvalidToken as error:
        raise BackupError(
            _(
                "De sleutel past niet bij deze back-up (of het bestand is beschadigd). Er is "
                "niets hersteld."
            )
        ) from error


# --- The database -------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = params.get(key)
        if value:
            env[variable] = str(value)
    return env


def _pg_tool(name: str) -> str:
    """The path of pg_dump/pg_restore, refused when missing or older than the server."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s is niet gevonden. Installeer de PostgreSQL-clientprogramma's.")
            % {"tool": name}
        )
    # The tool's own path from PATH and fixed arguments: no outside input.
    found = subprocess.run(  # noqa: S603
        [path, "--version"], capture_output=True, text=True, check=False
    )
    match = re.search(r"(\d+)(?:\.(\d+))?", found.stdout)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
    if match is None or int(match.group(1)) < server_major:
        raise BackupError(
            _(
                "%(tool)s is versie %(tool_version)s, de database-server versie %(server)s. "
                "Installeer %(tool)s van versie %(server)s of nieuwer."
            )
            % {
                "tool": name,
                "tool_version": match.group(0) if match else "?",
                "server": server_major,
            }
        )
    return path


def _run(command: list[str]) -> None:
    # Fixed arguments and paths Spil chose; the connection travels in the environment.
    done = subprocess.run(  # noqa: S603
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        # pg_* write table names and SQL, no personal data; the last lines say what failed.
        tail = " ".join(done.stderr.strip().splitlines()[-3:])
        raise BackupError(
            _("%(tool)s mislukte (exit %(code)s): %(error)s")
            % {"tool": Path(command[0]).name, "code": done.returncode, "error": tail}
        )


def dump_database(target: Path) -> tuple[str, dict[str, Any]]:
    """Write the database to `target`'s directory; returns the file's name in the archive
    and the audit state of exactly what was written (for the manifest)."""
    if connection.vendor == "postgresql":
        tool = _pg_tool("pg_dump")
        command = [tool, "--format=custom", "--no-owner", "--no-privileges"]
        with _pg_snapshot() as snapshot:
            if snapshot is not None:
                command.append(f"--snapshot={snapshot}")
            state = audit_state()  # in the snapshot's transaction when there is one
            _run([*command, "-f", str(target / PG_DUMP)])
        return PG_DUMP, state
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target / SQLITE_DUMP)
        try:
            connection.connection.backup(destination)
            state = _audit_state(destination.cursor())  # read from the copy itself
        finally:
            destination.close()
        return SQLITE_DUMP, state
    raise BackupError(
        _("Back-up van database %(vendor)s kan niet.") % {"vendor": connection.vendor}
    )


def load_database(source: Path, name: str) -> None:
    """Replace the database's contents with the dump `name` in `source`."""
    if connection.vendor == "postgresql":
        if name != PG_DUMP:
            raise BackupError(_("Deze back-up is van een SQLite-database; dit is PostgreSQL."))
        tool = _pg_tool("pg_restore")
        connection.close()  # pg_restore drops and recreates the tables: hold no locks
        _run(
            [
                tool,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(source / PG_DUMP),
            ]
        )
        return
    if connection.vendor == "sqlite":
        if name != SQLITE_DUMP:
            raise BackupError(_("Deze back-up is van een PostgreSQL-database; dit is SQLite."))
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError(_("Herstellen kan niet binnen een lopende transactie."))
        origin = sqlite3.connect(source / SQLITE_DUMP)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    raise BackupError(
        _("Herstel naar database %(vendor)s kan niet.") % {"vendor": connection.vendor}
    )


# --- The archive --------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    path: Path
    encrypted: bool
    files: int
    audit_count: int
    skipped: list[str]  # storages not in the archive (in the cloud)


# The head of every audit chain (docs/adr/0030: one chain per family plus the global
# chain): the number of events in it and its newest event's seal.
_HEADS_SQL = (
    "SELECT e.chain, c.n, e.hash FROM {table} e JOIN "
    "(SELECT chain, COUNT(*) AS n, MAX(id) AS last FROM {table} GROUP BY chain) c "
    "ON e.id = c.last"
)


def _audit_state(cursor: Any) -> dict[str, Any]:
    """The audit trail as `cursor` sees it: the total number of events and, per chain,
    [count, head seal]. Read through the same cursor (SQLite) or snapshot (PostgreSQL)
    as the dump, so the manifest describes what is inside the archive."""
    cursor.execute(_HEADS_SQL.format(table=AuditEvent._meta.db_table))
    chains = {str(chain): [int(n), str(head)] for chain, n, head in cursor.fetchall()}
    return {"count": sum(n for n, _head in chains.values()), "chains": chains}


def audit_state() -> dict[str, Any]:
    """The audit trail of this installation's database now (see `_audit_state`)."""
    with connection.cursor() as cursor:
        return _audit_state(cursor)


def audit_differs(saved: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether the restored audit trail `now` ends otherwise than the backup's manifest
    `saved` says: another total, or any chain with another count or head seal."""
    if saved.get("count") != now["count"]:
        return True
    if "chains" not in saved:  # an archive from before the chains: only the total is known
        return False
    return bool(saved["chains"] != now["chains"])


@contextmanager
def _pg_snapshot() -> Iterator[str | None]:
    """An exported PostgreSQL snapshot, held open while the block runs, so pg_dump and the
    manifest's audit state see the same data. None inside a running transaction (pg_dump
    cannot see its uncommitted rows anyway)."""
    if connection.in_atomic_block:
        yield None
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield str(cursor.fetchone()[0])


def make_backup(out: Path, *, key: str | None = None) -> Made:
    """Write the archive to `out` (atomically: a partial file is never left under that
    name). Encrypted when `key` (default: SPIL_BACKUP_KEY) is set."""
    key = settings.SPIL_BACKUP_KEY if key is None else key
    out = Path(out)
    if out.parent and not out.parent.exists():
        raise BackupError(_("De map %(dir)s bestaat niet.") % {"dir": out.parent})
    with tempfile.TemporaryDirectory(prefix="spil-backup-") as tmp:
        work = Path(tmp)
        database, head = dump_database(work)
        roots = file_roots()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "engine": connection.vendor,
            "database": database,
            "created_at": timezone.now().isoformat(),
            "audit": head,
            "files": [root.name for root in roots],
        }
        buffer = io.BytesIO()
        count = 0
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(work / database, arcname=database)
            for root in roots:
                for path in sorted(root.path.rglob("*")):
                    if path.is_file():
                        archive.add(
                            path, arcname=f"files/{root.name}/{path.relative_to(root.path)}"
                        )
                        count += 1
        payload = buffer.getvalue()
    if key:
        payload = seal(payload, key)
    partial = out.with_name(out.name + ".deel")
    with open(partial, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(partial, 0o600)
    partial.replace(out)
    return Made(out, bool(key), count, head["count"], cloud_storages())


@contextmanager
def opened(archive_path: Path, *, key: str | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The archive unpacked in a temporary directory, with its manifest."""
    key = settings.SPIL_BACKUP_KEY if key is None else key
    path = Path(archive_path)
    if not path.is_file():
        raise BackupError(_("Het bestand %(path)s bestaat niet.") % {"path": path})
    data = unseal(path.read_bytes(), key or "")
    with tempfile.TemporaryDirectory(prefix="spil-restore-") as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
                archive.extractall(work, filter="data")  # no paths outside `work`, no links out
            manifest = json.loads((work / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(_("De back-up is beschadigd of onvolledig.")) from error
        if manifest.get("format") != FORMAT:
            raise BackupError(
                _("Deze back-up heeft formaat %(found)s; deze versie van Spil leest %(format)s.")
                % {"found": manifest.get("format"), "format": FORMAT}
            )
        yield work, manifest


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    files: int
    verdict: audit.Verdict


def restore_backup(archive_path: Path, *, key: str | None = None) -> Restored:
    """Replace the database and the stored files with the archive's. Everything is checked
    (key, format, engine) before anything is replaced."""
    with opened(archive_path, key=key) as (work, manifest):
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                _("Deze back-up is van %(engine)s; de database van deze installatie is %(vendor)s.")
                % {"engine": manifest["engine"], "vendor": connection.vendor}
            )
        load_database(work, manifest["database"])
        roots = {root.name: root.path for root in file_roots()}
        targets = _restore_targets(roots)
        count = 0
        for name in manifest.get("files", []):
            source = work / "files" / name
            target = targets.get(name)
            if target is None:
                raise BackupError(
                    _(
                        "De back-up bevat bestanden (%(name)s), maar deze installatie heeft daar "
                        "geen map voor. De database is hersteld, de bestanden niet."
                    )
                    % {"name": name}
                )
            if target.exists():
                shutil.rmtree(target)
            if source.is_dir():
                shutil.copytree(source, target)
                count += sum(1 for p in target.rglob("*") if p.is_file())
            else:
                target.mkdir(parents=True)
    connection.close()  # the next query reads the restored database afresh
    return Restored(manifest, count, audit.verify(anchors=[]))


def _restore_targets(found: dict[str, Path]) -> dict[str, Path]:
    """Where each archived directory goes back: the configured location, also when the
    directory itself does not exist (yet) here."""
    targets = dict(found)
    try:
        location = getattr(storages["documents"], "location", None)
    except InvalidStorageError:
        location = None
    if location:
        targets.setdefault("documents", Path(location))
    media = getattr(settings, "MEDIA_ROOT", "")
    if media:
        targets.setdefault("media", Path(media))
    return targets
