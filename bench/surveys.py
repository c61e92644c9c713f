"""Survey collection under load: concurrent respondents answering page by page on a live server.

    uv run python bench/surveys.py [--quick] [--respondents 50] [--rounds N] [--think S] [--sqlite]

A three-page survey with skip logic (the tests' form) is imported into a fresh database
(PostgreSQL at ``$CLUSTERA_BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/clustera_h8_bench``, created if missing; SQLite when
PostgreSQL is unreachable or with ``--sqlite``), the portal is served by ``clustera serve`` (gunicorn:
one process per core, 8 threads each; ``--server waitress`` for the single-process server)
on 127.0.0.1 in a subprocess, and ``--respondents`` threads each answer the survey ``--rounds``
times through the HTML pages with cookies and CSRF tokens as a browser does: consent, page 1,
page 2 (shown by the skip logic), page 3, submit. Every POST (with the redirect it answers) is
timed; the 95th percentile per step and the errors are printed, and one summary line last.
``--think S`` makes each respondent read a page for S seconds on average (uniformly 0.5 S to
1.5 S, seeded) before posting it, as people do; the default 0 posts at once (a stress test: 50
requests always in flight). The reading time is never counted in the figures.
Loops are bounded; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STEPS = ("consent", "page 1", "page 2", "page 3", "submit")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _database(force_sqlite: bool, folder: str) -> tuple[str, str]:
    """The database URL to use and its kind (PostgreSQL, created when missing, else SQLite)."""
    url = os.environ.get(
        "CLUSTERA_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clustera_h8_bench"
    )
    if not force_sqlite:
        try:
            import psycopg

            parsed = urllib.parse.urlparse(url)
            admin = parsed._replace(path="/postgres").geturl()
            with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
                name = parsed.path.lstrip("/")
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
                connection.execute(f'CREATE DATABASE "{name}"')
            return url, "postgresql"
        except Exception as error:  # noqa: BLE001 - any failure means: fall back to SQLite
            print(f"PostgreSQL unreachable ({error.__class__.__name__}): using SQLite")
    return "", "sqlite"


def _prepare(folder: str, url: str) -> None:
    """Migrate and import the three-page survey (in this process, before the server starts)."""
    import django

    django.setup()
    from django.core.management import call_command
    from tests.surveys.conftest import write_form

    from clustera.surveys import services

    call_command("migrate", verbosity=0)
    services.import_form(write_form(Path(folder) / "form.xlsx"), slug="bench")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(port: int, server_name: str = "gunicorn") -> subprocess.Popen[bytes]:
    """The portal as deployed: ``clustera serve`` (gunicorn, one process per core, 8 threads)."""
    command = [sys.executable, "-m", "clustera.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--no-worker", "--server", server_name]
    server = subprocess.Popen(command, env=os.environ.copy())  # noqa: S603
    for _ in range(600):  # bounded wait for the port (60 s: imports are slow on a busy machine)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


class Respondent:
    """One browser: a cookie jar, the CSRF token of the last page, timings per step."""

    def __init__(self, base: str, think: float = 0.0, seed: int = 0) -> None:
        self.base = base
        self.think = think
        self.random = random.Random(seed)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""
        self.url = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            self.url = response.geturl()
            html = response.read().decode()
        found = _CSRF.search(html)
        self.token = found.group(1) if found else self.token
        return html

    def post(self, path: str, fields: list[tuple[str, str]]) -> tuple[float, str]:
        if self.think:
            time.sleep(self.think * self.random.uniform(0.5, 1.5))  # reading: not timed
        data = urllib.parse.urlencode([("csrfmiddlewaretoken", self.token), *fields]).encode()
        start = time.perf_counter()
        with self.opener.open(self.base + path, data=data, timeout=30) as response:
            self.url = response.geturl()
            html = response.read().decode()
        elapsed = (time.perf_counter() - start) * 1000
        found = _CSRF.search(html)
        self.token = found.group(1) if found else self.token
        return elapsed, html

    def answer(self, number: int, timings: dict[str, list[float]]) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.get("/surveys/bench/")
        pages = [
            [("page", "0"), ("company", f"Firm {number}"), ("used", "yes"), ("action", "next")],
            [("page", "1"), ("centre_name", "TC One"), ("visits", "4"), ("action", "next")],
            [("page", "2"), ("services", "testing"), ("trl", "5"), ("action", "next")],
            [("page", "3"), ("action", "submit")],
        ]
        elapsed, html = self.post("/surveys/bench/", [("consent", "yes")])
        timings["consent"].append(elapsed)
        resume = urllib.parse.urlparse(self.url).path
        for step, fields in zip(STEPS[1:], pages, strict=True):
            elapsed, html = self.post(resume, fields)
            timings[step].append(elapsed)
        if "Thank you" not in html:
            raise RuntimeError("the response was not submitted")


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round per respondent")
    parser.add_argument("--respondents", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=None, help="responses per respondent")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a respondent reads each page"
    )
    parser.add_argument(
        "--server", choices=["gunicorn", "waitress"], default="gunicorn", help="how to serve"
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite even if PostgreSQL is up")
    arguments = parser.parse_args()
    rounds = arguments.rounds or (1 if arguments.quick else 4)
    folder = tempfile.mkdtemp(prefix="clustera-bench-surveys-")
    url, kind = _database(arguments.sqlite, folder)
    os.environ.update(
        {
            "CLUSTERA_DATA_DIR": folder,
            "CLUSTERA_SECRET_KEY": "bench-only",
            "CLUSTERA_ALLOWED_HOSTS": "127.0.0.1",
            "CLUSTERA_DEBUG": "",
            "CLUSTERA_DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        }
    )
    _prepare(folder, url)
    port = _free_port()
    server = _serve(port, arguments.server)
    timings: dict[str, list[float]] = {step: [] for step in STEPS}
    errors: list[str] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        respondent = Respondent(f"http://127.0.0.1:{port}", arguments.think, seed=number)
        for round_number in range(rounds):
            local: dict[str, list[float]] = {step: [] for step in STEPS}
            try:
                respondent.answer(number * 1000 + round_number, local)
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{error.__class__.__name__}: {error}")
                continue
            with lock:
                for step, values in local.items():
                    timings[step].extend(values)

    try:
        started = time.perf_counter()
        threads = [threading.Thread(target=run, args=(n,)) for n in range(arguments.respondents)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    submitted = len(timings["submit"])
    for step in STEPS:
        values = timings[step]
        if values:
            print(f"{step:<8} n={len(values):>4}  median {statistics.median(values):7.1f} ms  "
                  f"p95 {_p95(values):7.1f} ms")  # fmt: skip
    for error in sorted(set(errors))[:5]:
        print("error:", error)
    worst = max((_p95(v) for v in timings.values() if v), default=float("nan"))
    print(
        f"surveys: {arguments.respondents} concurrent respondents x {rounds} on {kind}, "
        f"think {arguments.think:g} s, "
        f"{submitted} responses in {wall:.1f} s; p95 per page "
        + ", ".join(f"{s} {_p95(v):.0f} ms" for s, v in timings.items() if v)
        + f"; worst p95 {worst:.0f} ms (target 150); errors {len(errors)}"
    )


if __name__ == "__main__":
    main()
