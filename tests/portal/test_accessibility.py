"""axe-core (WCAG 2.0/2.1 A and AA) on every main page of the seeded demo site, logged out,
logged in as a member, and as an editor on the editors', organisers' and evaluators' pages
(survey builder, event organiser pages, calls and their evaluation, the partnership workspace,
content editor, audit log, profile editor): no serious or critical violation. Chromium and axe-core come from the
shared fixtures (tests/conftest.py); screenshots go to test-artifacts/a11y-*.png.

The last run's date is recorded in ``test-artifacts/accessibility-checked.txt``; the
accessibility statement shows it (``CLUSTERA_ACCESSIBILITY_CHECKED`` overrides it).
"""

from __future__ import annotations

from datetime import date

import pytest
from tests.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-walker-1"


def seeded_site(django_user_model) -> dict[str, object]:
    """The demo world (seed 5, 200 organisations, with datasets) and a member user ``walker``
    who acts for an organisation registered at the matchmaking event and in a partnership."""
    from clustera.accounts.models import OrganisationMembership
    from clustera.content.models import Item
    from clustera.events.models import Event, Meeting
    from clustera.observatory.models import RegionIndicator
    from clustera.partnerships.models import Call
    from clustera.partnerships.workspace_models import Member, Partnership
    from clustera.portal.seeding import seed_world
    from clustera.surveys.models import Survey

    seed_world(seed=5, scale=200)
    event = Event.objects.filter(kind="matchmaking").first()
    meeting = Meeting.objects.filter(event=event).select_related("first").first()
    organisation = meeting.first.organisation
    walker = django_user_model.objects.create_user("walker", password=PASSWORD)
    OrganisationMembership.objects.create(user=walker, organisation=organisation, role="member")
    public = Partnership.objects.filter(visibility="public").first()
    workspace = Partnership.objects.exclude(pk=public.pk).first()
    Member.objects.get_or_create(
        partnership=workspace, organisation=organisation, defaults={"active": True}
    )
    item = Item.objects.filter(status="published", original=None).first()
    return {
        "organisation": organisation,
        "event": event,
        "public": public,
        "workspace": workspace,
        "call": Call.objects.exclude(status="draft").first(),
        "survey": Survey.objects.filter(status="open").first(),
        "item": item,
        "region": RegionIndicator.objects.values_list("region__code", flat=True).first(),
    }


def public_pages(site: dict) -> list[str]:
    return [
        "/",
        "/directory/",
        f"/organisations/{site['organisation'].pk}/",
        "/map/",
        "/observatory/map/",
        f"/observatory/regions/{site['region']}/",
        "/partners/",
        "/technology-centres/finder/",
        "/news/",
        f"/content/{site['item'].slug}/",
        "/search/?q=cluster",
        "/accessibility/",
        "/surveys/",
        f"/surveys/{site['survey'].slug}/",
        "/events/",
        "/events/month/",
        "/events/map/",
        f"/events/{site['event'].pk}/",
        "/calls/",
        f"/calls/{site['call'].pk}/",
        f"/partnerships/{site['public'].pk}/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


def member_pages(site: dict) -> list[str]:
    return [
        "/",
        "/directory/",
        f"/organisations/{site['organisation'].pk}/",
        "/news/",
        f"/content/{site['item'].slug}/",
        f"/events/{site['event'].pk}/",
        f"/events/{site['event'].pk}/agenda/",
        f"/calls/{site['call'].pk}/",
        f"/partnerships/{site['workspace'].pk}/",
        f"/partnerships/{site['public'].pk}/",
        "/accounts/me/",
        "/following/",
        "/notifications/",
        "/conversations/",
    ]


def editor_site(site: dict, django_user_model) -> dict[str, object]:
    """An editor ``editor`` (superuser: content editor, survey builder, event organiser, call
    manager), admin of the walker's organisation, and assigned, conflict-free, to evaluate a
    submitted application."""
    from django.utils import timezone

    from clustera.accounts.models import OrganisationMembership
    from clustera.partnerships.models import Application, Assignment
    from clustera.partnerships.workspace_models import ValueChainStep

    editor = django_user_model.objects.create_superuser("editor", password=PASSWORD)
    # an admin of an organisation too: an organisation's admins create its events
    OrganisationMembership.objects.create(
        user=editor, organisation=site["organisation"], role="admin"
    )
    application = Application.objects.filter(status="submitted").select_related("call").first()
    assignment = Assignment.objects.create(
        application=application, evaluator=editor, declared_no_conflict=timezone.now()
    )
    step = ValueChainStep.objects.filter(partnership=site["workspace"]).first()
    return {**site, "application": application, "assignment": assignment, "step": step}


def editor_pages(site: dict) -> list[str]:
    """The editors', organisers' and evaluators' pages."""
    event, call, survey = site["event"].pk, site["application"].call_id, site["survey"].slug
    workspace = site["workspace"].pk
    pages = [
        "/surveys/builder/",
        "/surveys/builder/new/",
        f"/surveys/{survey}/build/",
        f"/surveys/{survey}/build/settings/",
        f"/surveys/{survey}/build/add/",
        f"/surveys/{survey}/preview/",
        f"/surveys/{survey}/results/",
        "/events/new/",
        f"/events/{event}/manage/",
        f"/events/{event}/manage/translations/",
        f"/events/{event}/participants/",
        f"/events/{event}/table-plan/",
        f"/events/{event}/check-in/",
        "/calls/new/",
        f"/calls/{call}/edit/",
        f"/calls/{call}/evaluation/",
        f"/applications/{site['application'].pk}/",
        "/evaluations/",
        f"/evaluations/{site['assignment'].pk}/",
        f"/partnerships/{workspace}/",
        "/partnerships/new/",
        "/content/new/",
        "/content/queue/",
        f"/content/{site['item'].slug}/edit/",
        "/audit/",
        f"/organisations/{site['organisation'].pk}/edit/",
        f"/organisations/{site['organisation'].pk}/offers/new/",
    ]
    if site["step"] is not None:
        pages.append(f"/partnerships/{workspace}/steps/{site['step'].pk}/gaps/")
    return pages


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#main form button[type=submit]")
    page.wait_for_selector("text=Log out")


def _walk(page, base: str, urls: list[str], label: str, axe) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for number, url in enumerate(urls):
        response = page.goto(base + url)
        if response is None or response.status != 200:  # reported with the violations
            found[f"{url} ({label})"] = [f"HTTP {response and response.status}"]
            continue
        found[f"{url} ({label})"] = axe(page)
        page.screenshot(path=str(ARTIFACTS / f"a11y-{label}-{number:02d}.png"), full_page=True)
    return found


def test_every_main_page_has_no_serious_violation(
    live_server, browser_page, axe, django_user_model
):
    site = seeded_site(django_user_model)
    base, page = live_server.url, browser_page
    found = _walk(page, base, public_pages(site), "public", axe)
    log_in(page, base, "walker", PASSWORD)
    found.update(_walk(page, base, member_pages(site), "member", axe))
    editors = editor_site(site, django_user_model)
    page.context.clear_cookies()
    log_in(page, base, "editor", PASSWORD)
    found.update(_walk(page, base, editor_pages(editors), "editor", axe))
    bad = {url: v for url, v in found.items() if v}
    assert bad == {}
    (ARTIFACTS / "accessibility-checked.txt").write_text(date.today().isoformat() + "\n")
