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
import os
import sys
import tempfile
from pathlib import Path

from clustera.testing.import_concurrency import bulk_registry, run_import_beside_client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="2,000 organisations")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args()
    count = 2_000 if args.quick else args.organisations
    work = Path(tempfile.mkdtemp(prefix="clustera-import-bench-"))
    big = bulk_registry(work / "big", count, "C26;C27,KET1;KET2,ELEC")
    run = run_import_beside_client(
        work, big, database_url=args.database_url, reads=False, timeout=1800
    )
    imported, writes = run.imported, run.writes
    statuses = sorted({status for _, status in writes})
    longest = max((wait for wait, _ in writes), default=0.0)
    load = os.getloadavg()[0]
    print(imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else "")
    print(
        f"import of {count} organisations: {run.seconds:.1f} s (exit {imported.returncode}); "
        f"{len(writes)} API writes during it, longest wait {longest:.2f} s, statuses {statuses}; "
        f"load {load:.1f}"
    )
    return 0 if imported.returncode == 0 and statuses == [200] else 1


if __name__ == "__main__":
    sys.exit(main())
