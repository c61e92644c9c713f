"""The policy maker's journey on the demo world, in Chromium: from the observatory map to a
region's page, its assessment report (PDF), following the region (the e-mailed digest), and
the gap analysis of SMEs' technology needs.

Screenshots: ``test-artifacts/journeys/policy-*.png``.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from tests.conftest import collect_page_errors
from tests.journeys.browsing import JOURNEYS, log_in, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_a_region(page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/observatory/map/")
    page.wait_for_selector("#map[data-loaded^='employment']")
    assert page.locator("#map path.leaflet-interactive").count() > 5
    shot(page, JOURNEYS, "policy-1-observatory-map")
    first = page.locator("#map-table tbody a").first
    name = first.inner_text().split(" (")[0]
    first.click()
    page.wait_for_selector("h1")
    assert name in page.inner_text("h1")
    main = page.inner_text("main")
    assert "persons employed" in main and "activities with LQ ≥ 1" in main
    assert page.locator("svg[role=img]").count() >= 3
    return name, page.url.rstrip("/").split("/")[-1]


def _download_report(page, tmp_path, code: str) -> None:
    page.click("#report-button", timeout=180_000)  # the report is drawn in the request in tests
    page.wait_for_selector("#job-download", timeout=180_000)
    with page.expect_download() as download:
        page.click("#job-download")
    pdf = tmp_path / "region.pdf"
    download.value.save_as(pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert f"Region {code}" in text and "Smart-specialisation diagram" in text


def _follow(page, base: str, code: str, name: str) -> None:
    page.goto(f"{base}/observatory/regions/{code}/")
    page.click("main form[action='/follow/'] button")
    assert "Followed: new items appear in your notifications and digest." in page.inner_text("main")
    assert page.locator("main form[action='/follow/'] button").inner_text() == "Unfollow"
    shot(page, JOURNEYS, "policy-2-region-followed")
    page.goto(f"{base}/following/")
    assert name in page.inner_text("main")


def _gap_analysis(page, base: str) -> None:
    page.goto(f"{base}/observatory/gaps/")
    main = page.inner_text("main")
    assert "complete survey answers" in main and "technology-centre services" in main
    rows = page.locator("main table").first.locator("tbody tr")
    assert rows.count() >= 3
    shot(page, JOURNEYS, "policy-3-gap-analysis")
    technology = rows.first.locator("a").first
    label = technology.inner_text()
    technology.click()
    page.wait_for_selector("#gap-map[data-loaded='unmet']")
    assert label.split(" ")[0] in page.inner_text("h1")
    shot(page, JOURNEYS, "policy-4-gap-technology")


def test_policy_maker_reads_a_region_downloads_its_report_follows_it_and_sees_the_gaps(
    demo, browser, tmp_path, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    from clustera.content.digests import send_digests
    from clustera.content.models import Item
    from clustera.registry.models import Region

    page = new_page(browser)
    errors = collect_page_errors(page)
    log_in(page, demo.base, "policy-maker")
    name, code = _open_a_region(page, demo.base)
    shot(page, JOURNEYS, "policy-2-region")
    _download_report(page, tmp_path, code)
    _follow(page, demo.base, code, name)
    _gap_analysis(page, demo.base)
    assert not errors, errors

    # a week later, news about the region was published: the weekly digest brings it
    news = Item.objects.create(
        kind="news",
        title=f"A new test bed opens in {name}",
        slug="a-new-test-bed-opens",
        summary="Shared equipment for the region's SMEs.",
        organisation=demo.organisation("cluster-manager"),
        status="published",
        published_at=timezone.now() + timedelta(days=2),
    )
    news.regions.add(Region.objects.get(code=code))
    send_digests("weekly", now=timezone.now() + timedelta(days=8))
    digests = [m for m in mailoutbox if any(a.startswith("policy-maker@") for a in m.to)]
    assert len(digests) == 1 and f"A new test bed opens in {name}" in digests[0].body
