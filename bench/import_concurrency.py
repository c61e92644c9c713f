"""A bulk import beside API writes on one SQLite file (or PostgreSQL): import time, longest wait.

Usage::

    uv run python bench/import_concurrency.py                    # 20,000 organisations
    uv run python bench/import_concurrency.py --quick            # 2,000
    uv run python bench/import_concurrency.py --database-url postgres://postgres@127.0.0.1/x

A fresh database gets the tiny test registry and a superuser token; then one process runs
``clustera registry import`` of N synthetic organisations while another PATCHes an
organisation through the API in a loop (one request at a time) and times each answer. The
summary line comes last: the import's time and the longest time a write waited.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from clustera.accounts.models import ApiToken
from clustera.registry.exchange_files import read_exchange
from clustera.registry.importing import import_tables
import_tables(read_exchange(__import__("pathlib").Path(FOLDER)))
root = get_user_model().objects.create_superuser("root", password="pw-root-bench-1")
print(ApiToken.issue(root, "bench")[1])
"""

_WRITER = """
import json, time, django; django.setup()
from pathlib import Path
from django.test import Client
from clustera.registry.models import Organisation
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
headers = {"HTTP_AUTHORIZATION": "Bearer " + TOKEN}
target = Organisation.objects.get(key="ORG2").pk
writes = []
client.get("/api/organisations?limit=1")
Path(READY).touch()
deadline = time.monotonic() + 900
while not Path(STOP).exists() and time.monotonic() < deadline:
    started = time.monotonic()
    status = client.patch(f"/api/organisations/{target}", data={"city": f"Port {len(writes)}"},
                          content_type="application/json", **headers).status_code
    writes.append((time.monotonic() - started, status))
print(json.dumps(writes))
"""


def _registry(folder: Path, count: int) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from clustera.testing.registry_data import ORGANISATIONS, write_registry

    lines = ORGANISATIONS.splitlines()
    lines += [
        f"BULK{n},Bulk Synthetic Firm {n},sme,Synthetic bulk record,,,Port City,XA111,XA,"
        f",,micro,{n % 50},2001,C26;C27,KET1;KET2,ELEC,en,true"
        for n in range(count)
    ]
    return write_registry(folder, **{"organisations.csv": "\n".join(lines) + "\n"})


def _python(code: str, env: dict[str, str], **values: str) -> subprocess.Popen[str]:
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    return subprocess.Popen(  # noqa: S603 - our own code
        [sys.executable, "-c", prelude + code], env=env, stdout=subprocess.PIPE, text=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 organisations")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    count = 2_000 if args.quick else args.organisations
    work = Path(tempfile.mkdtemp(prefix="clustera-import-bench-"))
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERA_", "DJANGO_"))}
    env = {
        **inherited,
        "CLUSTERA_DATA_DIR": str(work / "data"),
        "CLUSTERA_DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.test",
    }
    (work / "data").mkdir()
    small = _registry(work / "small", 0)
    setup = _python(_SETUP, env, FOLDER=str(small))
    token = setup.communicate(timeout=600)[0].strip().splitlines()[-1]
    big = _registry(work / "big", count)
    ready, stop = work / "ready", work / "stop"
    writer = _python(_WRITER, env, TOKEN=token, READY=str(ready), STOP=str(stop))
    deadline = time.monotonic() + 300
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    started = time.monotonic()
    imported = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "clustera.cli", "registry", "import", str(big)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.monotonic() - started
    stop.touch()
    writes = json.loads(writer.communicate(timeout=600)[0].strip().splitlines()[-1])
    statuses = sorted({status for _, status in writes})
    longest = max((wait for wait, _ in writes), default=0.0)
    load = os.getloadavg()[0]
    print(imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else "")
    print(
        f"import of {count} organisations: {seconds:.1f} s (exit {imported.returncode}); "
        f"{len(writes)} API writes during it, longest wait {longest:.2f} s, statuses {statuses}; "
        f"load {load:.1f}"
    )
    return 0 if imported.returncode == 0 and statuses == [200] else 1


if __name__ == "__main__":
    sys.exit(main())
