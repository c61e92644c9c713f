"""A bulk import beside API requests on one database, for the concurrency test and benchmark.

One process runs ``clustera registry import`` of a large registry while another sends API
requests in a loop (one at a time) and times each answer. ``run_import_beside_client`` does the
whole run on a fresh database (a SQLite file in ``work``, or the PostgreSQL database named) and
returns what the tests and ``bench/import_concurrency.py`` judge. Importing this module imports
neither Django nor pytest: the processes it starts load Django.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from clustera.testing.registry_data import ORGANISATIONS, write_registry

__all__ = ["ImportRun", "bulk_registry", "run_import_beside_client"]

_SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from clustera.accounts.models import ApiToken
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables
import_tables(read_exchange(__import__("pathlib").Path(FOLDER)))
editor = get_user_model().objects.create_superuser("root", password="pw-root-concurrency-1")
print(ApiToken.issue(editor, "concurrency")[1])
"""

_CLIENT = """
import json, time, django; django.setup()
from pathlib import Path
from django.test import Client
from clustera.registry.models import Organisation
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
headers = {"HTTP_AUTHORIZATION": "Bearer " + TOKEN}
target = Organisation.objects.get(key="ORG2").pk
reads, writes = [], []
deadline = time.monotonic() + SECONDS
first = client.get("/api/organisations?limit=1")
Path(READY).touch()
while not Path(STOP).exists() and time.monotonic() < deadline:
    if READS:
        started = time.monotonic()
        status = client.get("/api/organisations?limit=5&q=Lumen").status_code
        reads.append((time.monotonic() - started, status))
    started = time.monotonic()
    status = client.patch(f"/api/organisations/{target}", data={"city": f"Port {len(writes)}"},
                          content_type="application/json", **headers).status_code
    writes.append((time.monotonic() - started, status))
print(json.dumps({"reads": reads, "writes": writes, "first": first.content.decode()[:300]}))
"""


@dataclass(frozen=True)
class ImportRun:
    """The import's process and time, and the client's timed answers as (seconds, status)."""

    imported: subprocess.CompletedProcess[str]
    seconds: float
    reads: list[tuple[float, int]]
    writes: list[tuple[float, int]]
    first: str


def bulk_registry(folder: Path, count: int, codes: str = "C26,KET1,") -> Path:
    """The tiny test registry plus ``count`` synthetic SMEs, in ``folder``; ``codes`` are their
    ``nace,technologies,ecosystems`` cells."""
    lines = ORGANISATIONS.splitlines()
    lines += [
        f"BULK{n},Bulk Synthetic Firm {n},sme,Synthetic bulk record,,,Port City,XA111,XA,"
        f",,micro,{n % 50},2001,{codes},en,true"
        for n in range(count)
    ]
    return write_registry(folder, **{"organisations.csv": "\n".join(lines) + "\n"})


def _python(code: str, env: dict[str, str], **values: object) -> subprocess.Popen[str]:
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", prelude + code], env=env, stdout=subprocess.PIPE, text=True
    )


def _environment(work: Path, database_url: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERA_", "DJANGO_"))}
    (work / "data").mkdir()
    return {
        **inherited,
        "CLUSTERA_DATA_DIR": str(work / "data"),
        "CLUSTERA_DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.test",
    }


def run_import_beside_client(
    work: Path, big: Path, *, database_url: str = "", reads: bool = True, timeout: float = 600
) -> ImportRun:
    """Set up a fresh database with the tiny registry and a superuser token, start the client
    (reads and writes, or writes only), import ``big`` and stop the client.

    ``timeout`` bounds the import; the set-up, the client's loop and its collection get half of
    it, the wait for the client to be ready a fifth.
    """
    env = _environment(work, database_url)
    setup = _python(_SETUP, env, FOLDER=str(write_registry(work / "small")))
    token = setup.communicate(timeout=timeout / 2)[0].strip().splitlines()[-1]
    if setup.returncode != 0:
        raise RuntimeError(f"the set-up of the database failed (exit {setup.returncode})")
    ready, stop = work / "client-ready", work / "import-done"
    client = _python(
        _CLIENT,
        env,
        TOKEN=token,
        READY=str(ready),
        STOP=str(stop),
        READS=reads,
        SECONDS=timeout / 2,
    )
    deadline = time.monotonic() + timeout / 5
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    imported = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "clustera.cli", "registry", "import", str(big)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    stop.touch()
    result = json.loads(client.communicate(timeout=timeout / 2)[0].strip().splitlines()[-1])
    return ImportRun(
        imported, seconds, _timed(result["reads"]), _timed(result["writes"]), result["first"]
    )


def _timed(answers: list[list[float]]) -> list[tuple[float, int]]:
    return [(float(seconds), int(status)) for seconds, status in answers]
