"""A three-page survey with skip logic in a real browser (Debian's chromium via Playwright):
fill page 1, close the browser context, reopen the resume link, finish, submit; the French form.

Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

from clustera.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fill_close_resume_and_submit_then_the_french_form(live_server, browser, survey):
    first = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 900})
    page = first.new_page()
    page.goto(f"{live_server.url}/surveys/three-pages/")
    page.screenshot(path=ARTIFACTS / "survey-consent.png", full_page=True)
    page.get_by_label("I have read this and agree").check()
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_label("Company").fill("Acme Robotics")
    page.get_by_label("Yes").check()
    page.screenshot(path=ARTIFACTS / "survey-page-1.png", full_page=True)
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_text("Page 2 of 3").is_visible()
    resume_link = page.url
    first.close()  # the tab (and its cookies) are gone

    second = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = second.new_page()
    page.goto(resume_link)
    assert page.get_by_label("Which centre?").is_visible()  # back where it stopped
    page.get_by_label("Which centre?").fill("TC One")
    page.get_by_label("Visits per year").fill("400")
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_text("From 0 to 365").is_visible()  # the error is on the field
    page.screenshot(path=ARTIFACTS / "survey-error.png", full_page=True)
    page.get_by_label("Visits per year").fill("4")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Prototyping").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit my answers").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    second.close()
    stored = Response.objects.get()
    assert stored.status == "complete"
    assert stored.answers == {
        "company": "Acme Robotics",
        "used": "yes",
        "centre_name": "TC One",
        "visits": 4,
        "services": ["prototyping"],
    }

    french = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 900})
    page = french.new_page()
    page.goto(f"{live_server.url}/surveys/three-pages/")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Commencer l’enquête").click()  # the site's words in French
    assert page.get_by_text("Avez-vous déjà fait appel à un centre technologique ?").is_visible()
    assert page.get_by_label("Oui").is_visible()
    assert page.get_by_role("heading", name="Recours aux centres").is_visible()
    page.screenshot(path=ARTIFACTS / "survey-french.png", full_page=True)
    french.close()


def test_the_gap_map_and_the_results_dashboard_on_the_demo_world(live_server, browser):
    from clustera.portal.seeding import seed_world
    from clustera.surveys.demo_world import planted_gap
    from clustera.synth import generate_world

    seed_world(3, 300, with_datasets=False)
    gap = planted_gap(generate_world(seed=3, scale=300), 3)
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server.url}/observatory/gaps/{gap.technology}/")
    page.wait_for_selector("#gap-map[data-loaded='unmet']")
    assert page.locator("#gap-map path.leaflet-interactive").count() > 10
    assert (
        page.get_by_role("cell", name=gap.regions[0]).count()
        or page.get_by_text(f"({gap.regions[0]})").count()
    )
    page.screenshot(path=ARTIFACTS / "gap-technology.png", full_page=True)
    page.goto(f"{live_server.url}/surveys/sme-technology-needs/results/")
    assert page.get_by_text("completion rate").is_visible()
    assert page.locator("svg.chart").count() > 3
    page.screenshot(path=ARTIFACTS / "survey-results.png", full_page=False)
    context.close()


def test_a_file_question_in_the_browser_refuses_a_large_file_then_keeps_a_small_one(
    live_server, browser, tmp_path, registry, settings
):
    from tests.surveys.test_uploads import file_survey as make_survey

    make_survey.__wrapped__(tmp_path, registry, settings)
    page = browser.new_context(locale="en-GB", viewport={"width": 800, "height": 900}).new_page()
    page.goto(f"{live_server.url}/surveys/docs/")
    page.check("input[name=consent]")
    page.click("#main form button[type=submit]")
    page.fill("#q-company", "Acme")
    big, small = tmp_path / "big.pdf", tmp_path / "plan.pdf"
    big.write_bytes(b"x" * 20_000)
    small.write_bytes(b"%PDF-1.4 plan")
    page.set_input_files("#q-plan", str(big))
    page.click("button[value=next]")
    assert "is 19.5 KB; at most 10.2 KB is accepted" in page.inner_text("#main")
    page.screenshot(path=ARTIFACTS / "survey-file-too-large.png", full_page=True)
    page.set_input_files("#q-plan", str(small))
    page.click("button[value=next]")
    page.click("button[value=submit]")
    assert "Thank you" in page.inner_text("h1")
    assert Response.objects.get().answers["plan"]["name"] == "plan.pdf"
