"""End to end in Debian's chromium: two organisations register, exchange and accept a request,
the organiser runs Schedule all, both see the meeting, download the ICS and the PDF, and the
organiser checks one in from the badge's QR page. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from tests.conftest import ARTIFACTS, collect_page_errors

from clustera.events.models import Meeting, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORDS = {"orgadmin": "pw-orgadmin-1", "other": "pw-other-1", "organiser": "pw-organiser-1"}


def _page_for(browser, live_server, role, width=1280):
    context = browser.new_context(
        accept_downloads=True, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", PASSWORDS[role])
    page.click("form.card button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def _register(page, live_server, event, organisation_name):
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.select_option("select[name=participant_type]", label="SME")
    page.select_option("select[name^=q]", "Partners")
    page.click("text=Register")
    assert f"{organisation_name}: Confirmed" in page.inner_text("main")


def test_register_request_accept_schedule_agenda_and_check_in(
    live_server, browser, event, people, registry
):
    first = _page_for(browser, live_server, "orgadmin")
    errors = collect_page_errors(first)
    _register(first, live_server, event, "Lumen Optics")
    first.screenshot(path=str(ARTIFACTS / "events-registered.png"), full_page=True)
    second = _page_for(browser, live_server, "other")
    _register(second, live_server, event, "Sensor Forge")

    first.goto(f"{live_server.url}/events/{event.pk}/participants/")
    first.click("text=Request a meeting with Sensor Forge")
    first.fill("textarea[name=message]", "Shall we talk about laser sensors?")
    first.click("text=Send request")
    assert "Request sent to Sensor Forge" in first.inner_text("main")
    first.screenshot(path=str(ARTIFACTS / "events-marketplace.png"), full_page=True)

    second.goto(f"{live_server.url}/events/{event.pk}/requests/")
    assert "Shall we talk about laser sensors?" in second.inner_text("main")
    second.click("button:has-text('Accept')")
    assert "Accepted" in second.inner_text("main")
    second.screenshot(path=str(ARTIFACTS / "events-requests.png"), full_page=True)

    organiser = _page_for(browser, live_server, "organiser")
    organiser.goto(f"{live_server.url}/events/{event.pk}/manage/")
    organiser.click("button:has-text('Schedule all')")
    assert organiser.inner_text("#schedule-status") == "done"
    organiser.screenshot(path=str(ARTIFACTS / "events-organiser.png"), full_page=True)
    assert Meeting.objects.filter(event=event).count() == 1

    for page, partner in ((first, "Sensor Forge"), (second, "Lumen Optics")):
        page.goto(f"{live_server.url}/events/{event.pk}/agenda/")
        assert partner in page.inner_text("table")
    first.screenshot(path=str(ARTIFACTS / "events-agenda.png"), full_page=True)
    with first.expect_download() as ics:
        first.click("text=Download to my calendar (ICS)")
    calendar = Calendar.from_ical(Path(ics.value.path()).read_bytes())
    assert "Sensor Forge" in str(calendar.walk("VEVENT")[0]["summary"])
    with first.expect_download() as pdf:
        first.click("text=Print (PDF)")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")

    first.goto(f"{live_server.url}/events/{event.pk}/badge/")
    assert first.locator("svg").count() >= 1
    first.screenshot(path=str(ARTIFACTS / "events-badge.png"), full_page=True)
    from clustera.events import services

    token = services.checkin_token(Registration.objects.get(organisation=registry["ORG2"]))
    phone = _page_for(browser, live_server, "organiser", width=390)
    phone.goto(f"{live_server.url}/events/{event.pk}/check-in/{token}/")
    phone.click("#confirm-checkin")
    assert "Lumen Optics (SME) is checked in" in phone.inner_text("#checked")
    phone.screenshot(path=str(ARTIFACTS / "events-check-in-phone.png"), full_page=True)
    assert Registration.objects.get(organisation=registry["ORG2"]).checked_in is not None
    first.goto(f"{live_server.url}/events/?when=upcoming")
    first.select_option("select[name=kind]", "matchmaking")
    first.click("#main form.options button[type=submit]")
    assert "kind=matchmaking" in first.url and "Photonics Matchmaking" in first.inner_text("main")
    first.screenshot(path=str(ARTIFACTS / "events-calendar.png"), full_page=True)
    first.click("text=month")
    assert first.locator("select[name=technology]").count() == 1
    first.screenshot(path=str(ARTIFACTS / "events-month.png"), full_page=True)
    first.goto(f"{live_server.url}/events/map/?kind=matchmaking")
    first.wait_for_selector(".leaflet-marker-icon, .leaflet-interactive", timeout=10000)
    first.screenshot(path=str(ARTIFACTS / "events-map.png"), full_page=True)
    organiser.goto(f"{live_server.url}/events/{event.pk}/table-plan/")
    organiser.click("text=Tables per slot")
    organiser.screenshot(path=str(ARTIFACTS / "events-table-plan.png"), full_page=True)
    assert errors == []
