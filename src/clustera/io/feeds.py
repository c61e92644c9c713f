"""Reading RSS and Atom feeds into typed entries (``feedparser`` does the parsing).

A feed that cannot be read raises ``InvalidInputError`` naming the source, so an import of
many feeds can report it and go on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from clustera.errors import InvalidInputError

__all__ = ["FeedEntry", "read_feed"]


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed: its stable id (guid, else link), title, link, summary and date."""

    guid: str
    title: str
    link: str
    summary: str
    published: datetime | None


def _date(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def read_feed(source: str | bytes) -> list[FeedEntry]:
    """The entries of the feed at ``source`` (a URL, a file path or the document itself)."""
    parsed = feedparser.parse(source)
    if parsed.get("bozo") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception", "not an RSS or Atom feed")
        shown = source[:80] if isinstance(source, str) else "document"
        raise InvalidInputError(f"unreadable feed: {reason}", field="feed", value=shown)
    entries = []
    for entry in parsed.entries:
        link = str(entry.get("link", ""))
        guid = str(entry.get("id") or link)
        if not guid:
            continue
        entries.append(
            FeedEntry(
                guid=guid[:500],
                title=str(entry.get("title", "") or link)[:300],
                link=link[:500],
                summary=str(entry.get("summary", "")),
                published=_date(entry),
            )
        )
    return entries
