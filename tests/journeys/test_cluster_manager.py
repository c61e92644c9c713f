"""The cluster manager's journey on the demo world, in Chromium: invite a member by e-mail,
propose a news item for the editors' review, create an event and read the matchmaking
requests of the cluster's B2B event, then the partner suggestions for the cluster.

Screenshots: ``test-artifacts/journeys/cluster-*.png``.
"""

from __future__ import annotations

import re

import pytest
from tests.journeys.browsing import JOURNEYS, log_in, new_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invite(page, base: str, cluster, mailoutbox) -> None:
    page.goto(f"{base}/accounts/me/")
    page.fill(f"#invite-email-{cluster.pk}", "new.member@members.example")
    page.select_option(f"#invite-role-{cluster.pk}", "member")
    page.fill(f"#invite-message-{cluster.pk}", "Welcome to the cluster's workspace")
    page.click(f"#invitations-{cluster.pk} button[type=submit]")
    assert "Invitation sent to new.member@members.example" in page.inner_text("main")
    assert (
        "new.member@members.example"
        in page.locator(f"#invitations-{cluster.pk} table").inner_text()
    )
    shot(page, JOURNEYS, "cluster-1-invitation")
    invitation = [m for m in mailoutbox if "new.member@members.example" in m.to]
    assert invitation and "/accounts/invite/" in invitation[0].body


def _propose_news(page, base: str, cluster) -> None:
    page.goto(f"{base}/content/new/")
    page.select_option("#id_kind", "news")
    page.fill("#id_title", "Our members open a shared pilot line")
    page.fill("#id_summary", "Five members share a pilot line for sensor packaging.")
    page.fill("#id_body", "From March, **five members** share a pilot line.")
    page.select_option("#id_organisation", str(cluster.pk))
    page.click("#submit-review")
    main = page.inner_text("main")
    assert "Our members open a shared pilot line" in main
    assert re.search(r"(?i)review", main), main[:500]
    shot(page, JOURNEYS, "cluster-2-news-for-review")


def _create_event(page, base: str) -> None:
    page.goto(f"{base}/events/new/")
    page.fill("#id_title", "Sensor packaging workshop")
    page.select_option("#id_kind", "workshop")
    page.fill("#id_description", "Hands-on session on packaging sensors for harsh places.")
    page.fill("#id_starts", "2031-03-04T09:00")
    page.fill("#id_ends", "2031-03-04T17:00")
    page.fill("#id_city", "Lakeside")
    page.click("#main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/events/\d+/"))
    assert "Sensor packaging workshop" in page.inner_text("h1")
    shot(page, JOURNEYS, "cluster-3-event-created")


def test_cluster_manager_invites_proposes_news_runs_events_and_finds_partners(
    demo, browser, mailoutbox
):
    from clustera.content.models import Item
    from clustera.events.models import Event, MeetingRequest

    cluster = demo.organisation("cluster-manager")
    page = new_page(browser)
    log_in(page, demo.base, "cluster-manager")
    _invite(page, demo.base, cluster, mailoutbox)
    _propose_news(page, demo.base, cluster)
    assert Item.objects.get(title="Our members open a shared pilot line").status == "review"
    _create_event(page, demo.base)
    assert cluster in Event.objects.get(title="Sensor packaging workshop").organisers.all()

    # the cluster's B2B matchmaking event: the requests its participants sent each other
    matchmaking = Event.objects.get(kind="matchmaking", organisers=cluster)
    sent = MeetingRequest.objects.filter(event=matchmaking).count()
    assert sent > 0
    page.goto(f"{demo.base}/events/{matchmaking.pk}/manage/")
    assert re.search(rf"\b{sent}\s+requests\b", page.inner_text("main"))
    shot(page, JOURNEYS, "cluster-4-matchmaking-requests")

    page.goto(f"{demo.base}/partners/")
    assert cluster.name in page.inner_text("main")
    suggestions = page.locator("ol.results > li")
    assert suggestions.count() >= 3
    first = suggestions.first.inner_text()
    assert "better than" in first and "% of" in first
    assert suggestions.first.locator("ul li").count() >= 1  # the reasons it is suggested
    shot(page, JOURNEYS, "cluster-5-partner-suggestions")
