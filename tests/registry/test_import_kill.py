"""``kill -9`` of an import at any moment: no partial import, earlier data intact, leftovers
removed by the next import or ``clustera registry import --cleanup`` (ADR 0003, point 4).

Each import runs in a subprocess on its own database (a SQLite file, or a PostgreSQL database
beside the test one when ``CLUSTERA_DATABASE_URL`` names PostgreSQL). The import's checkpoint
hook writes a marker file and blocks at the named point; the test waits for the marker (no
timed sleeps) and kills the process with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from clustera.testing.registry_data import ORGANISATIONS, write_registry

pytestmark = pytest.mark.slow

N_NEW = 600  # more than one staging batch of organisations, and nine with their links

_SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables
import_tables(read_exchange(__import__("pathlib").Path(FOLDER)))
"""

_AGAIN = """
import django; django.setup()
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables
import_tables(read_exchange(__import__("pathlib").Path(FOLDER)))
"""

_IMPORT = """
import time, django; django.setup()
from pathlib import Path
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables

def stop(name):
    if name.startswith(POINT):
        Path(MARK).write_text(name)
        while True:
            time.sleep(60)

import_tables(read_exchange(Path(FOLDER)), checkpoint=stop)
"""

_STATE = """
import json, django; django.setup()
from clustera.registry import models
org2 = models.Organisation.objects.get(key="ORG2")
print(json.dumps({
    "organisations": models.Organisation.objects.count(),
    "org2": org2.name,
    "org2_activities": sorted(org2.activities.values_list("code", flat=True)),
    "links": models.Organisation.technologies.through.objects.count(),
    "memberships": models.ClusterMembership.objects.count(),
    "staged": models.StagedRow.objects.count(),
    "runs": models.ImportRun.objects.count(),
}))
"""

BEFORE = {
    "organisations": 3,
    "org2": "Lumen Optics",
    "org2_activities": ["C26", "C27"],
    "links": 3,
    "memberships": 2,
}


def _database_url(name: str) -> str:
    """'' (SQLite in the data folder) or a fresh PostgreSQL database named after ``name``."""
    url = os.environ.get("CLUSTERA_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ""
    import psycopg

    server, _, base = url.rpartition("/")
    database = f"{base}_{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    return f"{server}/{database}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A migrated database holding the tiny registry; the env that reaches it; a big import."""
    tmp = tmp_path_factory.mktemp("import-kill")
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERA_", "DJANGO_"))}
    env = {
        **inherited,
        "CLUSTERA_DATA_DIR": str(tmp / "data"),
        "CLUSTERA_DATABASE_URL": _database_url("kill"),
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.test",
    }
    (tmp / "data").mkdir()
    setup = _python(_SETUP, env, FOLDER=str(write_registry(tmp / "small")))
    assert setup.wait(timeout=300) == 0
    lines = ORGANISATIONS.replace("Lumen Optics", "Lumen Optics Renamed").splitlines()
    lines = [line.replace("C26;C27", "C26") for line in lines]
    lines += [
        f"NEW{n},New Firm {n},sme,Imported in batches,,,Port City,XA111,XA,,,micro,{n % 40},2010,"
        f"C26;C27,KET1;KET2,ELEC,en,true"
        for n in range(N_NEW)
    ]
    big = write_registry(tmp / "big", **{"organisations.csv": "\n".join(lines) + "\n"})
    return {"env": env, "big": big, "tmp": tmp, "small": tmp / "small"}


def _python(code: str, env: dict[str, str], **values: str) -> subprocess.Popen[str]:
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", prelude + code], env=env, stdout=subprocess.PIPE, text=True
    )


def _state(env: dict[str, str]) -> dict[str, object]:
    process = _python(_STATE, env)
    out = process.communicate(timeout=600)[0]
    assert process.returncode == 0
    return json.loads(out.strip().splitlines()[-1])


def _kill_at(world: dict, point: str) -> str:
    mark = world["tmp"] / f"mark-{point.replace(' ', '-')}"
    process = _python(_IMPORT, world["env"], POINT=point, MARK=str(mark), FOLDER=str(world["big"]))
    try:
        deadline = time.monotonic() + 300
        while not mark.exists():
            assert process.poll() is None, f"the import ended before reaching {point!r}"
            assert time.monotonic() < deadline, f"the import did not reach {point!r}"
            time.sleep(0.02)
        reached = mark.read_text()
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return reached


@pytest.mark.parametrize(
    ("point", "then"),
    [
        ("reserved", "cleanup"),  # ids reserved, nothing staged yet
        ("batch 2", "import"),  # during staging
        ("staged", "cleanup"),  # every batch staged, just before the move
        ("moved 1 of", "import"),  # inside the move, its first insert done
        ("committing", "cleanup"),  # the move done, staging emptied, not yet committed
    ],
)
def test_an_import_killed_at_any_moment_leaves_no_partial_import(world, point, then):
    reached = _kill_at(world, point)
    state = _state(world["env"])
    assert {k: state[k] for k in BEFORE} == BEFORE, (reached, state)
    assert state["runs"] == 1, state  # the dead run is there until someone cleans up
    if point != "reserved":
        assert state["staged"] > 0, (reached, state)
    if then == "cleanup":
        cleaned = subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "clustera.cli", "registry", "import", "--cleanup"],
            env=world["env"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert cleaned.returncode == 0, cleaned.stderr
        assert "removed 1 crashed import(s)" in cleaned.stdout
    else:
        again = _python(_AGAIN, world["env"], FOLDER=str(world["small"]))
        assert again.wait(timeout=300) == 0
    after = _state(world["env"])
    assert (after["staged"], after["runs"]) == (0, 0), after
    assert {k: after[k] for k in BEFORE} == BEFORE


def test_an_import_killed_after_its_move_is_whole_and_its_leftovers_go(world):
    _kill_at(world, "cleaning")  # committed; the staged copies not yet deleted
    state = _state(world["env"])
    assert state["organisations"] == 3 + N_NEW and state["org2"] == "Lumen Optics Renamed"
    assert state["org2_activities"] == ["C26"] and state["links"] == 3 + 2 * N_NEW
    assert state["runs"] == 1 and state["staged"] > 0
    again = _python(_AGAIN, world["env"], FOLDER=str(world["small"]))
    assert again.wait(timeout=300) == 0
    after = _state(world["env"])
    assert (after["staged"], after["runs"]) == (0, 0) and after["org2"] == "Lumen Optics"
