"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clustera.testing import require_shared

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogues edited since the last ``make install``."""
    from clustera.portal.catalogues import compile_all

    compile_all(only_stale=True)


@pytest.fixture
def shared():
    """Return a function giving a path inside ../shared, skipping when it is absent."""
    return require_shared


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def registry(tmp_path, db):
    """The tiny hand-made registry (clustera.testing.registry_data), imported; organisations by key."""
    from clustera.registry import models
    from clustera.registry.exchange_files import read_exchange
    from clustera.registry.importing import import_tables
    from clustera.testing.registry_data import write_registry

    import_tables(read_exchange(write_registry(tmp_path / "registry")))
    return {o.key: o for o in models.Organisation.objects.all()}


@pytest.fixture
def users(registry, django_user_model):
    """One user per role: editor, admin of ORG2, member of ORG3 (private), plain user, superuser."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    editor = django_user_model.objects.create_user("editor", password="pw-editor-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    org_admin = django_user_model.objects.create_user("orgadmin", password="pw-orgadmin-1")
    OrganisationMembership.objects.create(
        user=org_admin, organisation=registry["ORG2"], role="admin"
    )
    member = django_user_model.objects.create_user("member", password="pw-member-1")
    OrganisationMembership.objects.create(user=member, organisation=registry["ORG3"], role="member")
    plain = django_user_model.objects.create_user("plain", password="pw-plain-1")
    root = django_user_model.objects.create_superuser("root", password="pw-root-1")
    return {"editor": editor, "orgadmin": org_admin, "member": member, "plain": plain, "root": root}


@pytest.fixture
def bearer(users):
    """Authorization headers with a fresh API token for a role."""
    from clustera.accounts.models import ApiToken

    def headers(role: str) -> dict[str, str]:
        _, clear = ApiToken.issue(users[role], "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}

    return headers


@pytest.fixture
def isolated_recommender(settings, tmp_path, monkeypatch):
    """A fresh data folder and an empty recommender cache, restored afterwards.

    For tests that call the partner-matching API on their own data (fuzzing, the
    authorisation matrix), so the model they fit does not leak into later tests.
    """
    from clustera.partnering import model_store

    settings.DATA_DIR = tmp_path
    for name, value in (
        ("recommender", None),
        ("loaded_mtime", 0.0),
        ("fingerprint", ""),
        ("refit_requested", ""),
    ):
        monkeypatch.setattr(model_store._Fitted, name, value)


@pytest.fixture
def refit_requests(isolated_recommender, monkeypatch):
    """No stored model yet (``isolated_recommender``); refit requests are recorded, not run."""
    from clustera.partnering import model_store

    requests: list[str] = []
    monkeypatch.setattr(model_store._Fitted, "enqueue_refit", lambda: requests.append("refit"))
    return requests


@pytest.fixture
def browser():
    """Debian's chromium launched by Playwright (headless), for the tests marked ``browser``.

    Skipped on PostgreSQL (the browser tests run in the SQLite pass) and when chromium is
    absent, except in CI (``CI=true``), where its absence is a failure. Screenshots go to
    ``ARTIFACTS`` (``test-artifacts/``, git-ignored).
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the browser test runs in the SQLite pass (the database is not what it tests)")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium is required in CI (CI=true) and was not found at {CHROMIUM}")
        pytest.skip(f"chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def collect_page_errors(page) -> list[str]:
    """The page's uncaught JavaScript errors from now on, in a list that grows as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def browser_context(browser):
    """A fresh browser context (en-GB, 1280x1000, downloads accepted, 20 s timeouts)."""
    context = browser.new_context(
        accept_downloads=True, locale="en-GB", viewport={"width": 1280, "height": 1000}
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    """One page in ``browser_context``."""
    return browser_context.new_page()


@pytest.fixture
def page_errors(browser_page) -> list[str]:
    """The uncaught JavaScript errors of ``browser_page`` (``collect_page_errors``)."""
    return collect_page_errors(browser_page)


@pytest.fixture
def axe():
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on a page: ``axe(page, url)`` returns the
    serious and critical violations as ``"rule: selector, ..."`` strings.

    axe-core comes from npm (``frontend/package.json``); skipped when it is not installed.
    """
    if not AXE.exists():
        pytest.skip("axe-core is missing: npm install --prefix frontend")
    return axe_violations


AXE = Path(__file__).resolve().parents[1] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
  return {passes: result.passes.length, bad: bad};
}"""


def axe_violations(page, url: str | None = None, min_passes: int = 10) -> list[str]:
    """Open ``url`` (or stay on the current page), inject axe-core and return the serious and
    critical violations; fails when axe-core did not run (fewer than ``min_passes`` rules)."""
    if url is not None:
        page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE.read_text())  # evaluated through the DevTools protocol: no CSP exception
    result = page.evaluate(RUN_AXE)
    assert result["passes"] > min_passes, f"axe-core did not run on {page.url}"
    return result["bad"]
