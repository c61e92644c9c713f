"""The observatory's legends, markers and S3 diagram as a reader sees them in Chromium; the
screenshots (``test-artifacts/observatory-legend-*.png``, ``observatory-s3-diagram.png``) were
looked at: legend with the method named, classes around 1 for LQ, readable S3 numbers and key."""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

from clustera.observatory.generated_world import build_generated_world
from clustera.observatory.services import load_world_datasets

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
def test_legends_name_their_classes_and_the_s3_diagram_is_readable(
    live_server, browser_page, page_errors
):
    from clustera.registry.models import Organisation, Region

    load_world_datasets(build_generated_world(n_regions=12, n_activities=10, n_years=3, seed=2))
    region = Region.objects.filter(level=2).exclude(label_lat=None).first()
    for key, kind, dx in (("CL1", "cluster", 0.0), ("TC1", "technology_centre", 0.3)):
        Organisation.objects.create(
            key=key, name=f"Demo {kind}", type=kind, country="XX", is_public=True,
            lat=region.label_lat, lon=region.label_lon + dx,
        )  # fmt: skip
    page = browser_page
    page.goto(f"{live_server.url}/observatory/map/")
    page.wait_for_selector("#map[data-loaded='employment:2:']")
    legend = page.inner_text(".legend")
    assert "quantiles" in legend and "cluster" in legend and "technology centre" in legend
    assert page.locator(".legend .legend-marker svg").count() == 2
    public = Organisation.objects.filter(is_public=True, lat__isnull=False)
    clusters = public.filter(type="cluster").count()
    centres = public.filter(type="technology_centre").count()
    assert clusters >= 1 and centres >= 1
    assert page.locator(".map-marker-cluster").count() == clusters
    assert page.locator(".map-marker-centre").count() == centres
    assert page.locator(".map-marker-cluster circle").count() == clusters  # circles
    assert page.locator(".map-marker-centre rect").count() == centres  # squares
    page.click("#map-points summary")
    assert "Demo cluster" in page.inner_text("#map-points")
    page.screenshot(path=str(ARTIFACTS / "observatory-legend-employment.png"), full_page=True)
    page.select_option("#indicator", "location_quotient")
    page.wait_for_selector("#map[data-loaded^='location_quotient:2:']")
    legend = page.inner_text(".legend")
    assert (
        "around 1" in legend
        and "fixed limits" in legend
        and "under 0.80" in legend
        and "2.00 or more" in legend
    )
    page.screenshot(path=str(ARTIFACTS / "observatory-legend-lq.png"), full_page=True)

    page.goto(f"{live_server.url}/observatory/regions/{region.code}/")
    page.wait_for_selector("#s3")
    diagram = page.locator("#s3 ~ svg[role=img]").first
    diagram.scroll_into_view_if_needed()
    diagram.screenshot(path=str(ARTIFACTS / "observatory-s3-diagram.png"))
    page.screenshot(path=str(ARTIFACTS / "observatory-region-legends.png"), full_page=True)
    boxes = [
        page.locator("#s3 ~ svg[role=img] rect[fill='#fff']").nth(i).bounding_box()
        for i in range(page.locator("#s3 ~ svg[role=img] rect[fill='#fff']").count())
    ]
    assert boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]
            )  # fmt: skip
            assert apart, (a, b)
    assert not page_errors, page_errors


def test_the_s3_diagram_in_the_report_pdf(browser_page, tmp_path, db):
    """The report's S3 diagram: numbers, key and axis values are in the PDF's text; the report
    HTML that WeasyPrint typesets, shown in Chromium, is the screenshot looked at."""
    import re

    from pypdf import PdfReader

    from clustera.observatory.reports import write_report
    from clustera.registry.models import Region

    load_world_datasets(build_generated_world(n_regions=12, n_activities=10, n_years=3, seed=2))
    code = Region.objects.filter(level=2).values_list("code", flat=True).first()
    pdf = write_report(code, "pdf", tmp_path / "report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Relatedness density (0-100)" in text and "100.0" in text and "1.00" in text
    assert re.search(r"\b1 G\d{4} ", text)  # the key under the diagram
    html = write_report(code, "html", tmp_path / "report.html").read_text()
    browser_page.set_content(html)
    diagram = browser_page.locator("svg[role=img]", has_text="Q1: high relatedness").first
    diagram.screenshot(path=str(ARTIFACTS / "observatory-report-s3-diagram.png"))
