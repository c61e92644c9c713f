"""Content linked to events, calls and partnerships: the item page, the list and API filters, the
panels the lower apps' pages load by URL, follows, the demo links and the one search box."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.content import services
from clustera.content.models import Item
from clustera.events.models import Event
from clustera.partnering.models import Notification
from clustera.partnerships.models import Call
from clustera.partnerships.workspace_models import Member, Partnership

from .conftest import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(registry):
    """A published and an unpublished event, a published and a draft call, a public and a
    private partnership."""
    soon = timezone.now() + timedelta(days=10)

    def event(title, published=True):
        found = Event.objects.create(
            title=title,
            kind="conference",
            starts=soon,
            ends=soon + timedelta(hours=8),
            description="Photonics for SMEs",
            is_published=published,
            city="Lyon",
        )
        found.organisers.add(registry["ORG1"])
        return found

    def call(title, status):
        return Call.objects.create(
            title=title,
            summary="Vouchers for photonics",
            deadline=soon,
            status=status,
            countries=["XA"],
        )

    return {
        "event": event("Photonics summit"),
        "hidden_event": event("Secret rehearsal", published=False),
        "call": call("Photonics vouchers call", "published"),
        "draft_call": call("Draft call on lasers", "draft"),
        "public": Partnership.objects.create(name="Laser alliance", visibility="public"),
        "private": Partnership.objects.create(name="Quiet consortium", visibility="private"),
    }


@pytest.fixture
def linked(registry, activities):
    item = make_item(registry, title="Summit news")
    item.events.add(activities["event"], activities["hidden_event"])
    item.calls.add(activities["call"], activities["draft_call"])
    item.partnerships.add(activities["public"], activities["private"])
    make_item(registry, title="Unrelated news")
    return item


def test_the_item_page_links_what_anyone_may_see(client, linked, activities):
    page = client.get(f"/content/{linked.slug}/").content.decode()
    assert f"/events/{activities['event'].pk}/" in page and "Photonics summit" in page
    assert f"/calls/{activities['call'].pk}/" in page
    assert f"/partnerships/{activities['public'].pk}/" in page
    for hidden in ("Secret rehearsal", "Draft call on lasers", "Quiet consortium"):
        assert hidden not in page


@pytest.mark.parametrize("name", ["event", "call", "partnership"])
def test_lists_feeds_and_api_filter_on_the_links(client, linked, activities, name):
    target = activities["public" if name == "partnership" else name]
    titles = [li for li in client.get(f"/news/?{name}={target.pk}").context["page"]]
    assert [i.title for i in titles] == ["Summit news"]
    api = client.get(f"/api/content?{name}={target.pk}").json()
    assert [i["title"] for i in api["items"]] == ["Summit news"]
    assert client.get(f"/api/content?{name}=999999").json()["count"] == 0
    assert client.get(f"/api/content?{name}=abc").json()["count"] == 0  # never everything
    assert "Summit news" in client.get(f"/news/feed.rss?{name}={target.pk}").content.decode()


def test_the_list_offers_the_link_filters(client, linked, activities):
    page = client.get("/news/").content.decode()
    assert 'id="f-event"' in page and "Photonics summit" in page
    assert 'id="f-call"' in page and 'id="f-partnership"' in page
    assert "Secret rehearsal" not in page and "Quiet consortium" not in page


def test_api_detail_lists_the_visible_links(client, linked, activities):
    detail = client.get(f"/api/content/{linked.slug}").json()
    assert detail["event_ids"] == [activities["event"].pk]
    assert detail["call_ids"] == [activities["call"].pk]
    assert detail["partnership_ids"] == [activities["public"].pk]


@pytest.mark.parametrize("target", ["event", "call", "partnership"])
def test_the_panels_list_the_linked_items(client, linked, activities, target):
    found = activities["public" if target == "partnership" else target]
    panel = client.get(f"/content/linked/{target}/{found.pk}/").content.decode()
    assert "Summit news" in panel and "Unrelated news" not in panel
    for section in ("news", "case-studies", "publications"):  # items of every kind
        assert f"/{section}/?{target}={found.pk}" in panel
    assert client.get(f"/content/linked/nothing/{found.pk}/").status_code == 404


def test_event_call_and_partnership_pages_load_the_panel(
    client, linked, activities, users, registry
):
    event, call, public = activities["event"], activities["call"], activities["public"]
    assert (
        f"/content/linked/event/{event.pk}/" in client.get(f"/events/{event.pk}/").content.decode()
    )
    assert f"/content/linked/call/{call.pk}/" in client.get(f"/calls/{call.pk}/").content.decode()
    summary = client.get(f"/partnerships/{public.pk}/").content.decode()
    assert f"/content/linked/partnership/{public.pk}/" in summary
    Member.objects.create(partnership=public, organisation=registry["ORG3"], active=True)
    client.force_login(users["member"])
    workspace = client.get(f"/partnerships/{public.pk}/")
    assert workspace.templates[0].name == "partnerships/workspace.html"
    assert f"/content/linked/partnership/{public.pk}/" in workspace.content.decode()


def test_following_a_call_notifies_of_items_linked_to_it(registry, users, activities):
    user = users["plain"]
    services.follow(user, "call", activities["call"].pk)
    services.follow(user, "partnership", activities["public"].pk)
    with pytest.raises(Exception, match="target_id"):
        services.follow(user, "partnership", activities["private"].pk)
    with pytest.raises(Exception, match="target_id"):
        services.follow(user, "call", activities["draft_call"].pk)
    item = make_item(registry, title="Call news", published_at=timezone.now() + timedelta(hours=1))
    item.calls.add(activities["call"])
    item.organisation = None
    item.save()
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert services.notify_due_items() == 1
    assert Notification.objects.filter(user=user, text__contains="Call news").count() == 1


def test_the_editor_form_links_items(client, users, activities):
    client.force_login(users["editor"])
    form = client.get("/content/new/").content.decode()
    assert "Photonics summit" in form and "Secret rehearsal" not in form
    response = client.post(
        "/content/new/",
        {
            "kind": "news",
            "title": "Linked by the form",
            "language": "en",
            "action": "draft",
            "events": [activities["event"].pk],
            "calls": [activities["call"].pk],
            "partnerships": [activities["public"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(title="Linked by the form")
    assert list(item.events.all()) == [activities["event"]]
    assert list(item.calls.all()) == [activities["call"]]
    assert list(item.partnerships.all()) == [activities["public"]]


def test_the_demo_links_items_to_public_activities(registry, activities):
    for number in range(10):
        make_item(registry, title=f"Demo {number}", is_synthetic=True)
    made = services.link_demo_activities()
    assert made == 3 + 2 + 2  # items 0, 4, 8 to events; 0, 5 to calls; 0, 7 to partnerships
    assert not Item.objects.filter(events=activities["hidden_event"]).exists()
    assert not Item.objects.filter(calls=activities["draft_call"]).exists()
    assert Item.objects.filter(partnerships=activities["public"]).count() == 2


def test_the_search_box_finds_events_and_calls(client, activities, linked):
    page = client.get("/search/?q=photonics").content.decode()
    assert "Photonics summit" in page and "Photonics vouchers call" in page
    assert "Secret rehearsal" not in page and "Draft call on lasers" not in page
    assert "No event matches" in client.get("/search/?q=zzzz").content.decode()


def test_following_from_a_panel_loaded_into_a_page_returns_to_that_page(client, users, registry):
    """The region panel is loaded with htmx into the observatory's region page: following
    from it must come back to the region page, not to the bare panel."""
    client.force_login(users["plain"])
    region = registry["ORG1"].region
    panel = client.get(
        f"/content/linked/region/{region.code}/",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/observatory/regions/{region.code}/",
        },
    ).content.decode()
    assert f'name="next" value="/observatory/regions/{region.code}/"' in panel
    response = client.post(
        "/follow/",
        {
            "target": "region",
            "target_id": region.pk,
            "next": f"/observatory/regions/{region.code}/",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/observatory/regions/{region.code}/"
