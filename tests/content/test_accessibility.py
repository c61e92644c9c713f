"""axe-core (WCAG 2.0/2.1 A and AA rules) on the content pages in Chromium, logged out and in:
no serious or critical violation. axe-core comes from npm (frontend/package.json)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.observatory.test_browser import ARTIFACTS

from .conftest import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
  return {passes: result.passes.length, bad: bad};
}"""


def _violations(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE.read_text())  # evaluated through the DevTools protocol: no CSP exception
    result = page.evaluate(RUN_AXE)
    assert result["passes"] > 10, f"axe-core did not run on {url}"
    return result["bad"]


def test_content_pages_have_no_serious_violations(live_server, browser_page, users, registry):
    if not AXE.exists():
        pytest.skip("axe-core is missing: npm install --prefix frontend")
    item = make_item(registry, body="## Heading\n\nText with a [link](https://example.org).")
    base, page = live_server.url, browser_page
    page.set_content('<html lang="en"><title>t</title><body><img src="x.png"></body></html>')
    page.evaluate(AXE.read_text())
    assert any(v.startswith("image-alt") for v in page.evaluate(RUN_AXE)["bad"])  # it sees
    public = [
        "/news/",
        "/case-studies/",
        "/publications/",
        f"/content/{item.slug}/",
        "/search/?q=laser",
        "/accessibility/",
        f"/organisations/{registry['ORG2'].pk}/",
    ]
    found = {url: _violations(page, base + url) for url in public}
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "orgadmin")
    page.fill("#id_password", "pw-orgadmin-1")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Log out")
    for url in ["/news/?technology=KET2", "/content/new/", "/content/queue/", "/following/"]:
        found[f"{url} (logged in)"] = _violations(page, base + url)
    page.screenshot(path=str(ARTIFACTS / "content-following.png"), full_page=True)
    assert {url: v for url, v in found.items() if v} == {}
