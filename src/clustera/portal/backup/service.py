"""Create and restore whole-portal backups: every table of every app, the media and the models."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from clustera.errors import DataFormatError, InvalidInputError
from clustera.portal.backup import archive, postgres, sqlite

__all__ = ["BackupSummary", "RestoreSummary", "create_backup", "default_path", "restore_backup"]

_DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_SAFETY = "clustera-pre-restore"


@dataclass(frozen=True)
class BackupSummary:
    """What ``create_backup`` wrote: the file, its size in bytes and the rows per table."""

    path: Path
    size: int
    tables: dict[str, int]
    files: int

    @property
    def rows(self) -> int:
        """Rows in all tables together."""
        return sum(self.tables.values())


@dataclass(frozen=True)
class RestoreSummary:
    """What ``restore_backup`` restored, and the migrations applied after it."""

    path: Path
    engine: str
    tables: dict[str, int]
    created_at: str
    migrated: list[str] = field(default_factory=list)
    safety_backup: Path | None = None

    @property
    def rows(self) -> int:
        """Rows in all tables together, as recorded in the backup."""
        return sum(self.tables.values())


def _engine() -> tuple[str, dict[str, Any]]:
    from django.conf import settings
    from django.db import connection

    vendor = connection.vendor
    if vendor not in _DATABASE_MEMBER:
        raise InvalidInputError(
            "backups support SQLite and PostgreSQL only", field="ENGINE", value=vendor
        )
    database: dict[str, Any] = settings.DATABASES["default"]
    if vendor == "sqlite":
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise InvalidInputError(
                "an in-memory SQLite database cannot be backed up or restored",
                field="DATABASES",
                value=name,
            )
    return vendor, database


def _folders() -> dict[str, Path]:
    from django.conf import settings

    return {"media": Path(settings.MEDIA_ROOT), "models": Path(settings.DATA_DIR) / "models"}


def default_path(now: datetime | None = None, *, prefix: str = "clustera") -> Path:
    """``$CLUSTERA_DATA_DIR/backups/<prefix>-<UTC timestamp>.tar.gz``, not yet taken."""
    from django.conf import settings

    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(settings.DATA_DIR) / "backups"
    path = folder / f"{prefix}-{stamp}.tar.gz"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{prefix}-{stamp}-{counter}.tar.gz"
    return path


def create_backup(out: Path | None = None) -> BackupSummary:
    """Back up the configured database and the data folders into one file.

    SQLite uses the online backup API and PostgreSQL ``pg_dump`` from one
    snapshot, so the portal may keep serving and writing meanwhile. The file is
    written under a temporary name and renamed when complete, mode 0600.

    Parameters
    ----------
    out
        The backup file; by default ``default_path()``.

    Returns
    -------
    BackupSummary
        The file, its size and the row count of every table in it.

    References
    ----------
    docs/operations/backup.md (what a backup holds and how it stays consistent).
    """
    engine, database = _engine()
    out = Path(out) if out is not None else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        database_file = Path(work) / _DATABASE_MEMBER[engine]
        if engine == "sqlite":
            tables, migrations = sqlite.snapshot(Path(database["NAME"]), database_file)
        else:
            tables, migrations = postgres.dump(database, database_file)
        members = {database_file.name: database_file}
        for prefix, folder in _folders().items():
            members.update(archive.folder_members(folder, prefix))
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "clustera_version": version("clustera"),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": migrations,
            "latest_migrations": {app: names[-1] for app, names in migrations.items()},
            "tables": tables,
            "folders": {prefix: folder.is_dir() for prefix, folder in _folders().items()},
        }
        size = archive.write_archive(out, manifest, members)
    return BackupSummary(path=out, size=size, tables=tables, files=len(members) - 1)


def _check_schema(path: Path, manifest: dict[str, Any]) -> list[str]:
    """Refuse a backup from a newer schema; return the migrations the restore will apply."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    recorded = {
        (app, name) for app, names in manifest.get("migrations", {}).items() for name in names
    }
    unknown = sorted(recorded - known)
    if unknown:
        app, name = unknown[0]
        raise InvalidInputError(
            f"the backup was made by a newer Clustera (version {manifest.get('clustera_version')}) "
            f"whose schema this code does not know ({len(unknown)} unknown migrations); "
            "upgrade Clustera, then restore",
            source=str(path),
            field=f"migrations.{app}",
            value=name,
        )
    return [f"{app}.{name}" for app, name in sorted(known - recorded)]


