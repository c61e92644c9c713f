"""The newcomer's journey in a real browser (Debian's chromium via Playwright): sign up,
verify through the e-mailed link, claim an organisation, get approved by its admin (second
browser), express interest in another organisation, its admin replies, both see the thread.

Screenshots go to ``test-artifacts/``. Skipped when chromium is absent, except in CI.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import ARTIFACTS
from tests.journeys.browsing import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)


def test_sign_up_claim_approve_and_converse(live_server, browser, users, registry, mailoutbox):
    from clustera.accounts.models import OrganisationMembership

    base = live_server.url
    boss = type(users["plain"]).objects.create_user(
        "clusteradmin", email="boss@pv.example", password="pw-cluster-boss-1"
    )
    OrganisationMembership.objects.create(user=boss, organisation=registry["ORG1"], role="admin")
    users["orgadmin"].email = "admin@lumen.example"
    users["orgadmin"].save()

    # 1. a newcomer signs up at a phone's width
    newcomer = new_page(browser, width=390)
    newcomer.goto(f"{base}/")
    newcomer.click("text=Sign up")
    newcomer.fill("#id_username", "ana")
    newcomer.fill("#id_email", "ana@pv.example")
    newcomer.fill("#id_password1", "photonic-lasers-42")
    newcomer.fill("#id_password2", "photonic-lasers-42")
    _shot(newcomer, "1-sign-up-390px")
    assert newcomer.evaluate("document.documentElement.scrollWidth") <= 390
    newcomer.click("form.card button[type=submit]")
    assert "We sent a link to ana@pv.example" in newcomer.inner_text("main")

    # 2. the link in the e-mail activates the account and logs in
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mailoutbox[-1].body).group(0)
    newcomer.goto(link)
    main = newcomer.inner_text("main")
    assert "account active" in main and "Is this your organisation?" in main
    _shot(newcomer, "2-verified-account-390px")
    assert newcomer.evaluate("document.documentElement.scrollWidth") <= 390
    newcomer.set_viewport_size({"width": 1280, "height": 900})

    # 3. claim the organisation the e-mail domain points to
    newcomer.click("#suggested button[value=claim]")
    assert "was sent to its administrators" in newcomer.inner_text("main")
    assert "Waiting for approval" in newcomer.inner_text("main")

    # 4. its admin approves, in a second browser
    approver = new_page(browser)
    _log_in(approver, base, "clusteradmin", "pw-cluster-boss-1")
    approver.goto(f"{base}/accounts/me/")
    decide = approver.locator("#requests-to-decide")
    assert "E-mail domain matches the organisation's website" in decide.inner_text()
    _shot(approver, "3-request-to-decide")
    decide.locator("button[value=approve]").click()
    assert "approved" in approver.inner_text("main")

    newcomer.reload()
    organisations = newcomer.inner_text("main")
    assert "Photon Valley Cluster" in organisations and "Organisation admin" in organisations

    # 5. the newcomer expresses interest in Lumen Optics on behalf of the claimed cluster
    newcomer.goto(f"{base}/organisations/{registry['ORG2'].pk}/")
    newcomer.click("text=Express interest in working with Lumen Optics")
    assert "administrators are told in the app and by e-mail" in newcomer.inner_text("main")
    newcomer.fill("#message", "Would you join our photonics pilot line?")
    newcomer.click("details button[type=submit]")
    assert "were told in the app and by e-mail" in newcomer.inner_text("main")
    thread_url = newcomer.url
    assert re.search(r"/conversations/\d+/$", thread_url)

    # 6. Lumen Optics' admin reads it and replies
    replier = new_page(browser)
    _log_in(replier, base, "orgadmin", "pw-orgadmin-1")
    replier.click("text=Conversations")
    replier.click("text=Photon Valley Cluster → Lumen Optics")
    assert "Would you join our photonics pilot line?" in replier.inner_text("main")
    replier.fill("#reply", "Yes, gladly. Shall we meet next week?")
    replier.click("text=Send reply")
    replier.click("button[value=accept]")
    assert "Accepted" in replier.inner_text("#conversation-status")
    _shot(replier, "4-thread-recipient")

    # 7. both see the thread, in order
    newcomer.goto(thread_url)
    thread = newcomer.inner_text("main")
    assert thread.index("photonics pilot line") < thread.index("Shall we meet next week?")
    assert "Accepted" in thread
    _shot(newcomer, "5-thread-initiator")
    newcomer.set_viewport_size({"width": 390, "height": 900})
    for path in ("/conversations/", thread_url.removeprefix(base), "/accounts/me/"):
        newcomer.goto(base + path)
        width = newcomer.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at 390 px ({width} px)"
    assert any("admin@lumen.example" in m.to for m in mailoutbox)
