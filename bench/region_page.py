"""Region page render time from stored indicators, on a generated world of 300 x 600 x 10.

Loads a generated world (300 regions, 600 activities, 10 years of employment,
plus patents) into a fresh SQLite database, computes and stores its indicators,
then renders the region page of many regions through Django's test client and
reports the 95th percentile. The peer figure is the same page's figures computed
live from the observations (what a page would cost without stored results).

    uv run python bench/region_page.py [--quick]

The last line is the summary: ``region_page: p95 ...; live ...; ratio``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="120 x 200 x 5, fewer requests")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument(
        "--data-dir",
        default=None,
        help="Keep the database here and reuse it when it already holds the world",
    )
    arguments = parser.parse_args()
    regions, activities, years = (120, 200, 5) if arguments.quick else (300, 600, 10)
    requests = arguments.requests or (40 if arguments.quick else 200)

    folder = arguments.data_dir or tempfile.mkdtemp(prefix="clustera-bench-")
    os.makedirs(folder, exist_ok=True)
    os.environ["CLUSTERA_DATA_DIR"] = folder
    os.environ.setdefault("CLUSTERA_SECRET_KEY", "bench-only")
    os.environ["CLUSTERA_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["CLUSTERA_DEBUG"] = ""
    os.environ["CLUSTERA_DATABASE_URL"] = ""
    os.environ["DJANGO_SETTINGS_MODULE"] = "clustera.portal.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from clustera import analytics
    from clustera.observatory import models
    from clustera.observatory.computing import observation_frame
    from clustera.observatory.generated_world import build_generated_world
    from clustera.observatory.services import load_world_datasets

    def check_urls() -> None:
        try:
            import clustera.portal.urls  # noqa: F401
        except Exception as error:
            raise SystemExit(
                f"the portal's URL configuration does not import: {error!r}"
            ) from error

    if not arguments.data_dir:
        check_urls()  # fail now rather than after loading the world
    call_command("migrate", interactive=False, verbosity=0)
    from clustera.registry.models import Region

    if models.Dataset.objects.filter(code="SYN-EMPLOYMENT").exists():
        print(f"reusing the world stored in {folder}", file=sys.stderr)
        datasets = [models.Dataset.objects.get(code="SYN-EMPLOYMENT", is_current=True)]
        codes = list(
            Region.objects.filter(nuts_version="GEN", level=2).values_list("code", flat=True)
        )
    else:
        started = time.perf_counter()
        world = build_generated_world(
            n_regions=regions, n_activities=activities, n_years=years, seed=3
        )
        built = time.perf_counter()
        datasets = load_world_datasets(world)
        loaded = time.perf_counter()
        cells = models.CellIndicator.objects.count()
        print(
            f"world {regions} x {activities} x {years}: {len(world.employment):,} employment "
            f"observations, {cells:,} stored cells; generated in {built - started:.1f} s, "
            f"loaded and computed in {loaded - built:.1f} s",
            file=sys.stderr,
        )
        codes = list(world.regions["code"])
    check_urls()
    client = Client()
    client.get(f"/observatory/regions/{codes[0]}/")  # warm the template cache
    timings = []
    for number in range(requests):
        code = codes[(number * 7919) % len(codes)]
        start = time.perf_counter()
        response = client.get(f"/observatory/regions/{code}/")
        timings.append(1000 * (time.perf_counter() - start))
        if response.status_code != 200 or b"Smart-specialisation diagram" not in response.content:
            raise SystemExit(f"region page of {code} failed: {response.status_code}")
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    median = statistics.median(timings)

    # Peer: the same figures computed live from the stored observations, per request.
    employment = datasets[0]
    live = []
    for _ in range(3 if arguments.quick else 2):
        start = time.perf_counter()
        frame = observation_frame(employment)
        panel = frame.pivot_table(
            index=["year", "region_id"],
            columns="category",
            values="value",
            aggfunc="sum",
            fill_value=0.0,
        )
        analytics.location_quotient(panel)
        analytics.cluster_stars(panel)
        proximity = analytics.relatedness(panel, "association")
        analytics.relatedness_density(panel, proximity, scale=100.0)
        analytics.complexity(panel)
        last = panel.index.get_level_values(0).max()
        analytics.diversification_opportunities(panel.loc[last])
        live.append(1000 * (time.perf_counter() - start))
    live_median = statistics.median(live)
    print(
        f"{requests} region pages: median {median:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms;"
        f" live computation median {live_median:.0f} ms",
        file=sys.stderr,
    )
    print(
        f"region_page: p95 {p95:.1f} ms from stored indicators ({regions}x{activities}x{years}); "
        f"live computation {live_median:.0f} ms; ratio {live_median / p95:.0f}x"
    )


if __name__ == "__main__":
    main()
