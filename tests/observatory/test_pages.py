"""Observatory pages read stored results: map, region, category, dataset, data links, languages."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clustera.observatory import models

pytestmark = pytest.mark.django_db


def _region(world, level=2):
    return (
        models.RegionIndicator.objects.filter(
            result__dataset=world["employment"], result__level=level
        )
        .select_related("region")
        .first()
        .region
    )


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_region_page_shows_portfolio_diagram_techwatch_actors_and_peers(client, world):
    region = _region(world)
    page = client.get(f"/observatory/regions/{region.code}/")
    assert page.status_code == 200
    body = page.content.decode()
    for section in (
        "Portfolio of activities",
        "Specialisation indices",
        "Smart-specialisation diagram",
        "Technology watch",
        "Clusters and technology centres",
        "Peer regions",
    ):
        assert section in body
    assert body.count('role="img"') >= 4  # trend, portfolio, S3 diagram, patents, peers
    assert "Q1: high relatedness, high complexity" in body
    assert len(page.context["peers"]) == 8
    assert page.context["candidates"][0]["rank"] == 1
    # every table has a data link and a method link
    for table in ("portfolio", "indices", "candidates", "technologies", "peers"):
        assert f"/observatory/regions/{region.code}/data/{table}.csv" in body
    assert "/observatory/methods/diversification/" in body


def test_region_page_reads_stored_results_in_few_queries(client, world):
    region = _region(world)
    client.get(f"/observatory/regions/{region.code}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/observatory/regions/{region.code}/").status_code == 200
    assert len(queries) <= 30
    assert not any("INSERT" in q["sql"] or "observatory_observation" in q["sql"] for q in queries)


def test_map_data_and_category_page_have_bounded_query_counts(client, world):
    dataset = world["employment"]
    for url, limit in (
        ("/observatory/map/data.json?indicator=location_quotient&level=2&category=G0003", 12),
        (f"/observatory/categories/{dataset.pk}/G0003/", 20),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= limit, (url, len(queries))


def test_region_csv_tables_hold_every_activity_and_candidate(client, world):
    region = _region(world)
    portfolio = _csv(client.get(f"/observatory/regions/{region.code}/data/portfolio.csv"))
    employment = world["world"].employment
    last = employment[(employment["region"] == region.code) & (employment["year"] == 2023)]
    assert {row["category"] for row in portfolio} >= set(last["activity"])
    candidates = _csv(client.get(f"/observatory/regions/{region.code}/data/candidates.csv"))
    assert [int(c["rank"]) for c in candidates] == list(range(1, len(candidates) + 1))
    assert {c["quadrant"] for c in candidates} <= {"Q1", "Q2", "Q3", "Q4"}
    assert client.get(f"/observatory/regions/{region.code}/data/nothing.csv").status_code == 404


def test_numbers_follow_the_reader_language(client, world):
    region = _region(world, level=0)
    english = client.get(
        f"/observatory/regions/{region.code}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    # the browser's German sends the reader to the /de/ page
    german = client.get(
        f"/observatory/regions/{region.code}/", HTTP_ACCEPT_LANGUAGE="de", follow=True
    ).content.decode()
    french = client.get(f"/fr/observatory/regions/{region.code}/").content.decode()
    total = models.RegionIndicator.objects.get(
        region=region, result__level=0, year=2023, result__dataset=world["employment"]
    ).total
    assert f"{total:,.0f}" in english
    assert f"{total:,.0f}".replace(",", ".") in german
    assert f"{total:,.0f}".replace(",", "\xa0") in french


def test_map_data_gives_values_geometry_points_and_attribution(client, world):
    level2 = client.get(
        "/observatory/map/data.json?indicator=location_quotient&level=2&category=G0003&year=2022"
    ).json()
    assert level2["meta"]["year"] == 2022 and level2["meta"]["indicator"] == "location_quotient"
    values = [f["properties"]["value"] for f in level2["regions"]["features"]]
    assert len(values) == 12 and all(v is None or v >= 0 for v in values)
    assert "Synthetic world" in level2["attribution"]
    assert {p["type"] for p in level2["points"]} == {"cluster", "technology_centre"}
    eci = client.get("/observatory/map/data.json?indicator=complexity&level=2").json()
    assert sum(f["properties"]["value"] is not None for f in eci["regions"]["features"]) == 12
    patents = client.get("/observatory/map/data.json?indicator=patents&level=0").json()
    total = sum(f["properties"]["value"] or 0 for f in patents["regions"]["features"])
    year = patents["meta"]["year"]
    assert total == pytest.approx((world["world"].patents["year"] == year).sum())
    rows = _csv(client.get("/observatory/map/data.csv?indicator=stars&level=2&category=G0003"))
    assert rows and set(rows[0]) == {"region", "indicator", "category", "year", "value"}
    assert client.get("/observatory/map/data.json?indicator=nonsense").status_code == 404


def test_index_links_datasets_regions_activities_and_technologies(client, world):
    page = client.get("/observatory/").content.decode()
    assert f"/observatory/datasets/{world['employment'].pk}/" in page
    assert f"/observatory/categories/{world['patents'].pk}/T00/" in page
    assert f"/observatory/categories/{world['employment'].pk}/G0000/" in page


def test_map_page_offers_indicators_levels_and_years(client, world):
    page = client.get("/observatory/map/").content.decode()
    for label in (
        "Cluster stars",
        "Location quotient",
        "Relatedness density",
        "Economic complexity",
        "Patent applications",
        "Employment",
    ):
        assert label in page
    assert 'value="2023"' in page and "vendor/leaflet/leaflet.js" in page


def test_category_page_shows_leaders_trend_shares_and_growth(client, world):
    dataset = world["employment"]
    page = client.get(f"/observatory/categories/{dataset.pk}/G0003/")
    assert page.status_code == 200
    leaders = page.context["leaders"]
    assert leaders == sorted(leaders, key=lambda r: -r["value"])
    assert sum(r["share"] for r in leaders) == pytest.approx(1.0)
    assert [t["year"] for t in page.context["trend"]] == [2021, 2022, 2023]
    assert set(page.context["country_shares"]) == {"GA", "GB", "GC"}
    last = page.context["trend"][-1]
    body = page.content.decode()
    assert f'<div class="figure">{last["total"]:,.0f}</div>' in body  # the last year's total shown
    expected = (last["total"] / page.context["trend"][0]["total"]) ** 0.5 - 1
    assert page.context["growth"] == pytest.approx(expected)
    rows = _csv(client.get(f"/observatory/categories/{dataset.pk}/G0003/data/trend.csv"))
    assert [r["year"] for r in rows] == ["2021", "2022", "2023"]


def test_dataset_page_shows_provenance_and_downloads(client, world):
    dataset = world["employment"]
    page = client.get(f"/observatory/datasets/{dataset.pk}/").content.decode()
    assert dataset.checksum in page and "Synthetic data generated by Clustera" in page
    rows = _csv(client.get(f"/observatory/datasets/{dataset.pk}/observations.csv"))
    assert len(rows) == dataset.rows
    parquet = client.get(f"/observatory/datasets/{dataset.pk}/observations.parquet")
    frame = pd.read_parquet(io.BytesIO(parquet.content))
    assert len(frame) == dataset.rows and list(frame.columns) == [
        "region",
        "category",
        "year",
        "value",
        "flags",
    ]


def test_recompute_needs_staff(client, world, django_user_model):
    url = f"/observatory/datasets/{world['patents'].pk}/recompute/"
    assert client.post(url).status_code == 302 and not models.Job.objects.exists()
    staff = django_user_model.objects.create_user("staff", password="pw-staff-1", is_staff=True)
    client.force_login(staff)
    response = client.post(url)
    job = models.Job.objects.get()
    assert response.url == f"/observatory/jobs/{job.pk}/" and job.status == "done"
    progress = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in progress and 'value="100"' in progress and "hx-trigger" not in progress


def test_method_pages_exist_for_every_linked_method(client, world):
    for slug in (
        "location-quotient",
        "cluster-stars",
        "relatedness-density",
        "economic-complexity",
        "diversification",
        "specialisation-indices",
        "peers",
        "datasets",
    ):
        assert client.get(f"/observatory/methods/{slug}/").status_code == 200, slug
    page = client.get("/observatory/methods/location-quotient/").content.decode()
    assert "<h1>Location quotient" in page and "Balassa" in page  # docs/indicators, as HTML
    assert client.get("/observatory/methods/unknown/").status_code == 404


def test_api_serves_datasets_map_values_and_region_profiles(client, world):
    datasets = client.get("/api/observatory/datasets").json()
    assert {d["code"] for d in datasets} == {"SYN-EMPLOYMENT", "SYN-PATENTS"}
    values = client.get("/api/observatory/map?indicator=stars&level=2&category=G0003").json()
    assert len(values["values"]) > 0 and values["year"] == 2023
    region = _region(world)
    profile = client.get(f"/api/observatory/regions/{region.code}").json()
    assert profile["code"] == region.code and profile["candidates"][0]["rank"] == 1
    assert client.get("/api/observatory/map?indicator=bogus").status_code == 422


def test_map_picks_the_largest_category_when_none_is_chosen(client, world):
    data = client.get("/observatory/map/data.json?indicator=stars&level=2").json()
    chosen = data["meta"]["category"]
    totals = dict(
        models.CategoryIndicator.objects.filter(
            result__dataset=world["employment"], result__level=2, year=2023
        ).values_list("category", "total")
    )
    assert chosen == max(totals, key=totals.get)
    assert any(f["properties"]["value"] is not None for f in data["regions"]["features"])
