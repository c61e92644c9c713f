"""``kill -9`` of ``clustera serve``: committed writes survive, a job left running is failed
with the reason when the server comes back, and a killed task worker is replaced at once.

The server runs on a copy of the test database (SQLite) or on it (PostgreSQL), as in
``test_serve.py``.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from tests.portal.test_serve import _database_env

PORT = 8133
BASE = f"http://127.0.0.1:{PORT}"

pytestmark = pytest.mark.slow


def _request(path: str, token: str, data: dict[str, Any] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(  # noqa: S310 - local
        BASE + path,
        data=json.dumps(data).encode() if data is not None else None,
        method="PATCH" if data is not None else "GET",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - local
        return answer.status, json.loads(answer.read())


def _start(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = "from clustera.cli import main; main()"
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-c", command, "serve", "--port", str(PORT), "--workers", "1"],
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited while starting"
        try:
            urllib.request.urlopen(BASE + "/api/openapi.json", timeout=5).close()  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the server did not answer in time")


def _workers(server: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The live task workers under the server (a killed one is a zombie until reaped)."""
    found = []
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if "db_worker" in " ".join(child.cmdline()):
                found.append(child)
        except (psutil.ZombieProcess, psutil.NoSuchProcess):
            continue
    return found


def _wait_for(condition: Any, what: str, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def _job_row(tmp_path: Path, pk: Any) -> tuple[str, str]:
    """Status and traceback of a job, read from the server's database."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "clustera.sqlite3") as db:
            table = DBTaskResult._meta.db_table
            row = db.execute(
                f"SELECT status, traceback FROM {table} WHERE id = ?",  # noqa: S608
                [str(pk).replace("-", "")],
            ).fetchone()
            return row[0], row[1]
    job = DBTaskResult.objects.get(pk=pk)
    return job.status, job.traceback


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_server_loses_no_committed_write_and_fails_the_abandoned_job(
    tmp_path, registry, bearer
):
    token = bearer("root")["HTTP_AUTHORIZATION"].split()[1]
    organisation = registry["ORG2"].pk
    abandoned = DBTaskResult.objects.create(  # as left by a worker killed in the middle of it
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="clustera.observatory.tasks.example",
        backend_name="default",
        run_after=timezone.now(),
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        "CLUSTERA_DATA_DIR": str(tmp_path),
        "CLUSTERA_SECRET_KEY": "serve-kill-test-not-secret",
        "CLUSTERA_RECOMMENDER_REFIT": "false",
        **_database_env(tmp_path),
    }
    server = _start(env)
    try:
        status, _ = _request(f"/api/organisations/{organisation}", token, {"city": "Kill City"})
        assert status == 200
        job_status, reason = _job_row(tmp_path, abandoned.pk)
        assert job_status == TaskResultStatus.FAILED and "not running" in reason
        first = _wait_for(lambda: _workers(server), "the task worker's start")[0]
        first.send_signal(signal.SIGKILL)
        second = _wait_for(
            lambda: [w for w in _workers(server) if w.pid != first.pid], "the worker's restart"
        )
        assert second[0].is_running()
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "clustera.sqlite3") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    server = _start(env)
    try:
        status, profile = _request(f"/api/organisations/{organisation}", token)
        assert status == 200 and profile["city"] == "Kill City"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
