"""``clustera serve`` serves the portal on gunicorn with its task worker, then stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from django.db import connection

PORT = 8171
BASE = f"http://127.0.0.1:{PORT}"


def _database_env(tmp_path: Path) -> dict[str, str]:
    """Point the server at a copy of the migrated test database (SQLite) or at it (PostgreSQL)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "clustera.sqlite3")
        connection.connection.backup(target)
        target.close()
        return {"CLUSTERA_DATABASE_URL": ""}
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return {"CLUSTERA_DATABASE_URL": f"{url}/{s['NAME']}"}


def _get(path: str, timeout: float = 10) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(BASE + path, timeout=timeout) as answer:  # noqa: S310 - local
        return answer.status, dict(answer.headers), answer.read().decode("utf-8", "replace")


def _wait_until_up(server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited while starting"
        try:
            _get("/api/openapi.json", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the server did not answer in time")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_serve_answers_pages_and_cached_static_files_then_stops_with_its_worker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        "CLUSTERA_DATA_DIR": str(tmp_path),
        "CLUSTERA_SECRET_KEY": "serve-test-not-secret",
        "CLUSTERA_RECOMMENDER_REFIT": "false",
        **_database_env(tmp_path),
    }
    command = "from clustera.cli import main; main()"
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-c", command, "serve", "--port", str(PORT), "--workers", "2"],
        env=env,
        start_new_session=True,
    )
    try:
        _wait_until_up(server, time.monotonic() + 240)
        status, _, page = _get("/")
        assert status == 200
        hashed = re.search(r"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)", page)
        assert hashed, "the page links no hashed static file"
        status, headers, _ = _get(hashed.group(0))
        assert status == 200
        assert (
            "immutable" in headers["Cache-Control"]
            and "max-age=315360000" in headers["Cache-Control"]
        )
        children = psutil.Process(server.pid).children(recursive=True)
        commands = [" ".join(child.cmdline()) for child in children]
        assert sum("db_worker" in c for c in commands) == 1, commands
        assert len(children) >= 3, commands  # two web workers and the task worker
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        time.sleep(0.5)
        alive = [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
        assert alive == [], [c.cmdline() for c in alive]
        with pytest.raises(OSError):
            _get("/api/openapi.json", timeout=2)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
