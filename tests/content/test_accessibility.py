"""axe-core (WCAG 2.0/2.1 A and AA rules) on the content pages in Chromium, logged out and in:
no serious or critical violation. axe-core comes from npm (frontend/package.json)."""

from __future__ import annotations

import pytest
from tests.observatory.test_browser import ARTIFACTS

from .conftest import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_content_pages_have_no_serious_violations(live_server, browser_page, axe, users, registry):
    item = make_item(registry, body="## Heading\n\nText with a [link](https://example.org).")
    base, page = live_server.url, browser_page
    page.set_content('<html lang="en"><title>t</title><body><img src="x.png"></body></html>')
    assert any(v.startswith("image-alt") for v in axe(page, min_passes=0))  # it sees
    public = [
        "/news/",
        "/case-studies/",
        "/publications/",
        f"/content/{item.slug}/",
        "/search/?q=laser",
        "/accessibility/",
        f"/organisations/{registry['ORG2'].pk}/",
    ]
    found = {url: axe(page, base + url) for url in public}
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "orgadmin")
    page.fill("#id_password", "pw-orgadmin-1")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Log out")
    for url in ["/news/?technology=KET2", "/content/new/", "/content/queue/", "/following/"]:
        found[f"{url} (logged in)"] = axe(page, base + url)
    page.screenshot(path=str(ARTIFACTS / "content-following.png"), full_page=True)
    assert {url: v for url, v in found.items() if v} == {}
