"""Every chart of the observatory's pages has its numbers beside it in a table (WCAG 1.1.1)."""

from __future__ import annotations

import pytest

from .test_pages import _region

pytestmark = pytest.mark.django_db


def test_the_region_trend_chart_has_a_table_of_its_numbers(client, world):
    region = _region(world)
    page = client.get(f"/observatory/regions/{region.code}/")
    body = page.content.decode()
    trend = page.context["employment_trend"]
    assert trend and "The chart's numbers" in body
    for year, total in trend:
        assert f"<tr><td>{year}</td><td>{total:,.0f}</td></tr>" in body


def test_the_country_shares_chart_has_a_table_of_its_numbers(client, world):
    dataset = world["employment"]
    page = client.get(f"/observatory/categories/{dataset.pk}/G0003/")
    body = page.content.decode()
    shares = page.context["country_shares"]
    assert "each country's share of the total" in body
    for code, values in shares.items():
        (first_year, _), (last_year, last) = values[0], values[-1]
        assert f'<th scope="row">{code}</th><td>{first_year}</td>' in body
        assert f"<td>{last_year}</td><td>{last:,.3f}</td></tr>" in body


def test_the_registry_map_has_a_table_and_directory_lists(client, registry):
    body = client.get("/map/").content.decode()
    assert 'id="map-table"' in body and "Regions by number of organisations" in body
    assert "/directory/?type=cluster" in body and "/directory/?type=technology_centre" in body
