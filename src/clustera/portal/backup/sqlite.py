"""SQLite: online backup of the live file, and an atomic swap on restore."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from clustera.errors import DataFormatError

__all__ = ["Snapshot", "describe", "is_empty", "restore_file", "snapshot"]

Snapshot = tuple[dict[str, int], dict[str, list[str]]]


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    # the busy timeout matches the portal's: a restore or backup waits for a writer's commit
    with closing(sqlite3.connect(path, timeout=20)) as connection:
        yield connection


def _describe(connection: sqlite3.Connection) -> Snapshot:
    """Row counts per table and applied migrations per app, read from one database file."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    counts = {
        name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
        for name in names
    }
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        for app, name in connection.execute(
            "SELECT app, name FROM django_migrations ORDER BY app, name"
        ):
            migrations.setdefault(app, []).append(name)
    return counts, migrations


def _integrity(connection: sqlite3.Connection, source: Path) -> None:
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise DataFormatError(f"not a usable SQLite database: {exc}", source=str(source)) from exc
    if result != ["ok"]:
        raise DataFormatError(
            f"SQLite integrity check failed: {'; '.join(result[:5])}", source=str(source)
        )


def snapshot(live: Path, destination: Path) -> Snapshot:
    """Copy the live database to ``destination`` with SQLite's online backup API.

    The copy is one consistent state even while the portal writes: the backup
    runs in a single step inside one read transaction (WAL readers do not block
    writers), so a transaction committed meanwhile is in it entirely or not at all.
    The copy leaves WAL mode so that the one file holds everything.

    References
    ----------
    SQLite, "Online Backup API", https://www.sqlite.org/backup.html
    """
    if not live.is_file():
        raise DataFormatError("the configured SQLite database does not exist", source=str(live))
    with _connect(live) as source, _connect(destination) as target:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        _integrity(target, destination)
        return _describe(target)


def describe(path: Path) -> Snapshot:
    """Row counts and migrations of a database file (after checking its integrity)."""
    with _connect(path) as connection:
        _integrity(connection, path)
        return _describe(connection)


def is_empty(live: Path) -> bool:
    """True when the database file is absent or holds no table."""
    if not live.is_file():
        return True
    with _connect(live) as connection:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
        return int(row[0]) == 0


def restore_file(restored: Path, live: Path) -> None:
    """Replace the live database by ``restored`` in one rename, never half-way.

    The restored file is copied beside the live one, checked with ``PRAGMA
    integrity_check``, then renamed over it; the live database's ``-wal`` and
    ``-shm`` files are emptied first and removed after, so no stale
    write-ahead log is replayed into the restored data.
    """
    live.parent.mkdir(parents=True, exist_ok=True)
    staged = live.with_name(f".{live.name}.restore")
    staged.unlink(missing_ok=True)
    try:
        with _connect(restored) as source, _connect(staged) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            _integrity(target, staged)
        with open(staged, "rb+") as handle:
            os.fsync(handle.fileno())
        # the restored file keeps the live one's permissions (often 0600 beside the secret key)
        os.chmod(staged, live.stat().st_mode & 0o777 if live.is_file() else 0o600)
        if live.is_file():
            with _connect(live) as connection:
                # fold the log into the main file so the old state is whole until the rename
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(staged, live)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    for suffix in ("-wal", "-shm"):
        live.with_name(live.name + suffix).unlink(missing_ok=True)
