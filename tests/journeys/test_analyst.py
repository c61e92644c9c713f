"""The analyst's journey on the demo world, in Chromium: export a filtered directory list and
an observatory table, then compute indicators on them with ``clustera analyse``.

Screenshots: ``test-artifacts/journeys/analyst-*.png``.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner
from tests.journeys.browsing import JOURNEYS, log_in, new_page, shot

from clustera.cli import main

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _download(page, link, path):
    with page.expect_download() as download:
        link.click()
    download.value.save_as(path)
    return path


def _analyse(indicator: str, table, out) -> pd.DataFrame:
    result = CliRunner().invoke(main, ["analyse", indicator, str(table), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return pd.read_csv(out, dtype={"region": str})


def test_analyst_exports_the_directory_and_computes_location_quotients(demo, browser, tmp_path):
    page = new_page(browser)
    log_in(page, demo.base, "analyst")
    page.goto(f"{demo.base}/directory/")
    page.click("#facets a[href*='type=sme']")
    page.wait_for_url(re.compile(r".*type=sme"))
    shown = int(re.search(r"([\d,]+) organisations?", page.inner_text("#results")).group(1))
    assert shown > 5
    shot(page, JOURNEYS, "analyst-1-directory-smes")
    csv = _download(page, page.locator("#results a", has_text="CSV"), tmp_path / "smes.csv")

    smes = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert len(smes) == shown and set(smes["type"]) == {"sme"}
    assert smes["region"].str.fullmatch(r"X[A-Z]\w*").all()  # region codes stay text
    # the analyst's table: SMEs per region and NACE code, then their location quotients
    pairs = smes.assign(nace=smes["nace"].str.split(";")).explode("nace")
    pairs = pairs[pairs["nace"] != ""]
    wide = pd.crosstab(pairs["region"], pairs["nace"])
    wide.to_csv(tmp_path / "smes_by_region.csv")
    lq = _analyse("location-quotient", tmp_path / "smes_by_region.csv", tmp_path / "lq.csv")
    assert set(lq["region"]) == set(wide.index)
    assert (lq.drop(columns="region").fillna(0) >= 0).all().all()


def test_analyst_reads_an_observatory_table_into_clustera_analyse(demo, browser, tmp_path):
    page = new_page(browser)
    log_in(page, demo.base, "analyst")
    page.goto(f"{demo.base}/observatory/")
    page.click("text=Employment by region and activity (synthetic)")
    shot(page, JOURNEYS, "analyst-2-dataset")
    link = page.locator("main a[href$='observations.csv']")
    table = _download(page, link, tmp_path / "employment.csv")
    lq = _analyse("location-quotient", table, tmp_path / "lq.csv")
    assert len(lq) > 5
