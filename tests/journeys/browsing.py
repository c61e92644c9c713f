"""What the journey tests share: the demo users' password, a person's browser, logging in,
screenshots (``test-artifacts/journeys/`` and ``test-artifacts/phone/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ARTIFACTS

JOURNEYS = ARTIFACTS / "journeys"
PHONE = ARTIFACTS / "phone"
PASSWORD = "journey-pass-2026"


@dataclass
class DemoWorld:
    """The seeded world: the live server's address and what each demo user acts for."""

    base: str
    acting: dict[str, Any]

    def organisation(self, username: str) -> Any:
        return self.acting[username]


def new_page(browser, width: int = 1280, height: int = 900):
    """A page in a fresh context (its own cookies): one person's browser."""
    context = browser.new_context(
        locale="en-GB", viewport={"width": width, "height": height}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    return context.new_page()


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    assert "/accounts/login/" not in page.url, page.inner_text("main")


def shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
