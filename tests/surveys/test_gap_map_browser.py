"""The gap map in Chromium for a visitor: the region of 3 answers has the "suppressed" class,
named in the legend with the quantile method and the shared centre marker; the map's values as
a table. Screenshot ``test-artifacts/gap-map-suppressed.png`` (looked at)."""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS
from tests.surveys.test_gap_suppression import cells  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_gap_map_shows_the_suppressed_class_to_a_visitor(
    live_server,
    browser_page,
    page_errors,
    cells,  # noqa: F811
):
    page = browser_page
    page.goto(f"{live_server.url}/observatory/gaps/ai/")
    page.wait_for_selector("#gap-map[data-loaded='unmet']")
    legend = page.inner_text(".legend")
    assert "Fewer than 5 answers: not shown" in legend and "quantiles" in legend
    assert "technology centre offering this technology" in legend
    assert page.locator("#gap-map path.suppressed").count() == 1
    assert page.locator(".map-marker-centre").count() == 1
    page.click("#gap-map-values summary")
    table = page.inner_text("#gap-map-table")
    assert "Region R1 (R1)\tFewer than 5 answers: not shown" in table
    assert "Region R2 (R2)\t7.0" in table
    page.screenshot(path=str(ARTIFACTS / "gap-map-suppressed.png"), full_page=True)
    assert not page_errors, page_errors
