"""The whole partnership journey in a real browser (Debian's chromium driven by Playwright).

An editor publishes a call; a cluster applies with two partners from other countries; an
evaluator scores it; it is accepted; the workspace opens; a milestone and a pilot are added; a
missing value-chain step is filled from a recommendation; the investment proposal reaches
"bankable"; the dossier PDF is downloaded and its text checked. Screenshots: test-artifacts/.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from tests.conftest import ARTIFACTS, collect_page_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(context, url, username, password):
    context.clear_cookies()
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # the login form in the page's main part (the header has a search form of its own)
    page.click("#main form button[type=submit], #main form input[type=submit]")
    return page


def _shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"partnerships-{name}.png"), full_page=True)


def test_the_partnership_journey(live_server, browser_context, roles, registry, abroad):
    from clustera.partnerships.models import Application, Partnership
    from clustera.registry.models import Organisation, Service

    # a technology centre outside the consortium whose service answers the "Field trials" step
    centre = Organisation.objects.create(
        key="ORG7", name="Delta Test Lab", type="technology_centre", country="XB", is_public=True
    )
    Service.objects.create(
        key="S1",
        organisation=centre,
        kind="testing",
        name="Field trials of farm sensors",
        description="Field trials and testing in greenhouses",
        trl_min=4,
        trl_max=7,
    )
    url = live_server.url
    page = _as(browser_context, url, "editor", "pw-editor-1")
    errors = collect_page_errors(page)
    page.goto(f"{url}/calls/new/")
    page.fill("#id_title", "Photonics partnerships")
    page.select_option("#id_countries", ["XA", "XB", "XC"])
    page.fill("#id_min_partners", "3")
    page.fill("#id_min_countries", "3")
    page.fill("#id_deadline", "2031-06-30T17:00")
    page.click("button[name=publish]")
    page.wait_for_selector("text=Who may apply")
    _shot(page, "call")
    call_url = page.url

    page = _as(browser_context, url, "orgadmin", "pw-orgadmin-1")
    page.goto(call_url)
    page.fill("#id_title", "Photonic farms")
    page.click("text=Start an application")
    page.wait_for_selector("text=Eligibility")
    application_url = page.url
    for partner in ("Baltic Robotics Cluster", "Carpathia Pilot Lines"):
        page.fill("#id_organisation", partner)
        page.click("button:has-text('Invite')")
    page.fill("#id_concept", "Lasers that keep crops healthy")
    page.fill("#id_value_chain", "Photonic components\nSystem integration\nField trials")
    page.click("button:has-text('Save')")
    assert "needs 3 countries, has 1" in page.content()
    _shot(page, "application-draft")

    for username, password in (("otheradmin", "pw-other-1"), ("thirdadmin", "pw-third-1")):
        page = _as(browser_context, url, username, password)
        page.goto(f"{url}/invitations/")
        page.click("button[value=accept]")
        page.wait_for_selector("text=Invitation accepted")

    page = _as(browser_context, url, "orgadmin", "pw-orgadmin-1")
    page.goto(application_url)
    assert "Eligible: 3 organisations from 3 countries" in page.content()
    page.click("text=Submit the application")
    page.wait_for_selector("text=Application submitted")
    application = Application.objects.get()
    assert application.status == "submitted"

    page = _as(browser_context, url, "editor", "pw-editor-1")
    page.goto(f"{call_url}evaluation/")
    page.fill("#evaluator-name", "analyst")
    page.click("text=Make evaluator")
    page.select_option("#assign-user", "analyst")
    page.click("form >> text=Assign")
    page.wait_for_selector("text=Assigned to analyst")

    page = _as(browser_context, url, "analyst", "pw-analyst-1")
    page.goto(f"{url}/evaluations/")
    page.click("text=Photonic farms")
    page.click("button[name=declare]")
    for field in page.locator("input[name^=score_]").all():
        field.fill("4")
    page.fill("textarea[name^=comment_]", "Convincing value chain")
    page.click("text=Save scores")
    page.wait_for_selector("text=Scores saved")

    page = _as(browser_context, url, "editor", "pw-editor-1")
    page.goto(f"{call_url}evaluation/")
    _shot(page, "evaluation")
    page.fill(f"#reasons-{application.pk}", "Strong and complementary consortium")
    page.click("text=Decide")
    page.wait_for_selector("text=applicants notified")

    page = _as(browser_context, url, "orgadmin", "pw-orgadmin-1")
    page.goto(application_url)
    page.click("text=Open the partnership workspace")
    page.wait_for_selector("text=Workspace")
    partnership = Partnership.objects.get()
    page.fill("#ms-title", "Kick-off meeting")
    page.fill("#ms-start", "2027-01-15")
    page.fill("#ms-due", "2027-01-15")
    page.click("text=Add to the roadmap")
    page.fill("#pi-title", "Greenhouse pilot")
    page.fill("#pi-budget", "150000")
    page.fill("#pi-trl1", "4")
    page.fill("#pi-trl2", "7")
    page.click("text=Add the pilot")
    page.click("tr:has-text('Field trials') >> text=Find who could cover it")
    page.wait_for_selector("text=technology-centre finder")
    _shot(page, "gaps")
    page.click(f"text=Invite {centre.name} to cover this step")
    page.wait_for_selector("text=Saved.")
    step = partnership.steps.get(name="Field trials")
    assert list(step.covered_by.all()) == [centre]
    assert partnership.members.get(organisation=centre).role == "associated"

    page.goto(f"{url}/partnerships/{partnership.pk}/")
    page.fill("#pr-title", "Photonic farms investment")
    page.fill("#pr-total", "1000000")
    page.click("text=Start the investment proposal")
    for organisation, source, amount in (
        (registry["ORG2"], "erdf", "600000"),
        (abroad["XB"], "private", "400000"),
    ):
        page.select_option("#bl-org", str(organisation.pk))
        page.fill("#bl-year", "2027")
        page.select_option("#bl-source", source)
        page.fill("#bl-amount", amount)
        page.click("text=Add the budget line")
    page.fill("#rk-d", "Late permits")
    page.fill("#rk-l", "3")
    page.fill("#rk-i", "3")
    page.click("text=Add the risk")
    page.select_option("#pr-stage", "bankable")
    page.click("button:has-text('Move')")
    page.wait_for_selector("text=stage Bankable")
    page.set_viewport_size({"width": 390, "height": 900})
    _shot(page, "workspace-390")
    page.set_viewport_size({"width": 1280, "height": 1000})
    _shot(page, "workspace")

    with page.expect_download() as download_info:
        page.click("text=Dossier (PDF)")
    path = ARTIFACTS / "partnership-dossier.pdf"
    download_info.value.save_as(str(path))
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    for expected in (
        "Photonic farms",
        "Kick-off meeting",
        "Greenhouse pilot",
        "Bankable",
        "1,000,000.00",
    ):
        assert expected in text, expected
    assert errors == []
