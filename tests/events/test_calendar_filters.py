"""The calendar's region, technology, ecosystem and S3 priority selects, on the list, month and
map views, and the ICS feed and map data of the same selection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from clustera.events.models import Event
from clustera.registry.models import Ecosystem, Region, S3Priority, Technology

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(event, registry):
    """The fixture's event on photonics (region XA1 of XA) and a second on batteries (XB)."""
    country = Region.objects.create(
        code="QA", nuts_version="2024", level=0, name="Xa", country="XA"
    )
    area = Region.objects.create(
        code="QA1", nuts_version="2024", level=1, name="Xa North", country="XA", parent=country
    )
    south = Region.objects.create(code="QB", nuts_version="2024", level=0, name="Xb", country="XB")
    photonics = Technology.objects.create(scheme="kets", code="PHO", name="Photonics")
    batteries = Technology.objects.create(scheme="kets", code="BAT", name="Batteries")
    Technology.objects.create(scheme="kets", code="UNU", name="Unused technology")
    digital = Ecosystem.objects.create(scheme="eco", code="DIG", name="Digital")
    energy = Ecosystem.objects.create(scheme="eco", code="ENE", name="Energy-intensive")
    smart = S3Priority.objects.create(scheme="s3", code="S3A", name="Smart optics")
    green = S3Priority.objects.create(scheme="s3", code="S3B", name="Green storage")
    event.technologies.set([photonics])
    event.ecosystems.set([digital])
    event.s3_priorities.set([smart])
    event.regions.set([area])
    other = Event.objects.create(
        title="Battery Summit",
        kind="summit",
        starts=event.starts + timedelta(days=1),
        ends=event.ends + timedelta(days=1),
        city="South Town",
        country="XB",
        lat=48.0,
        lon=11.0,
    )
    other.organisers.add(registry["ORG1"])
    other.technologies.set([batteries])
    other.ecosystems.set([energy])
    other.s3_priorities.set([green])
    other.regions.set([south])
    return event, other


FILTERS = [
    ("technology=PHO", "Photonics Matchmaking"),
    ("technology=BAT", "Battery Summit"),
    ("ecosystem=DIG", "Photonics Matchmaking"),
    ("ecosystem=ENE", "Battery Summit"),
    ("s3=S3A", "Photonics Matchmaking"),
    ("s3=S3B", "Battery Summit"),
    ("region=QA1", "Photonics Matchmaking"),
    ("region=QA", "Photonics Matchmaking"),  # the country includes its regions
    ("region=QB", "Battery Summit"),
]


@pytest.mark.parametrize(("query", "title"), FILTERS)
def test_the_ics_feed_and_the_map_data_honour_each_filter(client, themed, query, title):
    feed = Calendar.from_ical(client.get(f"/events/feed.ics?{query}").content)
    assert [str(item["summary"]) for item in feed.walk("VEVENT")] == [title]
    points = client.get(f"/events/map.json?{query}").json()["features"]
    assert [p["properties"]["title"] for p in points] == [title]


def test_the_list_month_and_map_views_have_the_selects_and_filter(client, themed):
    event, other = themed
    month = f"year={event.starts.year}&month={event.starts.month}"
    for url in ("/events/?", f"/events/month/?{month}&", "/events/map/?"):
        page = client.get(url + "technology=PHO").content.decode()
        for name in ("region", "technology", "ecosystem", "s3"):
            assert f'<select name="{name}"' in page, (url, name)
        assert '<option value="PHO" selected>Photonics</option>' in page
        assert '<option value="BAT">Batteries</option>' in page
        assert "Unused technology" not in page  # only terms some event carries
        assert '<option value="QA">Xa (QA)</option>' in page  # the region above QA1
        assert "/events/feed.ics?technology=PHO" in page  # the feed of this selection
    listed = client.get("/events/?s3=S3B").content.decode()
    assert "Battery Summit" in listed and "Photonics Matchmaking" not in listed
    if event.starts.month == other.starts.month:
        shown = client.get(f"/events/month/?{month}&ecosystem=DIG").content.decode()
        assert "Photonics Matchmaking" in shown and "Battery Summit" not in shown