def _check_manifest(path: Path, manifest: dict[str, Any], engine: str) -> None:
    if manifest.get("engine") != engine:
        raise InvalidInputError(
            f"the backup holds a {manifest.get('engine')} database and this portal uses {engine}; "
            "a backup restores only into the same engine (move registry data across engines with "
            "`clustera registry export` and `clustera registry import`)",
            source=str(path),
            field="engine",
            value=manifest.get("engine"),
        )
    member = _DATABASE_MEMBER[engine]
    if member not in manifest.get("members", {}):
        raise DataFormatError("the manifest lists no database", source=str(path), field=member)


def _is_empty(engine: str, database: dict[str, Any]) -> bool:
    if engine == "sqlite":
        return sqlite.is_empty(Path(database["NAME"]))
    return postgres.is_empty(database)


def restore_backup(
    path: Path, *, overwrite: bool = False, safety_backup: bool = True
) -> RestoreSummary:
    """Replace the database and the data folders by a backup's, then migrate forward.

    Everything is checked before anything changes: the file's integrity and
    every member's SHA-256, the engine, and that the backup's schema is not newer
    than the code's. The database swap is atomic (a rename on SQLite, one
    transaction on PostgreSQL). A non-empty database is replaced only with
    ``overwrite``, and, unless ``safety_backup`` is false, after a backup of it
    (``backups/clustera-pre-restore-<UTC timestamp>.tar.gz``), so a restore of the
    wrong file loses nothing.

    Parameters
    ----------
    path
        A file written by ``create_backup``.
    overwrite
        Replace a database that already holds tables.
    safety_backup
        Back up a non-empty database before replacing it.

    Returns
    -------
    RestoreSummary
        The backup's engine, creation time and row counts, the migrations applied
        after it, and where the replaced data was kept.

    Raises
    ------
    DataFormatError
        A missing, truncated or corrupt file, or a checksum mismatch (names the member).
    InvalidInputError
        Another engine, a newer schema, or a non-empty database without ``overwrite``.
    """
    from django.conf import settings
    from django.db import connections

    path = Path(path)
    engine, database = _engine()
    manifest = archive.read_manifest(path)
    _check_manifest(path, manifest, engine)
    pending = _check_schema(path, manifest)
    empty = _is_empty(engine, database)
    if not overwrite and not empty:
        raise InvalidInputError(
            "the database is not empty; confirm that the backup replaces all of it (--yes)",
            source=str(path),
            field="database",
            value=str(database["NAME"]),
        )
    with archive.unpack_archive(path, Path(settings.DATA_DIR)) as (manifest, folder):
        database_file = folder / _DATABASE_MEMBER[engine]
        kept = None if empty or not safety_backup else create_backup(default_path(prefix=_SAFETY))
        connections.close_all()
        if engine == "sqlite":
            sqlite.describe(database_file)
            sqlite.restore_file(database_file, Path(database["NAME"]))
        else:
            postgres.restore_dump(database_file, database, source=str(path))
        for prefix, target in _folders().items():
            _replace_folder(folder / prefix, target)
    migrated = _migrate() if pending else []
    return RestoreSummary(
        path=path,
        engine=engine,
        tables=dict(manifest.get("tables", {})),
        created_at=str(manifest.get("created_at")),
        migrated=migrated,
        safety_backup=None if kept is None else kept.path,
    )


def _replace_folder(restored: Path, target: Path) -> None:
    """Put the backup's copy of a data folder in place of the live one (renames, same disk)."""
    if not restored.is_dir() and not target.exists():
        return
    staged = target.with_name(f".{target.name}.restore")
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    if restored.is_dir():
        shutil.move(restored, staged)
    else:
        staged.mkdir(parents=True)
    if target.exists():
        os.replace(target, previous)
    os.replace(staged, target)
    shutil.rmtree(previous, ignore_errors=True)


def _migrate() -> list[str]:
    """Apply the migrations the restored schema lacks; return their names."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
