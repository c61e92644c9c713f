"""RSS and Atom feeds parse back with feedparser; external feeds import without duplicates and
a broken feed is reported without stopping the others."""

from __future__ import annotations

import feedparser
import pytest
from click.testing import CliRunner

from clustera.cli.content import content as content_command
from clustera.content.feed_import import import_feed, import_registered_feeds
from clustera.content.models import ExternalFeed, Item

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Photon Valley news</title>
<link>https://pv.example/</link><description>x</description>
<item><title>Photonics day</title><link>https://pv.example/news/1</link><guid>pv-1</guid>
<description>&lt;p&gt;Join us&lt;script&gt;evil()&lt;/script&gt;&lt;/p&gt;</description>
<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>New members</title><link>https://pv.example/news/2</link>
<description>Three SMEs joined.</description></item>
</channel></rss>"""


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_filtered_feeds_are_valid_and_hold_the_filtered_items(client, items, fmt):
    response = client.get(f"/news/feed.{fmt}?technology=KET2")
    parsed = feedparser.parse(response.content)
    assert response.status_code == 200 and not parsed.bozo
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    assert [e.title for e in parsed.entries] == [items["published"].title]
    assert parsed.entries[0].link.endswith(f"/content/{items['published'].slug}/")
    empty = feedparser.parse(client.get(f"/news/feed.{fmt}?technology=KET1").content)
    assert empty.entries == [] and "technology=KET1" in empty.feed.title


def test_publications_feed_leaves_scheduled_items_out(client, items):
    parsed = feedparser.parse(client.get("/publications/feed.rss").content)
    assert items["scheduled"].title not in [e.title for e in parsed.entries]


def test_import_deduplicates_by_guid_and_link_and_sanitises(tmp_path, registry):
    feed = tmp_path / "pv.xml"
    feed.write_text(RSS)
    first = import_feed(str(feed), registry["ORG1"])
    again = import_feed(str(feed), registry["ORG1"])
    assert (first.created, first.skipped, again.created, again.skipped) == (2, 0, 0, 2)
    day = Item.objects.get(guid="pv-1")
    assert day.status == "published" and "evil" not in day.body and "Join us" in day.summary
    assert Item.objects.get(guid="https://pv.example/news/2").source_url.endswith("/2")
    assert day.published_at.year == 2026 and day.organisations.get() == registry["ORG1"]


def test_a_broken_feed_is_reported_and_the_others_still_import(tmp_path, registry):
    good = tmp_path / "good.xml"
    good.write_text(RSS)
    broken = tmp_path / "broken.xml"
    broken.write_text("this is <not a feed")
    result = CliRunner().invoke(
        content_command,
        ["import-feed", str(broken), str(good), "--organisation", str(registry["ORG1"].pk)],
    )
    assert result.exit_code == 1
    assert "2 imported" in result.output and "broken.xml" in result.output
    ExternalFeed.objects.create(url=broken.as_uri(), organisation=registry["ORG1"])
    ExternalFeed.objects.create(url=good.as_uri(), organisation=registry["ORG1"])
    registered = import_registered_feeds()
    assert registered.skipped == 2 and len(registered.errors) == 1
    assert ExternalFeed.objects.get(url__endswith="broken.xml").last_error
