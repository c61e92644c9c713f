"""Load a synthetic registry of 100,000 organisations into a PostgreSQL database, fast.

Creates the database (``--recreate`` drops it first), runs ``migrate``, generates the synthetic
world (``clustera.synth``) and loads it: the reference tables (regions, taxonomies) through the
ordinary importer, then organisations, their codes, cluster profiles, memberships, offers,
services and contacts with PostgreSQL ``COPY`` (one transaction), then the observatory's
employment and patent datasets with their indicators (what the region page shows).
Finally ``VACUUM ANALYZE``: the planner knows the tables' sizes, index-only scans work.

    uv run python bench/scale_registry.py \\
        --database-url postgres://postgres@127.0.0.1:5432/clustera_scale --recreate [--quick]

``--quick`` loads 10,000 organisations. The last line is the summary:
``scale_registry: N organisations (P public) ... in S s; database ...``
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlparse

REFERENCE = ("regions", "activities", "technologies", "ecosystems", "s3_priorities")


def create_database(url: str, recreate: bool) -> None:
    """Create the database of ``url`` (drop it first with ``recreate``)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"scale_registry: unexpected database name {name!r}")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and recreate:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _text(value: Any) -> str | None:
    """A COPY value: None for missing (NaN, None, ''), else text."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    return str(value) if value != "" else None


def _codes(value: Any) -> list[str]:
    text = _text(value)
    return [c for c in text.split(";") if c] if text else []


def copy_rows(
    cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY ``rows`` into ``table``; returns how many."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _ids(cursor: Any, sql: str) -> dict[str, int]:
    cursor.execute(sql)
    return {key: pk for key, pk in cursor.fetchall()}


def _term_ids(cursor: Any, table: str) -> dict[str, int]:
    return _ids(cursor, f"SELECT code, id FROM {table}")


def load_organisations(cursor: Any, world: Any) -> dict[str, int]:
    """Organisations and their activity, technology and ecosystem codes."""
    import json

    from django.utils import timezone

    now = timezone.now()
    regions = _ids(cursor, "SELECT code, id FROM registry_region")
    frame = world.organisations
    columns = (
        "key name type description website address city region_id country lat lon size_class "
        "employees founded languages is_public is_synthetic created updated"
    ).split()
    rows = (
        (
            r.id,
            r.name,
            r.type,
            r.description,
            r.website,
            r.address,
            r.city,
            regions.get(r.region) if isinstance(r.region, str) else None,
            r.country,
            _text(r.lat),
            _text(r.lon),
            r.size_class or "",
            _text(r.employees),
            _text(r.founded),
            json.dumps(_codes(r.languages)),
            bool(r.is_public),
            True,
            now,
            now,
        )
        for r in frame.itertuples(index=False)
    )
    copy_rows(cursor, "registry_organisation", columns, rows)
    ids = _ids(cursor, "SELECT key, id FROM registry_organisation")
    copy_codes(
        cursor,
        frame,
        ids,
        "organisation_id",
        (
            ("nace", "registry_activity", "registry_organisation_activities", "activity_id"),
            (
                "technologies",
                "registry_technology",
                "registry_organisation_technologies",
                "technology_id",
            ),
            (
                "ecosystems",
                "registry_ecosystem",
                "registry_organisation_ecosystems",
                "ecosystem_id",
            ),
        ),
    )
    return ids


def copy_codes(
    cursor: Any,
    frame: Any,
    ids: dict[str, int],
    owner: str,
    links: Iterable[tuple[str, str, str, str]],
) -> None:
    """COPY the known codes of ``frame``'s rows into their through tables; a link is (frame
    column, term table, through table, its term column), ``owner`` its column for the row."""
    for column, table, through, target in links:
        terms = _term_ids(cursor, table)
        pairs = {
            (ids[key], terms[code])
            for key, codes in zip(frame["id"], frame[column], strict=True)
            for code in _codes(codes)
            if code in terms
        }
        copy_rows(cursor, through, (owner, target), sorted(pairs))


def load_attached(cursor: Any, world: Any, ids: dict[str, int]) -> dict[str, int]:
    """Cluster profiles, memberships, offers (with their codes), services and contacts."""
    import json

    counts: dict[str, int] = {}
    clusters = world.clusters
    counts["clusters"] = copy_rows(
        cursor,
        "registry_clusterprofile",
        "organisation_id label label_date year_founded management_staff members_count "
        "sme_members_count".split(),
        (
            (
                ids[r.organisation],
                r.label or "",
                _text(r.label_date),
                _text(r.year_founded),
                _text(r.management_staff),
                _text(r.members_count),
                _text(r.sme_members_count),
            )
            for r in clusters.itertuples(index=False)
        ),
    )
    pairs = {
        (ids[r.cluster], ids[r.member]): _text(r.since)
        for r in world.memberships.itertuples(index=False)
    }
    counts["memberships"] = copy_rows(
        cursor,
        "registry_clustermembership",
        ("cluster_id", "member_id", "since"),
        ((c, m, since) for (c, m), since in sorted(pairs.items())),
    )
    counts["offers"] = _load_offers(cursor, world, ids)
    technologies = _term_ids(cursor, "registry_technology")
    counts["services"] = copy_rows(
        cursor,
        "registry_service",
        "key organisation_id kind name description technology_id trl_min trl_max "
        "access_conditions languages".split(),
        (
            (
                r.id,
                ids[r.organisation],
                r.kind,
                r.name,
                r.description,
                technologies.get(_text(r.technology) or ""),
                int(r.trl_min),
                int(r.trl_max),
                r.access_conditions,
                json.dumps(_codes(r.languages)),
            )
            for r in world.services.itertuples(index=False)
        ),
    )
    counts["contacts"] = copy_rows(
        cursor,
        "registry_contact",
        ("organisation_id", "name", "email", "role", "is_personal_data"),
        {
            (ids[r.organisation], r.email): (
                ids[r.organisation],
                r.name,
                r.email,
                r.role or "",
                bool(r.is_personal_data),
            )
            for r in world.contacts.itertuples(index=False)
        }.values(),
    )
    return counts


def _load_offers(cursor: Any, world: Any, ids: dict[str, int]) -> int:
    from datetime import date, timedelta

    offers = world.offers
    columns = _table_columns(cursor, "registry_offer")
    extra: dict[str, Any] = {}
    if "status" in columns:
        extra["status"] = "published"
    if "expires" in columns:
        extra["expires"] = date.today() + timedelta(days=365)
    names = ["key", "organisation_id", "kind", "title", "description", "created", *extra]
    count = copy_rows(
        cursor,
        "registry_offer",
        names,
        (
            (r.id, ids[r.organisation], r.kind, r.title, r.description, r.created, *extra.values())
            for r in offers.itertuples(index=False)
        ),
    )
    offer_ids = _ids(cursor, "SELECT key, id FROM registry_offer")
    copy_codes(
        cursor,
        offers,
        offer_ids,
        "offer_id",
        (
            ("technologies", "registry_technology", "registry_offer_technologies", "technology_id"),
            ("nace", "registry_activity", "registry_offer_activities", "activity_id"),
        ),
    )
    return count


def _table_columns(cursor: Any, table: str) -> set[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
    )
    return {row[0] for row in cursor.fetchall()}


def setup(url: str) -> None:
    os.environ["CLUSTERA_DATABASE_URL"] = url
    os.environ.setdefault("CLUSTERA_DATA_DIR", "/tmp/clustera-scale-registry")
    os.makedirs(os.environ["CLUSTERA_DATA_DIR"], exist_ok=True)
    os.environ.setdefault("CLUSTERA_SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "clustera.portal.settings.base"
    import django

    django.setup()


#: The list pages measured by ``--measure`` (``{after}``: an organisation half-way down the list).
PAGES = (
    "/directory/",
    "/directory/?page=400",
    "/directory/?page=1334",
    "/directory/?q=cluster",
    "/search/?q=cluster",
    "/api/organisations?limit=25",
    "/api/organisations?limit=25&offset=9975",
    "/api/organisations?limit=25&offset=54285",
    "/api/organisations?limit=25&after={after}",
    "/api/organisations?limit=25&q=cluster",
    "/organisations/{profile}/",
    "/observatory/regions/{region}/",
)


def measure(repeat: int) -> None:
    """Each list page alone through Django's test client: median ms, queries, SQL ms."""
    import statistics

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clustera.registry import models

    settings.ALLOWED_HOSTS = ["*"]
    public = models.Organisation.objects.filter(is_public=True).order_by("name", "id")
    after = public.values_list("id", flat=True)[public.count() // 2]
    region = models.Region.objects.filter(level=2).order_by("code").values_list("code", flat=True)
    values = {"after": after, "profile": public.order_by("id")[499].pk, "region": region[0]}
    client = Client()
    for template in PAGES:
        url = template.format(**values)
        times, status, queries, sql = [], 0, 0, 0.0
        for _ in range(repeat + 1):  # the first one warms the caches, not counted
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                status = client.get(url).status_code
                times.append(1000 * (time.perf_counter() - start))
            queries = len(captured)
            sql = 1000 * sum(float(q["time"]) for q in captured.captured_queries)
        print(
            f"  {url:48} {status} {statistics.median(times[1:]):7.0f} ms "
            f"{queries:3} queries {sql:6.0f} ms SQL",
            flush=True,
        )
    print(f"measure: {len(PAGES)} pages, median of {repeat}; load {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/clustera_scale"
    )
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 organisations")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--recreate", action="store_true", help="drop the database first")
    parser.add_argument("--no-datasets", action="store_true", help="skip the observatory")
    parser.add_argument(
        "--measure", type=int, default=0, metavar="N", help="load nothing: time each list page N x"
    )
    arguments = parser.parse_args()
    if not urlparse(arguments.database_url).scheme.startswith("postgres"):
        parser.error("--database-url must be a PostgreSQL URL")
    if arguments.measure:
        setup(arguments.database_url)
        measure(arguments.measure)
        return
    size = 10_000 if arguments.quick else arguments.organisations
    started = time.perf_counter()
    create_database(arguments.database_url, arguments.recreate)
    setup(arguments.database_url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from clustera.registry import models
    from clustera.registry.importing import import_tables
    from clustera.registry.seeding import world_tables
    from clustera.synth import generate_world

    call_command("migrate", verbosity=0)
    if models.Organisation.objects.exists():
        raise SystemExit("scale_registry: the registry is not empty (use --recreate)")
    steps: list[str] = []

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps.append(f"{name} {now - since:.0f} s")
        print(f"  {name}: {now - since:.1f} s", flush=True)
        return now

    mark = time.perf_counter()
    world = generate_world(seed=arguments.seed, scale=size)
    mark = step("generate", mark)
    reference = {k: v for k, v in world_tables(world).items() if k in REFERENCE}
    with transaction.atomic():
        import_tables(reference, synthetic=True)
        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # the psycopg cursor, for COPY
            ids = load_organisations(cursor, world)
            counts = load_attached(cursor, world, ids)
    mark = step("registry", mark)
    if not arguments.no_datasets:
        from clustera.observatory.services import load_world_datasets

        load_world_datasets(world)
        mark = step("datasets", mark)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # statistics, and the visibility map: index-only scans
    step("vacuum", mark)
    public = models.Organisation.objects.filter(is_public=True).count()
    print(
        f"scale_registry: {len(ids):,} organisations ({public:,} public), "
        f"{models.Region.objects.count():,} regions, "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + f" in {time.perf_counter() - started:.0f} s ({'; '.join(steps)}); "
        f"database {urlparse(arguments.database_url).path.lstrip('/')}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
