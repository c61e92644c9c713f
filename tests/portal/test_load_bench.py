"""``bench/load.py`` end to end: its clients (aiohttp) against a live server, summary line last."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(r"^load: (\d+) requests in \d+ s \([\d.]+/s\), (\d+) errors, (\d+)% cached")

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_load_bench_asks_every_kind_of_page_and_counts_answers(live_server, registry):
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "load.py"), "--url", live_server.url]
        + ["--clients", "2", "--duration", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    found = SUMMARY.match(lines[-1])
    assert found, lines[-1]
    requests, errors = int(found.group(1)), int(found.group(2))
    assert requests >= 5 and errors == 0, done.stdout
    for kind in ("directory", "search", "profile", "api", "region"):
        row = next(line for line in lines if line.strip().startswith(kind))
        assert int(row.split()[1]) >= 1, row  # every kind was asked at least once
