"""French and German in a real browser: the browser's language, the switcher, screenshots.

Screenshots of the French and German home, directory, profile and observatory pages go to
``test-artifacts/i18n-*.png``.
"""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

from clustera.observatory.generated_world import build_generated_world
from clustera.observatory.models import RegionIndicator
from clustera.observatory.services import load_world_datasets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shoot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"i18n-{name}.png"), full_page=True)


def test_french_browser_then_switch_to_german_and_back(live_server, browser_page, registry):
    generated = build_generated_world(n_regions=12, n_activities=10, n_years=3, seed=1)
    employment = load_world_datasets(generated)[0]
    indicator = RegionIndicator.objects.filter(result__dataset=employment, result__level=2)
    region = indicator.select_related("region").first().region.code
    profile = registry["ORG1"].pk
    base = live_server.url
    context = browser_page.context.browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 1000}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)

    page.goto(f"{base}/")  # the browser asks for French: the French home page
    assert page.url == f"{base}/fr/"
    assert page.get_attribute("html", "lang") == "fr"
    assert "Annuaire" in page.inner_text("header")
    _shoot(page, "fr-home")
    page.goto(f"{base}/fr/directory/")
    assert "Filtres" in page.inner_text("main") or "Type d’acteur" in page.inner_text("main")
    _shoot(page, "fr-directory")
    page.goto(f"{base}/fr/organisations/{profile}/")
    assert "Technologies" in page.inner_text("main")
    _shoot(page, "fr-profile")
    page.goto(f"{base}/fr/observatory/regions/{region}/")
    assert "Chiffres clés" in page.inner_text("main")
    _shoot(page, "fr-observatory-region")

    page.click("nav.languages button[value=de]")  # no JavaScript needed: a form post
    page.wait_for_url(f"{base}/de/observatory/regions/{region}/")
    assert page.get_attribute("html", "lang") == "de"
    assert "Kennzahlen" in page.inner_text("main")
    _shoot(page, "de-observatory-region")
    for path, name in [
        ("/de/", "de-home"),
        ("/de/directory/", "de-directory"),
        (f"/de/organisations/{profile}/", "de-profile"),
        ("/de/observatory/", "de-observatory"),
    ]:
        page.goto(base + path)
        assert page.get_attribute("html", "lang") == "de"
        _shoot(page, name)
    page.goto(f"{base}/directory/")  # the cookie now wins over the browser's French
    assert page.url == f"{base}/de/directory/"

    page.click("nav.languages button[value=en]")
    page.wait_for_url(f"{base}/directory/")
    assert page.get_attribute("html", "lang") == "en"
    assert "Directory" in page.inner_text("header")
    context.close()


def test_map_scripts_speak_the_pages_language(live_server, browser_page, registry):
    """The registry map's legend, written by map.js, in German: the strings come from
    /de/jsi18n.js, a script file the CSP allows (no violation reported)."""
    problems: list[str] = []
    browser_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    browser_page.goto(f"{live_server.url}/de/map/")
    legend = browser_page.wait_for_selector(".legend")
    assert "Organisationen" in legend.inner_text()
    assert browser_page.evaluate("typeof window.gettext") == "function"
    browser_page.screenshot(path=str(ARTIFACTS / "i18n-de-map.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p or "jsi18n" in p]
    browser_page.goto(f"{live_server.url}/map/")
    assert "Organisations" in browser_page.wait_for_selector(".legend").inner_text()
