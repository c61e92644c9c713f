"""Load test: many concurrent clients over the portal's busiest pages, through `clustera serve`.

Starts `clustera serve` (gunicorn) on a prepared data folder or database, or uses a running
server (``--url``), then runs ``--clients`` asyncio HTTP clients (aiohttp, keep-alive) for
``--duration`` seconds. Each client loops over five kinds of request, in turn, each with a random target:

- directory: ``/directory/?page=N``            - search: ``/search/?q=WORD``
- profile:   ``/organisations/ID/``            - api:    ``/api/organisations?limit=25&offset=N``
- region:    ``/observatory/regions/CODE/``

An error is a timeout (``--timeout``), a refused connection or a status of 400 or more.
The server runs without the API rate limits (one address sends everything) and without the
task worker unless ``--with-worker``.

    # (a) the demo on SQLite (prepare once: CLUSTERA_DATA_DIR=/tmp/demo clustera demo run --no-serve)
    uv run python bench/load.py --data-dir /tmp/demo --clients 200 --duration 300 [--quick]
    # (b) PostgreSQL holding 100,000 organisations (bench/scale_registry.py loads them)
    uv run python bench/load.py --database-url postgres://postgres@127.0.0.1/clustera_scale \\
        --clients 50 --duration 300 [--quick]

``--think S`` makes each client wait between requests, a random time between S/2 and 3S/2
(locust's ``between``), as readers do; without it every client asks again at once.
``--quick`` runs 30 s. Per kind of request it prints p50 and p95; the last line is the summary:
``load: N requests in D s (R/s), E errors, H% cached, p50 ... ms, p95 ... ms, max ...; C clients,
think T s; client CPU ...; load ...`` (cached: answered from the page cache, ``X-Page-Cache:
hit``; client CPU: this process's own CPU time over the run, which the 2 cores lend the clients
instead of the server)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx

KINDS = ("directory", "search", "profile", "api", "region")
WORDS = ("energy", "digital", "health", "water", "textile", "cluster", "bio", "auto", "food")


@dataclass
class Targets:
    organisations: list[int]
    regions: list[str]
    directory_pages: int
    api_offsets: int

    def url(self, kind: str, rng: random.Random) -> str:
        if kind == "directory":
            return f"/directory/?page={rng.randint(1, self.directory_pages)}"
        if kind == "search":
            return f"/search/?q={rng.choice(WORDS)}"
        if kind == "profile":
            return f"/organisations/{rng.choice(self.organisations)}/"
        if kind == "api":
            # a keyset page from anywhere in the list: the 25 after a random organisation (the
            # API's offset stops at 10,000; its `next` links page this way, however deep)
            return f"/api/organisations?limit=25&after={rng.choice(self.organisations)}"
        return f"/observatory/regions/{rng.choice(self.regions)}/"


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # X-Page-Cache: hit
    samples: list[str] = field(default_factory=list)


def load_average() -> str:
    try:
        first, second, third = Path("/proc/loadavg").read_text().split()[:3]
        return f"{first}, {second}, {third}"
    except (OSError, ValueError):
        return "n/a"


async def _json(client: aiohttp.ClientSession, url: str) -> Any:
    async with client.get(url) as response:
        return await response.json()


async def _text(client: aiohttp.ClientSession, url: str) -> str:
    async with client.get(url) as response:
        return await response.text()


async def discover(client: aiohttp.ClientSession) -> Targets:
    """Organisation ids, region codes and page counts, read through the API."""
    first = await _json(client, "/api/organisations?limit=500")
    count = int(first.get("count", len(first["items"])))
    ids = [int(item["id"]) for item in first["items"]]
    if count > 500:  # a sample from further on, as well
        offset = random.Random(1).randrange(500, count)
        more = await _json(client, f"/api/organisations?limit=500&offset={offset}")
        ids += [int(item["id"]) for item in more["items"]]
    regions = sorted(set(_region_codes(await _text(client, "/observatory/"))))
    if not regions:
        found = (await _json(client, "/api/regions?limit=200&level=2"))["items"]
        regions = [str(item["code"]) for item in found]
    if not ids or not regions:
        raise SystemExit("load: the registry or the regions are empty (seed the demo first)")
    page_size = 25
    return Targets(
        organisations=ids,
        regions=regions,
        directory_pages=max(1, min(count // page_size, 2000)),
        api_offsets=max(1, count - 25),
    )


def _region_codes(html: str) -> list[str]:
    import re

    return re.findall(r'href="/observatory/regions/([A-Za-z0-9_-]+)/"', html)


async def one_client(
    client: aiohttp.ClientSession,
    targets: Targets,
    deadline: float,
    seed: int,
    results: Results,
    think: float = 0.0,
) -> None:
    rng = random.Random(seed)
    turn = seed
    if think > 0:  # clients do not all start at once, as a crowd would not
        await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < deadline:
        kind = KINDS[turn % len(KINDS)]
        turn += 1
        url = targets.url(kind, rng)
        start = time.perf_counter()
        try:
            async with client.get(url) as response:
                await response.read()
                failed = response.status >= 400
                results.hits[kind] += response.headers.get("X-Page-Cache") == "hit"
                reason = f"{response.status} {url}"
        except (TimeoutError, aiohttp.ClientError) as error:
            failed, reason = True, f"{type(error).__name__} {url}"
        elapsed = time.perf_counter() - start
        results.latencies[kind].append(elapsed)
        if failed:
            results.errors[kind] += 1
            if len(results.samples) < 10:
                results.samples.append(reason)
        if think > 0:  # like locust's between(think / 2, think * 3 / 2): a reader between pages
            pause = rng.uniform(think / 2, think * 3 / 2)
            await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))


async def run_load(
    base: str, clients: int, duration: float, timeout: float, think: float = 0.0
) -> Results:
    connector = aiohttp.TCPConnector(limit=clients, keepalive_timeout=30)
    session_timeout = aiohttp.ClientTimeout(total=timeout)
    # one cookie jar for all, as before with httpx (unsafe: it keeps 127.0.0.1's cookies): the
    # visitors carry a CSRF cookie and no session, so their pages come from the page cache
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(
        base_url=base, connector=connector, timeout=session_timeout, cookie_jar=jar
    ) as client:
        targets = await discover(client)
        print(
            f"targets: {len(targets.organisations)} organisations, {len(targets.regions)} regions, "
            f"{targets.directory_pages} directory pages",
            flush=True,
        )
        results = Results()
        deadline = time.monotonic() + duration
        await asyncio.gather(
            *(
                one_client(client, targets, deadline, seed, results, think)
                for seed in range(clients)
            )
        )
        return results


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_server(arguments: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
        "CLUSTERA_API_RATE_IP": "",
        "CLUSTERA_API_RATE_TOKEN": "",
        "CLUSTERA_DEBUG": "false",
        "CLUSTERA_DATABASE_URL": arguments.database_url or "",
    }
    if arguments.data_dir:
        env["CLUSTERA_DATA_DIR"] = arguments.data_dir
    else:
        env.setdefault("CLUSTERA_DATA_DIR", tempfile.mkdtemp(prefix="clustera-load-"))
    command = [sys.executable, "-c", "from clustera.cli import main; main()", "serve"]
    command += ["--port", str(arguments.port)]
    if arguments.workers:
        command += ["--workers", str(arguments.workers)]
    command += ["--threads", str(arguments.threads)]
    if not arguments.with_worker:
        command.append("--no-worker")
    return subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603


def wait_until_up(base: str, server: subprocess.Popen[bytes] | None, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"load: the server exited with status {server.returncode}")
        try:
            if httpx.get(base + "/api/openapi.json", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("load: the server did not answer in time")


def report(
    results: Results, clients: int, duration: float, load_before: str, think: float = 0.0
) -> None:
    every: list[float] = []
    for kind in KINDS:
        values = results.latencies.get(kind, [])
        every += values
        print(
            f"  {kind:9} {len(values):6} requests, {results.errors.get(kind, 0)} errors, "
            f"{100 * results.hits.get(kind, 0) / max(1, len(values)):3.0f}% from the page cache, "
            f"p50 {1000 * percentile(values, 0.5):7.0f} ms, "
            f"p95 {1000 * percentile(values, 0.95):7.0f} ms, "
            f"max {1000 * max(values, default=0):7.0f} ms"
        )
    for sample in results.samples:
        print(f"  error: {sample}")
    errors = sum(results.errors.values())
    mean = statistics.fmean(every) if every else 0.0
    print(
        f"load: {len(every)} requests in {duration:.0f} s ({len(every) / duration:.1f}/s), "
        f"{errors} errors, {100 * sum(results.hits.values()) / max(1, len(every)):.0f}% cached, "
        f"p50 {1000 * percentile(every, 0.5):.0f} ms, "
        f"p95 {1000 * percentile(every, 0.95):.0f} ms, mean {1000 * mean:.0f} ms, "
        f"max {1000 * max(every, default=0):.0f} ms; {clients} clients, think {think:g} s; "
        f"client CPU {100 * time.process_time() / duration:.0f}% of a core; "
        f"load average before {load_before}, after {load_average()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 seconds")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--url", default="", help="a running server (no server is started)")
    parser.add_argument("--data-dir", default="", help="CLUSTERA_DATA_DIR of the server")
    parser.add_argument("--database-url", default="", help="CLUSTERA_DATABASE_URL of the server")
    parser.add_argument("--port", type=int, default=8172)
    parser.add_argument("--workers", type=int, default=0, help="default: serve's")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--with-worker", action="store_true", help="run the task worker too")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds a client waits between requests: uniform between half and one and a half "
        "times it (locust's between); 0: none",
    )
    arguments = parser.parse_args()
    if not 1 <= arguments.clients <= 1000:
        parser.error("--clients must be between 1 and 1000")
    if not 0 <= arguments.think <= 60:
        parser.error("--think must be between 0 and 60 seconds")
    duration = 30.0 if arguments.quick else min(arguments.duration, 3600.0)
    base = arguments.url.rstrip("/") or f"http://127.0.0.1:{arguments.port}"
    server = None if arguments.url else start_server(arguments)
    try:
        wait_until_up(base, server, 300)
        load_before = load_average()
        print(f"command: {' '.join(sys.argv)}", flush=True)
        results = asyncio.run(
            run_load(base, arguments.clients, duration, arguments.timeout, arguments.think)
        )
        report(results, arguments.clients, duration, load_before, arguments.think)
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
