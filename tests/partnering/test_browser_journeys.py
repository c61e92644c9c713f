"""Issue 19's journeys in Chromium: an invitation by e-mail that signs up and joins, the
profile editor's pickers and map, and the marketplace (publish, find, match, withdraw).

Screenshots go to ``test-artifacts/``. Skipped when chromium is absent, except in CI.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import ARTIFACTS
from tests.journeys.browsing import log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"h8-{name}.png"), full_page=True)


def test_an_invitation_signs_up_and_joins(live_server, browser, users, registry, mailoutbox):
    from clustera.accounts.models import OrganisationMembership

    base = live_server.url
    admin = new_page(browser)
    log_in(admin, base, "orgadmin", "pw-orgadmin-1")
    admin.goto(f"{base}/accounts/me/")
    org = registry["ORG2"].pk
    admin.fill(f"#invite-email-{org}", "newcomer@lumen.example")
    admin.select_option(f"#invite-role-{org}", "admin")
    admin.fill(f"#invite-message-{org}", "Join us to manage our offers")
    admin.click(f"#invitations-{org} button[type=submit]")
    assert "Invitation sent to newcomer@lumen.example" in admin.content()
    assert admin.locator(f"#invitations-{org} table").inner_text().count("newcomer@lumen.example")
    _shot(admin, "invitation-sent")

    link = re.search(r"https?://\S+/accounts/invite/\S+/", mailoutbox[0].body).group(0)
    link = base + link[link.index("/accounts/invite/") :]
    guest = new_page(browser, width=390)
    guest.goto(link)
    summary = guest.locator("#invitation-summary").inner_text()
    assert "Lumen Optics" in summary and "Organisation admin" in summary
    assert guest.locator("#invited-email").get_attribute("readonly") is not None
    _shot(guest, "invitation-landing")
    guest.fill("#id_username", "newcomer")
    guest.fill("#id_password1", "photonic-lasers-42")
    guest.fill("#id_password2", "photonic-lasers-42")
    guest.click("#invited-sign-up button[type=submit]")
    guest.wait_for_url(f"{base}/accounts/me/")
    assert "you now act for Lumen Optics as Organisation admin" in guest.content()
    _shot(guest, "invitation-joined")
    membership = OrganisationMembership.objects.get(user__username="newcomer")
    assert membership.role == "admin" and membership.organisation_id == org


def test_profile_editor_pickers_and_map(live_server, browser, users, registry):
    base = live_server.url
    page = new_page(browser)
    log_in(page, base, "orgadmin", "pw-orgadmin-1")
    page.goto(f"{base}/organisations/{registry['ORG2'].pk}/edit/")
    # the picker's search box hides what does not match
    page.fill("#id_nace-filter", "electrical")
    visible = page.locator("#id_nace option:not([hidden])").all_inner_texts()
    assert any("C27" in v for v in visible)
    assert all("Electrical" in v or "C26" in v for v in visible)  # C26 stays: it is chosen
    page.select_option("#id_nace", ["NACE2:C26", "NACE2:C27"])
    assert "2 chosen" in page.locator("#id_nace ~ .picker-chosen").inner_text()
    # the map is drawn from the regions; a click fills the coordinates
    page.wait_for_selector("#location-map .leaflet-marker-icon")
    box = page.locator("#location-map").bounding_box()
    page.locator("#location-map").click(
        position={"x": box["width"] * 0.3, "y": box["height"] * 0.3}
    )
    lat, lon = page.input_value("#id_lat"), page.input_value("#id_lon")
    assert lat and lon and lat != "50.21"
    page.fill("#id_founded", "2999")
    _shot(page, "profile-editor")
    page.click("#profile-form button[type=submit]")
    assert "Founded: a year up to" in page.content() or "Founded:" in page.content()
    _shot(page, "profile-refused")
    page.fill("#id_founded", "2015")
    page.click("#profile-form button[type=submit]")
    page.wait_for_url(f"{base}/organisations/{registry['ORG2'].pk}/")
    assert "Profile saved" in page.content()
    registry["ORG2"].refresh_from_db()
    assert abs(registry["ORG2"].lat - float(lat)) < 1e-6
    assert sorted(a.code for a in registry["ORG2"].activities.all()) == ["C26", "C27"]


def test_marketplace_publish_find_match_withdraw(live_server, browser, users, registry):
    from clustera.registry import services

    services.create_offer(
        registry["ORG1"],
        {
            "kind": "technology_request",
            "title": "Photonics partner wanted",
            "technologies": ["KET2"],
        },
    )
    base = live_server.url
    page = new_page(browser)
    log_in(page, base, "orgadmin", "pw-orgadmin-1")
    page.goto(f"{base}/organisations/{registry['ORG2'].pk}/offers/new/")
    page.select_option("#id_kind", "technology_offer")
    page.fill("#id_title", "Laser sensors for inspection")
    page.select_option("#id_technologies", label="Photonics")
    page.click("#main form button[type=submit]")
    assert "Published in the marketplace until" in page.content()
    matches = page.locator("#matching-offers").inner_text()
    assert "Photonics partner wanted" in matches and "same technologies: Photonics" in matches
    _shot(page, "offer-matches")
    page.goto(f"{base}/marketplace/")
    page.select_option("#mp-type", "technology_offer")
    page.click("#marketplace-filters button[type=submit]")
    results = page.locator("#marketplace-results").inner_text()
    assert "Laser sensors for inspection" in results and "Photonics partner wanted" not in results
    _shot(page, "marketplace")
    page.click("text=Laser sensors for inspection")
    page.click("#offer-actions button[value=withdraw]")
    assert "Withdrawn" in page.locator("#offer-state").inner_text()
    page.goto(f"{base}/marketplace/")
    assert "Laser sensors" not in page.locator("#marketplace-results").inner_text()
