"""Every main page at a phone's width (390 x 844): nothing scrolls sideways.

Each page is opened as the demo's cluster manager (who sees the most: partner search, the
partnership workspace, the private parts of profiles), except sign-up and log-in, opened
anonymously. Screenshots go to ``test-artifacts/phone/``.
"""

from __future__ import annotations

import re

import pytest
from tests.journeys.browsing import PHONE, log_in, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390

# name, address, or (list page, pattern of the first link to follow from it)
PAGES: tuple[tuple[str, str | tuple[str, str]], ...] = (
    ("home", "/"),
    ("directory", "/directory/"),
    ("profile", ("/directory/", r"^/organisations/\d+/$")),
    ("map", "/map/"),
    ("observatory", "/observatory/"),
    ("observatory-map", "/observatory/map/"),
    ("region", ("/observatory/map/", r"^/observatory/regions/[^/]+/$")),
    ("gaps", "/observatory/gaps/"),
    ("partner-search", "/partners/"),
    ("centre-finder", "/technology-centres/finder/"),
    ("marketplace", "/marketplace/"),
    ("offer", ("/marketplace/", r"^/marketplace/\d+/$")),
    ("news", "/news/"),
    ("content-item", ("/news/", r"^/content/[\w-]+/$")),
    ("publications", "/publications/"),
    ("surveys", "/surveys/"),
    ("survey", ("/surveys/", r"^/surveys/[\w-]+/$")),
    ("events", "/events/"),
    ("event", ("/events/", r"^/events/\d+/$")),
    ("calls", "/calls/"),
    ("partnerships", "/partnerships/"),
    ("partnership", ("/partnerships/", r"^/partnerships/\d+/$")),
    ("conversations", "/conversations/"),
    ("account", "/accounts/me/"),
    ("search", "/search/?q=cluster"),
)
ANONYMOUS = (("login", "/accounts/login/"), ("sign-up", "/accounts/signup/"))


def _first_link(page, pattern: str) -> str:
    hrefs = page.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    found = [h for h in hrefs if re.match(pattern, h or "")]
    assert found, f"no link matching {pattern} on {page.url}"
    return found[0]


def _width_of(page, base: str, name: str, where: str | tuple[str, str]) -> tuple[str, int]:
    if isinstance(where, tuple):
        page.goto(base + where[0])
        page.wait_for_load_state("networkidle")
        where = _first_link(page, where[1])
    response = page.goto(base + where)
    assert response is not None and response.status == 200, f"{name}: {where} answered {response}"
    page.wait_for_load_state("networkidle")
    shot(page, PHONE, name)
    return where, page.evaluate("document.documentElement.scrollWidth")


def test_every_main_page_fits_a_phone(demo, browser):
    page = new_page(browser, width=WIDTH, height=844)
    log_in(page, demo.base, "cluster-manager")
    too_wide = {}
    for name, where in PAGES:
        url, width = _width_of(page, demo.base, name, where)
        if width > WIDTH:
            too_wide[f"{name} {url}"] = width
    guest = new_page(browser, width=WIDTH, height=844)
    for name, where in ANONYMOUS:
        url, width = _width_of(guest, demo.base, name, where)
        if width > WIDTH:
            too_wide[f"{name} {url}"] = width
    assert not too_wide, f"scroll sideways at {WIDTH} px: {too_wide}"
