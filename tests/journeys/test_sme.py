"""The SME's journey on the demo world, in Chromium: sign up (the link from the e-mail),
create its organisation, pick its technologies, answer the SME technology-needs survey,
find a technology centre for its need and express interest in it (a conversation opens).

Screenshots: ``test-artifacts/journeys/sme-*.png``.
"""

from __future__ import annotations

import re

import pytest
from tests.journeys.browsing import JOURNEYS, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page, name: str, value: str = "") -> None:
    """Pick an answer (by default the first) of a survey question, a list or buttons."""
    select = page.locator(f"select#q-{name}")
    if select.count():
        values = select.locator("option").evaluate_all("o => o.map(x => x.value).filter(Boolean)")
        select.select_option(value or values[0])
    else:
        page.locator(f"input[name={name}]" + (f"[value={value}]" if value else "")).first.check()


def _sign_up(page, base: str, mailoutbox) -> None:
    page.goto(f"{base}/")
    page.click("text=Sign up")
    page.fill("#id_username", "nadia")
    page.fill("#id_email", "nadia@nordlicht-sensors.example")
    page.fill("#id_password1", "precision-optics-77")
    page.fill("#id_password2", "precision-optics-77")
    page.click("#main form button[type=submit]")
    assert "We sent a link to nadia@nordlicht-sensors.example" in page.inner_text("main")
    shot(page, JOURNEYS, "sme-1-signed-up")
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mailoutbox[-1].body).group(0)
    page.goto(base + link[link.index("/accounts/verify/") :])
    assert "account active" in page.inner_text("main")


def _create_organisation(page, country: str) -> str:
    page.click("text=Create an organisation")
    page.fill("#id_name", "Nordlicht Sensors")
    page.select_option("#id_type", "sme")
    page.fill("#id_country", country)
    page.fill("#id_city", "Lakeside")
    page.fill(
        "#id_description",
        "We design optical sensors for inspecting welds and coatings on production lines, "
        "and need help qualifying them for harsh environments.",
    )
    page.click("#main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/organisations/\d+/$"))
    main = page.inner_text("main")
    assert "Nordlicht Sensors is created as a private profile with you as its admin" in main
    assert "Waiting for validation" in main
    shot(page, JOURNEYS, "sme-2-organisation-created")
    return page.url


def _pick_technology(page, profile: str, technology) -> None:
    page.click("text=Edit profile")
    page.fill("#id_technologies-filter", technology.name[:6])
    visible = page.locator("#id_technologies option:not([hidden])").all_inner_texts()
    assert any(technology.name in v for v in visible), visible
    page.select_option("#id_technologies", f"{technology.scheme}:{technology.code}")
    assert "1 chosen" in page.locator("#id_technologies ~ .picker-chosen").inner_text()
    shot(page, JOURNEYS, "sme-3-technology-picker")
    page.click("#profile-form button[type=submit]")
    page.wait_for_url(profile)
    assert "Profile saved" in page.inner_text("main")
    assert technology.name in page.inner_text("main")


def _answer_needs_survey(page, base: str, technology) -> None:
    page.goto(f"{base}/surveys/")
    page.click("a[href='/surveys/sme-technology-needs/']")
    page.locator("input[name=consent]").check()
    page.click("#main form button[type=submit]")
    page.fill("#q-company_name", "Nordlicht Sensors")
    for name in ("region", "nace", "company_size"):
        _choose(page, name)
    shot(page, JOURNEYS, "sme-4-survey-page-1")
    page.click("button[value=next]")
    assert "Page 2 of 3" in page.inner_text("main")
    page.select_option("#q-technologies", label=f"{technology.name} ({technology.scheme})")
    page.get_by_label("Testing, validation and certification").check()
    page.get_by_label("TRL 5: technology validated in relevant environment").check()
    page.click("button[value=next]")
    assert "Page 3 of 3" in page.inner_text("main")
    _choose(page, "budget_band")
    page.fill("#q-travel_km", "150")
    _choose(page, "cross_border", "yes")
    _choose(page, "languages", "en")
    _choose(page, "contact_consent", "yes")
    page.fill("#q-contact_email", "nadia@nordlicht-sensors.example")
    page.click("button[value=next]")
    page.click("button[value=submit]")
    assert "Thank you" in page.inner_text("h1")
    shot(page, JOURNEYS, "sme-4-survey-thanks")


def _find_a_centre(page, base: str, service) -> None:
    page.goto(f"{base}/technology-centres/finder/")
    page.select_option("#id_technology", service.technology.code)
    page.click("#main form button[type=submit]")
    results = page.locator("ol.results").inner_text()
    assert service.organisation.name in results and service.name in results
    shot(page, JOURNEYS, "sme-5-centre-finder")
    page.click(f"ol.results a:text-is('{service.organisation.name}')")


def test_sme_signs_up_creates_its_profile_answers_the_survey_and_contacts_a_centre(
    demo, browser, mailoutbox
):
    from clustera.partnering.models import Conversation
    from clustera.registry.models import Service
    from clustera.surveys.models import Response

    centre = demo.organisation("centre-manager")
    service = Service.objects.filter(organisation=centre).exclude(technology=None).first()
    assert service is not None, "the demo centre offers a service with a technology"
    page = new_page(browser)
    _sign_up(page, demo.base, mailoutbox)
    profile = _create_organisation(page, demo.organisation("sme-owner").country)
    _pick_technology(page, profile, service.technology)
    _answer_needs_survey(page, demo.base, service.technology)
    _find_a_centre(page, demo.base, service)

    page.click(f"text=Express interest in working with {centre.name}")
    assert "administrators are told in the app and by e-mail" in page.inner_text("main")
    page.fill("#message", f"Could we test our sensors with your {service.name}?")
    page.click("details button[type=submit]")
    page.wait_for_url(re.compile(r".*/conversations/\d+/$"))
    thread = page.inner_text("main")
    assert "were told in the app and by e-mail" in thread
    assert f"Nordlicht Sensors → {centre.name}" in thread
    assert f"Could we test our sensors with your {service.name}?" in thread
    shot(page, JOURNEYS, "sme-6-conversation")
    answers = Response.objects.get(answers__company_name="Nordlicht Sensors").answers
    assert answers["technologies"] == [service.technology.code]
    conversation = Conversation.objects.get(initiator__name="Nordlicht Sensors")
    assert conversation.recipient_id == centre.pk
    assert any("centre-manager@" in address for m in mailoutbox for address in m.to)
