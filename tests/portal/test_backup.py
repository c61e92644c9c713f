"""Backup and restore of the whole portal, on the database the suite runs on.

The SQLite run backs up a file database (the suite's own is in memory); the
PostgreSQL run (``make test-postgres``) uses a database of its own,
``clustera_backup_test_h7``, created and dropped here. Each world lives in
subprocesses that run the real ``clustera backup`` commands.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

WORLD = Path(__file__).with_name("backup_world.py")
PG_DATABASE = "clustera_backup_test_h7"


def _configured_engine() -> str:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


def _postgres_database(base_url: str, name: str = PG_DATABASE):
    """Create a fresh database on the suite's server; return its URL and a dropper."""
    import psycopg

    parsed = urlparse(base_url)
    options = {
        "host": parsed.hostname or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password or None,
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 3,
    }
    try:
        admin = psycopg.connect(**options)
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL not reachable at {parsed.hostname}:{parsed.port}: {exc}")
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    url = parsed._replace(path=f"/{name}").geturl()

    def drop() -> None:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()

    return url, drop


class World:
    """One portal (database + data folder) reached through subprocesses."""

    def __init__(self, folder: Path, engine: str, database_url: str = "") -> None:
        self.folder = folder
        self.engine = engine
        (folder / "data").mkdir(exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CLUSTERA_", "DJANGO_"))
        }
        self.env.update(
            CLUSTERA_DATA_DIR=str(folder / "data"),
            CLUSTERA_SECRET_KEY="backup-test-only",
            CLUSTERA_RECOMMENDER_REFIT="false",
            CLUSTERA_DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="clustera.portal.settings.base",
        )

    def run(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run(
            [sys.executable, *arguments], env=self.env, capture_output=True, text=True
        )
        if check and completed.returncode != 0:
            raise AssertionError(f"{arguments} failed:\n{completed.stdout}\n{completed.stderr}")
        return completed

    def world(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run(str(WORLD), *arguments, check=check)

    def cli(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("-m", "clustera.cli", *arguments, check=check)

    def dump(self, name: str) -> dict:
        path = self.folder / f"{name}.json"
        self.world("dump", str(path))
        return json.loads(path.read_text())

    def backup(self, name: str) -> Path:
        out = self.folder / f"{name}.tar.gz"
        self.cli("backup", "create", "--out", str(out))
        return out


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    """A filled portal on the suite's engine, its dump and a backup of it."""
    engine = _configured_engine()
    folder = tmp_path_factory.mktemp("backup")
    drop = None
    url = ""
    if engine == "postgresql":
        url, drop = _postgres_database(os.environ["CLUSTERA_DATABASE_URL"])
    world = World(folder, engine, url)
    try:
        world.world("fill")
        before = world.dump("before")
        backup = world.backup("filled")
        yield world, before, backup
    finally:
        if drop is not None:
            drop()


def _rewrite(source: Path, target: Path, *, manifest=None, replace=None) -> Path:
    """Copy a backup, changing its manifest or the bytes of one member."""
    with tarfile.open(source, "r:gz") as tar, tarfile.open(target, "w:gz") as out:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            if replace is not None and member.name in replace:
                data = replace[member.name]
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_round_trip_restores_every_table_and_file(portal):
    world, before, backup = portal
    assert backup.stat().st_mode & 0o777 == 0o600
    manifest = _manifest(backup)
    assert manifest["engine"] == world.engine
    for label, table in before["tables"].items():
        assert manifest["tables"][table["table"]] == len(table["rows"]), label
    assert manifest["migrations"]["observatory"][-1] == "0002_input_output_tables"
    # the world has rows in every app the issue names, so the comparison means something
    for label in (
        "auth.User",
        "auth.User_groups",
        "accounts.OrganisationMembership",
        "accounts.ApiToken",
        "registry.Organisation",
        "observatory.Dataset",
        "observatory.IndicatorResult",
        "partnering.Interest",
        "partnering.Notification",
        "sessions.Session",
        "django_tasks_database.DBTaskResult",
    ):
        assert before["tables"][label]["rows"], label
    assert before["files"]["media"] and before["files"]["models"]

    world.world("mutate")
    mutated = world.dump("mutated")
    assert mutated != before
    restored = world.cli("backup", "restore", str(backup), "--yes")
    assert "rows" in restored.stdout
    after = world.dump("after")
    for label in before["tables"]:
        assert after["tables"][label] == before["tables"][label], label
    assert after == before

    # the data the restore replaced was backed up first, and comes back from that backup
    safety = Path(restored.stdout.split("the replaced data is kept in ")[1].split()[0])
    assert safety.name.startswith("clustera-pre-restore-") and safety.is_file()
    world.cli("backup", "restore", str(safety), "--yes", "--no-safety-backup")
    assert world.dump("safety") == mutated
    world.cli("backup", "restore", str(backup), "--yes", "--no-safety-backup")


def test_restore_refuses_a_non_empty_database_without_yes(portal):
    world, before, backup = portal
    refused = world.cli("backup", "restore", str(backup), check=False)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "--yes" in refused.stderr
    assert "nothing was changed" in refused.stderr


def test_damaged_or_foreign_backups_are_refused_and_change_nothing(portal):
    world, before, backup = portal
    world.world("mutate")
    mutated = world.dump("mutated-refusals")
    other = "postgresql" if world.engine == "sqlite" else "sqlite"
    member = "database.sqlite3" if world.engine == "sqlite" else "database.pgdump"
    raw = backup.read_bytes()
    truncated = world.folder / "truncated.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    flipped = world.folder / "flipped.tar.gz"
    middle = len(raw) // 2
    flipped.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :])
    with tarfile.open(backup, "r:gz") as tar:
        original = tar.extractfile(member).read()
    cases = {
        world.folder / "missing.tar.gz": "no such backup file",
        truncated: "truncated",
        flipped: "",
        _rewrite(
            backup,
            world.folder / "tampered.tar.gz",
            replace={member: original[:-1] + bytes([original[-1] ^ 0xFF])},
        ): f"field '{member}'",
        _rewrite(
            backup, world.folder / "engine.tar.gz", manifest=lambda m: {**m, "engine": other}
        ): f"holds a {other} database",
        _rewrite(
            backup,
            world.folder / "newer.tar.gz",
            manifest=lambda m: {
                **m,
                "migrations": {
                    **m["migrations"],
                    "registry": [*m["migrations"]["registry"], "9999_future"],
                },
            },
        ): "newer Clustera",
        world.folder / "not-a-backup.tar.gz": "not a readable backup",
    }
    (world.folder / "not-a-backup.tar.gz").write_bytes(gzip.compress(b"plain text"))
    for path, message in cases.items():
        refused = world.cli("backup", "restore", str(path), "--yes", check=False)
        assert refused.returncode == 1, path
        text = " ".join(refused.stderr.split())
        assert str(path) in text, text
        assert message in text, text
    assert world.dump("after-refusals") == mutated


def test_backup_while_another_process_writes_is_consistent(portal):
    world, before, backup = portal
    flags = world.folder / "writer"
    flags.mkdir()
    writer = subprocess.Popen(
        [sys.executable, str(WORLD), "write-batches", str(flags)],
        env=world.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not (flags / "committed").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        during = world.backup("during-writes")
    finally:
        (flags / "stop").write_text("")
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr.read().decode()
    written = int((flags / "committed").read_text())
    if world.engine == "sqlite":
        with tarfile.open(during, "r:gz") as tar:
            tar.extract("database.sqlite3", world.folder, filter="data")
        with sqlite3.connect(world.folder / "database.sqlite3") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    world.cli("backup", "restore", str(during), "--yes")
    batches = json.loads(world.world("batches").stdout)
    # whole transactions only, in commit order: batches 0..n-1, each with all its rows
    assert batches and set(batches.values()) == {20}
    assert sorted(int(number) for number in batches) == list(range(len(batches)))
    assert len(batches) < written  # the writer went on committing after the snapshot


def test_an_older_backup_is_restored_then_migrated_forward(portal):
    world, before, backup = portal
    world.world("migrate", "observatory", "0001")
    older = world.backup("older-schema")
    assert "0002_input_output_tables" not in _manifest(older)["migrations"]["observatory"]
    world.world("migrate")
    restored = world.cli("backup", "restore", str(older), "--yes")
    assert "migrated forward: observatory.0002_input_output_tables" in restored.stdout
    world.world("migrate", "--check")
    world.cli("backup", "restore", str(backup), "--yes")
    assert world.dump("back-to-filled") == before


def test_a_backup_restores_into_a_new_empty_portal_without_yes(portal, tmp_path):
    world, before, backup = portal
    drop = None
    url = ""
    if world.engine == "postgresql":
        url, drop = _postgres_database(os.environ["CLUSTERA_DATABASE_URL"], f"{PG_DATABASE}_new")
    try:
        new = World(tmp_path, world.engine, url)
        restored = new.cli("backup", "restore", str(backup))
        assert "kept in" not in restored.stdout  # nothing to keep: the database was empty
        assert new.dump("restored") == before
    finally:
        if drop is not None:
            drop()
