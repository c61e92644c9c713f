"""Partner search with an empty result and the centre finder, in Chromium: what the user reads
(the filter that emptied the result; the count and each centre's score parts), accessible.

Screenshots: ``test-artifacts/h4-*.png``.
"""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fitted(registry, settings, tmp_path, monkeypatch):
    """Eight more photonics organisations in four projects, and a recommender fitted on
    them, served from this process (restored after)."""
    from clustera.partnering import model_store, services
    from clustera.registry import models

    photonics = models.Technology.objects.get(code="KET2")
    made = {"ORG2": registry["ORG2"]}
    for number, kind in enumerate(["sme", "sme", "sme", "large_company"] * 2, start=1):
        made[f"MORE{number}"] = organisation = models.Organisation.objects.create(
            key=f"MORE{number}",
            name=f"Optics Maker {number}",
            type=kind,
            country="XA",
            region=registry["ORG2"].region,
            description="Laser optics, lenses and photonic sensors",
        )
        organisation.technologies.add(photonics)
    projects = {
        ("P1", 2020): ("ORG2", "MORE1", "MORE2"),
        ("P2", 2021): ("MORE1", "MORE3", "MORE5"),
        ("P3", 2022): ("MORE2", "MORE4", "MORE6", "MORE7"),
        ("P4", 2022): ("MORE8", "MORE3", "ORG2"),
    }
    for (key, year), members in projects.items():
        project = models.Project.objects.create(key=key, start_year=year, programme="SC1")
        for member in members:
            models.Participation.objects.create(project=project, organisation=made[member])
    settings.DATA_DIR = tmp_path
    settings.CLUSTERA_RECOMMENDER_REFIT = False
    for name in ("recommender", "loaded_mtime", "fingerprint", "refit_requested"):
        monkeypatch.setattr(model_store._Fitted, name, getattr(model_store._Fitted, name))
    services.refit()


def test_an_empty_partner_search_says_which_filter_emptied_it(
    live_server, browser_page, registry, fitted, axe
):
    """No university among the candidates: the type filter emptied the result."""
    page = browser_page
    anchor = registry["ORG2"]
    page.goto(f"{live_server.url}/partners/?organisation={anchor.pk}&type=university&region=ZZ9")
    explanation = page.locator("#empty-explanation").inner_text()
    assert explanation.startswith("No results:")
    assert explanation == (
        "No results: 8 candidates passed the filters before, but none of them is of the type "
        "University: choose another type."
    )
    steps = page.locator("details.filter-steps li").all_inner_texts()
    assert steps == [
        "8 candidates scored",
        "8 candidates not in your clusters",
        "0 candidates of type University",
        "0 candidates in region ZZ9",
    ]
    assert page.locator("ol.results li").count() == 1  # the explanation, said once
    page.screenshot(path=str(ARTIFACTS / "h4-partner-search-empty.png"), full_page=True)
    assert axe(page) == []


def test_the_centre_finder_counts_and_explains_its_ranking(live_server, browser_page, centres, axe):
    page = browser_page
    page.goto(f"{live_server.url}/technology-centres/finder/")
    page.fill("#id_text", "laser testing")
    page.fill("#id_trl", "5")
    page.fill("#id_region", "XA111")
    page.click("#main form button[type=submit]")
    page.wait_for_selector("#centre-count")
    assert page.locator("#centre-count").inner_text() == "1 centre serves this need."
    results = page.locator("ol.results > li")
    assert results.count() == 1
    assert "Beam Works" in results.inner_text() and "Laser Centre" not in results.inner_text()
    parts = page.locator(".score-parts").inner_text()
    assert parts.startswith("Score ") and "technology match" in parts and "TRL fit" in parts
    assert "− distance" in parts
    page.screenshot(path=str(ARTIFACTS / "h4-centre-finder.png"), full_page=True)
    assert axe(page) == []
