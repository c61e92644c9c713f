"""Keyboard-only walks through the main journeys in Chromium: the page is driven by key presses
only (no clicks, no fills). Checked: the skip link, that Tab reaches every control of a page
with a visible focus outline and leaves the page at its end (no keyboard trap), disclosure
widgets (``<details>``) opening with Enter, the maps taking arrow keys, and the journeys
"find an organisation", "log in", "filter the news" and "register interest in a survey page".
Screenshots of focused states go to test-artifacts/keyboard-*.png.
"""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

from .test_accessibility import PASSWORD, seeded_site

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The focused element: a stable key, where it is, and whether its focus is visible.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement || e.id === 'kbd-start') {
    return null;
  }
  if (!e.dataset.kbd) e.dataset.kbd = String(Math.random());
  const s = getComputedStyle(e);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
    || (s.boxShadow && s.boxShadow !== 'none');
  const key = e.type === 'radio' ? 'radio:' + e.name : e.dataset.kbd;
  return {key: key, tag: e.tagName, text: (e.innerText || e.value || e.name || e.id || '')
    .trim().slice(0, 40), visible: visible, inMain: !!e.closest('main'),
    inFooter: !!e.closest('footer'), skip: e.classList.contains('skip')};
}"""
# Every control a keyboard user must reach: shown, enabled, in the tab order (a radio group
# counts once: arrows move inside it).
CONTROLS = """() => {
  const found = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.type !== 'hidden'
      && e.checkVisibility({visibilityProperty: true}) && !e.closest('[inert]'));
  return found.map(e => {
    if (!e.dataset.kbd) e.dataset.kbd = String(Math.random());
    return e.type === 'radio' ? 'radio:' + e.name : e.dataset.kbd;
  }).filter((k, i, all) => all.indexOf(k) === i);
}"""


def tab_walk(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page; the focused elements."""
    # Start before the page's first element (as after loading it, whatever got autofocus).
    page.evaluate("""() => { const start = document.createElement('span');
      start.id = 'kbd-start'; start.tabIndex = -1; document.body.prepend(start); start.focus(); }""")
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED)
        if found is None or (seen and found["key"] == seen[0]["key"]):
            return seen
        seen.append(found)
    raise AssertionError(f"focus never left {page.url} after {limit} Tabs: a keyboard trap?")


def check_tab_order(page, url: str) -> list[str]:
    """Problems of one page's tab order: controls not reached, focus not visible, no exit."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    wanted = page.evaluate(CONTROLS)
    walked = tab_walk(page, limit=len(wanted) + 40)
    problems = []
    if not walked or not walked[0]["skip"]:
        problems.append(f"{url}: the first Tab does not reach the skip link")
    reached = {f["key"] for f in walked}
    missed = [k for k in wanted if k not in reached]
    if missed:
        problems.append(f"{url}: {len(missed)} control(s) never reached by Tab")
    hidden = [f["text"] or f["tag"] for f in walked if not f["visible"]]
    if hidden:
        problems.append(f"{url}: focus not visible on {hidden[:5]}")
    if not walked or not walked[-1]["inFooter"]:
        problems.append(f"{url}: the walk does not end in the footer")
    return problems


def press_until(page, predicate: str, key: str = "Tab", limit: int = 200) -> dict:
    """Press ``key`` until the focused element satisfies the JS ``predicate`` (on the element)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!({predicate}); }}"):
            return page.evaluate(FOCUSED)
    raise AssertionError(f"{predicate} never focused on {page.url}")


def skip_link_journey(page, base: str) -> None:
    page.goto(base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["skip"] and focused["visible"]
    box = page.locator("a.skip").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    page.screenshot(path=str(ARTIFACTS / "keyboard-skip-link.png"))
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "after the skip link, Tab goes into the main part"


def directory_journey(page, base: str, name: str) -> None:
    page.goto(base + "/directory/")
    press_until(page, "e.id === 'q'")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    press_until(
        page, f"e.tagName === 'A' && e.innerText.includes({name!r}) && e.closest('#results')"
    )
    page.screenshot(path=str(ARTIFACTS / "keyboard-directory.png"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/organisations/" in page.url


def disclosure_journey(page, base: str) -> None:
    """A ``<details>`` widget opens with Enter and its content is then reachable."""
    page.goto(base + "/observatory/")
    press_until(page, "e.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    assert page.locator("main details").first.get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('details[open]')")


def log_in_journey(page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    press_until(page, "e.id === 'id_username'")
    page.keyboard.type("walker")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("text=Log out")


def news_journey(page, base: str) -> None:
    page.goto(base + "/news/")
    press_until(page, "e.id === 'f-tech'")
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrows
    chosen = page.evaluate("() => document.activeElement.value")
    assert chosen
    press_until(page, "e.tagName === 'BUTTON' && e.type === 'submit' && e.closest('main')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"technology={chosen}" in page.url
    page.goto(base + "/news/")  # (the chosen technology may have case studies only)
    press_until(page, "e.tagName === 'A' && e.closest('ul.results')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/content/" in page.url


def map_journey(page, base: str) -> None:
    page.goto(base + "/map/")
    page.wait_for_selector(".leaflet-container")
    press_until(page, "e.classList.contains('leaflet-container')")
    pane = page.locator(".leaflet-map-pane")
    before = pane.get_attribute("style")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(600)
    assert pane.get_attribute("style") != before, "the map pans with the arrow keys"
    page.screenshot(path=str(ARTIFACTS / "keyboard-map.png"))


def test_keyboard_only_journeys(live_server, browser_page, django_user_model):
    site = seeded_site(django_user_model)
    base, page = live_server.url, browser_page
    skip_link_journey(page, base)
    directory_journey(page, base, site["organisation"].name)
    disclosure_journey(page, base)
    map_journey(page, base)
    news_journey(page, base)
    pages = [
        "/",
        "/news/",
        f"/content/{site['item'].slug}/",
        "/calls/",
        f"/calls/{site['call'].pk}/",
        f"/events/{site['event'].pk}/",
        f"/surveys/{site['survey'].slug}/",
        "/accessibility/",
        "/accounts/login/",
    ]
    problems = [p for url in pages for p in check_tab_order(page, base + url)]
    log_in_journey(page, base)
    for url in ["/", f"/partnerships/{site['workspace'].pk}/", "/accounts/me/", "/following/"]:
        problems += check_tab_order(page, base + url)
    page.screenshot(path=str(ARTIFACTS / "keyboard-following.png"), full_page=True)
    assert problems == [], "\n".join(problems)
