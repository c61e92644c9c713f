"""PostgreSQL: ``pg_dump`` from one exported snapshot, ``pg_restore`` in one transaction."""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - runs the PostgreSQL client tools, arguments never go through a shell
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clustera.errors import ClusteraError, DataFormatError

__all__ = ["dump", "is_empty", "restore_dump"]

Snapshot = tuple[dict[str, int], dict[str, list[str]]]

# Tables, views and sequences of the schema go first, so that tables created by
# migrations newer than the backup cannot block the restore or the migrate after it.
_DROP_ALL = """
SET client_min_messages = warning;
DO $$
DECLARE item record;
BEGIN
  FOR item IN
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    -- tables first: their own sequences and dependent views go with them (IF EXISTS then skips)
    ORDER BY c.relkind NOT IN ('r', 'p', 'f'), c.relname
  LOOP
    EXECUTE format(
      'DROP %s IF EXISTS %I.%I CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
        WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      current_schema(), item.relname);
  END LOOP;
END $$;
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ClusteraError(
            f"{name} not found on PATH: install the PostgreSQL client tools "
            f"(the same major version as the server or newer)"
        )
    return path


def _connection_arguments(database: Mapping[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Command-line options and environment for the client tools (the password via PGPASSWORD)."""
    arguments = [f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = str(database["PASSWORD"])
    return arguments, environment


@contextmanager
def _snapshot_connection(database: Mapping[str, Any]) -> Iterator[Any]:
    import psycopg

    connection = psycopg.connect(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )
    try:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        yield connection
    finally:
        connection.rollback()
        connection.close()


def _describe(connection: Any) -> Snapshot:
    from psycopg import sql

    tables = [
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    counts = {
        table: int(
            connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
        )
        for table in tables
    }
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        for app, name in connection.execute(
            "SELECT app, name FROM django_migrations ORDER BY app, name"
        ):
            migrations.setdefault(app, []).append(name)
    return counts, migrations


def dump(database: Mapping[str, Any], destination: Path) -> Snapshot:
    """Write ``pg_dump --format=custom`` of the database; return its row counts and migrations.

    The counts and the dump come from one exported snapshot (``pg_export_snapshot``
    in a repeatable-read transaction, passed to ``pg_dump --snapshot``), so the
    manifest describes exactly the rows in the dump even while the portal writes.

    References
    ----------
    PostgreSQL 15 documentation, "pg_dump" and "Snapshot Synchronization Functions".
    """
    arguments, environment = _connection_arguments(database)
    with _snapshot_connection(database) as connection:
        snapshot_id = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        described = _describe(connection)
        completed = subprocess.run(  # noqa: S603 - fixed program, no shell
            [
                _tool("pg_dump"),
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={destination}",
                *arguments,
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
    if completed.returncode != 0:
        raise ClusteraError(f"pg_dump failed: {completed.stderr.strip()}")
    return described


def is_empty(database: Mapping[str, Any]) -> bool:
    """True when the database's schema holds no table."""
    with _snapshot_connection(database) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchone()
        return int(row[0]) == 0


def restore_dump(dump_file: Path, database: Mapping[str, Any], *, source: str) -> None:
    """Replace the database's content by a ``pg_dump`` file inside one transaction.

    ``pg_restore --clean --if-exists --no-owner`` writes the SQL, which ``psql
    --single-transaction`` runs after dropping every table of the schema; any
    error rolls the whole restore back, leaving the database as it was.
    """
    arguments, environment = _connection_arguments(database)
    listing = subprocess.run(  # noqa: S603 - fixed program, no shell
        [_tool("pg_restore"), "--list", str(dump_file)], capture_output=True, check=False
    )
    if listing.returncode != 0:
        raise DataFormatError(
            f"not a pg_dump archive: {listing.stderr.decode(errors='replace').strip()}",
            source=source,
            field="database.pgdump",
        )
    with tempfile.TemporaryFile() as writer_log, tempfile.TemporaryFile() as reader_log:
        writer = subprocess.Popen(  # noqa: S603 - fixed program, no shell
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--file=-",
                str(dump_file),
            ],
            stdout=subprocess.PIPE,
            stderr=writer_log,
        )
        reader = subprocess.Popen(  # noqa: S603 - fixed program, no shell
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--file=-",
                *arguments,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=reader_log,
            env=environment,
        )
        _pipe(writer, reader)
        if writer.returncode != 0 or reader.returncode != 0:
            writer_log.seek(0)
            reader_log.seek(0)
            detail = (reader_log.read() or writer_log.read()).decode(errors="replace").strip()
            raise ClusteraError(f"restore of {source} rolled back, nothing changed: {detail}")


def _pipe(writer: subprocess.Popen[bytes], reader: subprocess.Popen[bytes]) -> None:
    """Feed psql the schema reset, then pg_restore's SQL; wait for both."""
    if writer.stdout is None or reader.stdin is None:
        raise ClusteraError("pg_restore | psql: pipes not open")
    try:
        reader.stdin.write(_DROP_ALL.encode())
        shutil.copyfileobj(writer.stdout, reader.stdin)
    except BrokenPipeError:
        writer.kill()  # psql stopped on an error: its message and exit code tell the caller
    finally:
        reader.stdin.close()
        writer.stdout.close()
    writer.wait()
    reader.wait()
