"""The form builder in a real browser (Debian's chromium via Playwright), keyboard-style plain
forms only: an editor builds a two-page survey with a skip condition and a French label,
previews it in both languages, publishes it; a respondent answers it through /surveys/<slug>/
and the condition hides the question. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import pytest
from tests.conftest import ARTIFACTS

from clustera.surveys.models import Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page):
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_role("status").first.is_visible()


def _build(page, base):
    page.goto(f"{base}/surveys/builder/")
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Address").fill("centre-use")
    page.get_by_label("Title").fill("Centre use")
    page.get_by_label("Languages").fill("en fr")
    page.get_by_label("Default language").fill("en")
    page.get_by_role("button", name="Create the draft").click()
    for name, english, french in (
        ("about", "About you", "À propos"),
        ("centre", "Your centre", ""),
    ):
        page.get_by_role("link", name="Add a page").click()
        page.fill("#id_name", name)
        page.get_by_label("Heading (English)").fill(english)
        page.get_by_label("Heading (français)").fill(french)
        _save(page)
    page.get_by_role("link", name="Add a question here (about)").click()
    page.fill("#id_name", "used")
    page.get_by_label("Type").select_option("select_one")
    page.get_by_label("Question (English)").fill("Have you used a technology centre?")
    page.get_by_label("Question (français)").fill("Avez-vous fait appel à un centre ?")
    page.get_by_label("Required", exact=True).check()
    page.fill("#id_choices_en", "yes = Yes\nno = No")
    page.fill("#id_choices_fr", "yes = Oui\nno = Non")
    page.screenshot(path=ARTIFACTS / "builder-question.png", full_page=True)
    _save(page)
    page.get_by_role("link", name="Add a question here (centre)").click()
    page.fill("#id_name", "centre_name")
    page.get_by_label("Question (English)").fill("Which centre?")
    page.get_by_label("Question (français)").fill("Quel centre ?")
    page.get_by_label("Shown only when (condition)").fill("${nobody} = 'yes'")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("is not a question of this form").first.is_visible()
    page.screenshot(path=ARTIFACTS / "builder-condition-error.png", full_page=True)
    page.get_by_label("Shown only when (condition)").fill("${used} = 'yes'")
    _save(page)
    page.get_by_role("link", name="Add a question here (centre)").click()
    page.fill("#id_name", "comments")
    page.get_by_label("Appearance").select_option("multiline")
    page.get_by_label("Question (English)").fill("Anything else?")
    _save(page)
    page.screenshot(path=ARTIFACTS / "builder-outline.png", full_page=True)


def test_build_preview_publish_and_answer(live_server, browser, users):  # noqa: F811
    base = live_server.url
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next=/surveys/builder/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor-1")
    page.click("#main form button[type=submit]")
    _build(page, base)

    page.get_by_role("link", name="Preview").first.click()
    assert page.get_by_text("Have you used a technology centre?").is_visible()
    assert page.get_by_text("Which centre?").count() == 0  # hidden until "yes" is chosen
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Check the answers").click()
    assert page.get_by_label("Which centre?").is_visible()
    page.screenshot(path=ARTIFACTS / "builder-preview.png", full_page=True)
    page.get_by_role("link", name="français").click()
    assert page.get_by_text("Avez-vous fait appel à un centre ?").is_visible()
    assert page.get_by_label("Oui").is_visible()
    page.screenshot(path=ARTIFACTS / "builder-preview-fr.png", full_page=True)
    assert not Response.objects.exists()

    page.get_by_role("link", name="Back to the builder").click()
    page.get_by_role("button", name="Publish version 1").click()
    assert page.get_by_text("Version 1 is published").is_visible()
    page.screenshot(path=ARTIFACTS / "builder-list.png", full_page=True)
    context.close()

    respondent = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 900})
    page = respondent.new_page()
    page.goto(f"{base}/surveys/centre-use/")
    page.get_by_label("I have read this and agree").check()
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_label("Anything else?").is_visible()
    assert page.get_by_text("Which centre?").count() == 0  # the condition hides it
    page.screenshot(path=ARTIFACTS / "builder-answer-page-2.png", full_page=True)
    page.get_by_label("Anything else?").fill("Nothing")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Submit my answers").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    respondent.close()
    stored = Response.objects.get()
    assert stored.status == "complete"
    assert stored.answers == {"used": "no", "comments": "Nothing"}
