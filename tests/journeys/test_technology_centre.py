"""The technology centre's journey on the demo world, in Chromium: log in, publish a service
offer in the marketplace, answer an SME's expression of interest (reply, accept) and share
contact data, which both sides then see once the SME agrees too.

Screenshots: ``test-artifacts/journeys/centre-*.png``.
"""

from __future__ import annotations

import pytest
from tests.journeys.browsing import JOURNEYS, log_in, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _publish_offer(page, base: str, centre, technology) -> None:
    page.goto(f"{base}/organisations/{centre.pk}/")
    page.click("text=Publish an offer or request")
    page.select_option("#id_kind", "technology_offer")
    page.fill("#id_title", "Climatic chamber tests for sensors")
    page.fill("#id_description", "Thermal cycling from -40 to 150 °C, humidity and salt spray.")
    page.select_option("#id_technologies", f"{technology.scheme}:{technology.code}")
    page.click("#main form button[type=submit]")
    assert "Published in the marketplace until" in page.inner_text("main")
    shot(page, JOURNEYS, "centre-1-offer-published")
    page.goto(f"{base}/marketplace/?q=climatic")
    results = page.locator("#marketplace-results").inner_text()
    assert "Climatic chamber tests for sensors" in results and centre.name in results


def _answer(page, base: str, sme, centre) -> str:
    page.goto(f"{base}/conversations/")
    page.click(f"text={sme.name} → {centre.name}")
    assert "Could we qualify our sensors in your climatic chamber?" in page.inner_text("main")
    page.fill("#reply", "Yes: send us the datasheet and we will propose a test plan.")
    page.click("text=Send reply")
    page.click("button[value=accept]")
    assert "Accepted" in page.inner_text("#conversation-status")
    page.click("#contacts button[value=share]")
    contacts = page.inner_text("#contacts")
    assert f"{centre.name}: agrees" in contacts and f"{sme.name}: not yet" in contacts
    shot(page, JOURNEYS, "centre-2-conversation-answered")
    return page.url


def test_centre_publishes_an_offer_answers_an_sme_and_shares_contacts(demo, browser):
    from clustera.accounts.selectors import user_named
    from clustera.partnering.services import express_interest
    from clustera.registry.models import Contact, Service

    centre, sme = demo.organisation("centre-manager"), demo.organisation("sme-owner")
    express_interest(
        user_named("sme-owner"),
        sme,
        centre,
        "Could we qualify our sensors in your climatic chamber?",
        "Sensor qualification",
    )
    technology = Service.objects.filter(organisation=centre).exclude(technology=None).first()
    page = new_page(browser)
    log_in(page, demo.base, "centre-manager")
    _publish_offer(page, demo.base, centre, technology.technology)
    thread = _answer(page, demo.base, sme, centre)

    # the SME agrees too: both sides now see the other's contact data
    asker = new_page(browser)
    log_in(asker, demo.base, "sme-owner")
    asker.goto(thread)
    text = asker.inner_text("main")
    assert text.index("climatic chamber?") < text.index("propose a test plan")
    asker.click("#contacts button[value=share]")
    shown = asker.inner_text("#contacts")
    for contact in Contact.objects.filter(organisation__in=[centre, sme]):
        assert contact.email in shown
    shot(asker, JOURNEYS, "centre-3-contacts-shared")
    page.reload()
    assert "mailto:" in page.inner_html("#contacts") or not Contact.objects.filter(
        organisation__in=[centre, sme]
    )
