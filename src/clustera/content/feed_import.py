"""Importing external RSS/Atom feeds as published news of an organisation, without duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from clustera.content.models import ExternalFeed, Item, Kind, Revision, Status
from clustera.errors import InvalidInputError
from clustera.io.feeds import read_feed
from clustera.io.markdown_text import plain_text, sanitise_html


@dataclass
class FeedImport:
    """What an import did: items created, entries already known, feeds that failed (and why)."""

    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _slug(title: str, guid: str) -> str:
    import hashlib

    digest = hashlib.sha256(guid.encode()).hexdigest()[:8]
    return f"{slugify(title)[:90] or 'entry'}-{digest}"


@transaction.atomic
def import_feed(
    source: str | bytes, organisation: Any, result: FeedImport | None = None
) -> FeedImport:
    """Import the entries of one feed as news of ``organisation``; known guids/links are skipped.

    An unreadable feed is recorded in ``result.errors`` (the import of other feeds goes on).
    """
    result = result or FeedImport()
    try:
        entries = read_feed(source)
    except InvalidInputError as exc:
        result.errors.append(str(exc))
        return result
    known = set(
        Item.objects.filter(guid__in=[e.guid for e in entries]).values_list("guid", flat=True)
    ) | set(
        Item.objects.filter(source_url__in=[e.link for e in entries if e.link]).values_list(
            "source_url", flat=True
        )
    )
    for entry in entries:
        if entry.guid in known or (entry.link and entry.link in known):
            result.skipped += 1
            continue
        summary = plain_text(sanitise_html(entry.summary))
        item = Item.objects.create(
            kind=Kind.NEWS,
            title=entry.title,
            slug=_slug(entry.title, entry.guid),
            summary=summary[:600],
            body=sanitise_html(entry.summary),
            organisation=organisation,
            status=Status.PUBLISHED,
            published_at=entry.published or timezone.now(),
            guid=entry.guid,
            source_url=entry.link,
        )
        item.organisations.add(organisation)
        Revision.objects.create(
            item=item, title=item.title, summary=item.summary, body=item.body, status=item.status
        )
        known |= {entry.guid, entry.link}
        result.created += 1
    return result


def import_registered_feeds() -> FeedImport:
    """Import every registered external feed; a broken one is reported and the others go on."""
    result = FeedImport()
    for feed in ExternalFeed.objects.select_related("organisation"):
        before = len(result.errors)
        import_feed(feed.url, feed.organisation, result)
        error = result.errors[before] if len(result.errors) > before else ""
        if error:
            result.errors[before] = f"{feed.url}: {error}"
        ExternalFeed.objects.filter(pk=feed.pk).update(
            last_checked=timezone.now(), last_error=error[:500]
        )
    return result
