"""End to end in a real browser: an organisation admin proposes news, an editor publishes it, and
it appears in the news list, its feed and on the organisation's page."""

from __future__ import annotations

import feedparser
import pytest
from tests.observatory.test_browser import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Log out")


def _log_out(page) -> None:
    page.click("text=Log out")
    page.wait_for_selector("text=Log in")


def test_proposed_news_is_published_and_shown_everywhere(
    live_server, browser_page, page_errors, users
):
    page, base = browser_page, live_server.url
    organisation = users["orgadmin"].organisation_memberships.get().organisation

    _log_in(page, base, "orgadmin", "pw-orgadmin-1")
    page.goto(f"{base}/news/")
    page.click("text=Write an item")
    page.fill("#id_title", "Lumen Optics ships a photonic sensor")
    page.fill("#id_summary", "A new sensor line for SMEs.")
    page.fill("#id_body", "## Launch\n\nThe **sensor** is ready. <script>alert(1)</script>")
    page.select_option("#id_organisation", str(organisation.pk))
    page.click("button[value=preview]")
    page.screenshot(path=str(ARTIFACTS / "content-editor-preview.png"), full_page=True)
    assert "sensor" in page.inner_text("#preview-title + .body")
    page.screenshot(path=str(ARTIFACTS / "content-editor-preview.png"), full_page=True)
    page.click("#submit-review")
    page.wait_for_selector("text=In review")
    _log_out(page)

    _log_in(page, base, "editor", "pw-editor-1")
    page.goto(f"{base}/content/queue/")
    page.click("text=Lumen Optics ships a photonic sensor")
    page.screenshot(path=str(ARTIFACTS / "content-item-review.png"), full_page=True)
    page.click("#publish-button")
    page.wait_for_selector("text=Published.")
    _log_out(page)

    page.goto(f"{base}/news/")
    assert "Lumen Optics ships a photonic sensor" in page.inner_text("main")
    page.screenshot(path=str(ARTIFACTS / "content-news-list.png"), full_page=True)
    feed = feedparser.parse(page.request.get(f"{base}/news/feed.rss").body())
    assert [e.title for e in feed.entries] == ["Lumen Optics ships a photonic sensor"]

    page.goto(f"{base}/organisations/{organisation.pk}/")
    page.wait_for_selector("a:has-text('Lumen Optics ships a photonic sensor')")
    page.screenshot(path=str(ARTIFACTS / "content-organisation-panel.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/content/lumen-optics-ships-a-photonic-sensor/")
    assert "alert(1)" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "content-item-390.png"), full_page=True)
    assert not page_errors, page_errors
