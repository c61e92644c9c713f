"""Long local fuzzing run of the API against its OpenAPI schema (schemathesis, every check).

Usage::

    uv run python bench/api_fuzz.py --cases 10000     # the long run (docs/benchmarks.md)
    uv run python bench/api_fuzz.py --quick           # about 600 cases

The API runs in-process on a throw-away SQLite database holding the test suite's tiny registry
(a private organisation, a cluster, contacts) and one user per role. The cases are split
evenly between the operations, half anonymous and half with an organisation admin's bearer
token. The summary line comes last; the exit status is 1 when anything broke the contract.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup() -> None:
    os.environ["CLUSTERA_DATA_DIR"] = tempfile.mkdtemp(prefix="clustera-fuzz-")
    os.environ["CLUSTERA_DATABASE_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "clustera.portal.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _world() -> str:
    """Import the tiny registry, make an organisation admin; return its bearer token."""
    from django.contrib.auth import get_user_model

    from clustera.accounts.models import ApiToken, OrganisationMembership
    from clustera.registry import models
    from clustera.registry.exchange_files import read_exchange
    from clustera.registry.importing import import_tables
    from clustera.testing.registry_data import write_registry

    folder = Path(tempfile.mkdtemp(prefix="clustera-fuzz-registry-"))
    import_tables(read_exchange(write_registry(folder / "registry")))
    admin = get_user_model().objects.create_user("fuzz-admin", password="fuzz-admin-pw-1")
    OrganisationMembership.objects.create(
        user=admin, organisation=models.Organisation.objects.get(key="ORG2"), role="admin"
    )
    _, clear = ApiToken.issue(admin, "fuzz")
    return clear


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="total cases (about)")
    parser.add_argument("--quick", action="store_true", help="about 600 cases")
    args = parser.parse_args()
    total = 600 if args.quick else args.cases
    _setup()
    token = _world()
    from django.core.handlers.wsgi import WSGIHandler

    from clustera.portal.api import api
    from clustera.testing.api_contract import fuzz_api

    operations = sum(len(ops) for ops in api.get_openapi_schema()["paths"].values())
    per_operation = max(1, total // (2 * operations))
    started = time.perf_counter()
    reports = {
        "anonymous": fuzz_api(WSGIHandler(), cases_per_operation=per_operation),
        "token": fuzz_api(
            WSGIHandler(),
            cases_per_operation=per_operation,
            headers={"Authorization": f"Bearer {token}"},
        ),
    }
    seconds = time.perf_counter() - started
    for name, report in reports.items():
        print(f"{name}: {report.summary()}")
        for key, message in report.failures.items():
            print(f"  {key}\n      {message}")
    cases = sum(r.cases for r in reports.values())
    failures = sum(len(r.failures) for r in reports.values())
    errors = sum(r.server_errors for r in reports.values())
    print(
        f"SUMMARY api_fuzz operations={operations} cases={cases} server_errors={errors} "
        f"distinct_failures={failures} seconds={seconds:.0f}"
    )
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())
