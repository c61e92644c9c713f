"""RSS 2.0 and Atom feeds of every content list, with the list's filters in the query string."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from clustera.content import selectors
from clustera.content.models import Item


class SectionFeed(Feed):  # type: ignore[type-arg]
    """The newest 30 published items of a section (news, case studies, publications), filtered."""

    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, section: str = "news") -> dict[str, Any]:
        return {"section": section, "filters": selectors.ContentFilters.from_mapping(request.GET)}

    def title(self, obj: dict[str, Any]) -> str:
        filters = obj["filters"].as_query()
        suffix = ", ".join(f"{k}={v}" for k, v in filters.items())
        name = obj["section"].replace("-", " ").capitalize()
        return f"Clustera {name}" + (f" ({suffix})" if suffix else "")

    def link(self, obj: dict[str, Any]) -> str:
        return reverse(f"content:{obj['section'].replace('-', '_')}")

    def description(self, obj: dict[str, Any]) -> str:
        return f"Newest {obj['section'].replace('-', ' ')} published on Clustera."

    def items(self, obj: dict[str, Any]) -> list[Item]:
        return list(selectors.items(obj["filters"], obj["section"])[:30])

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary

    def item_link(self, item: Item) -> str:
        return reverse("content:item", args=[item.slug])

    def item_guid(self, item: Item) -> str:
        return f"clustera-content-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Item) -> Any:
        return item.published_at

    def item_updateddate(self, item: Item) -> Any:
        return item.updated

    def item_author_name(self, item: Item) -> str:
        return item.organisation.name if item.organisation else ""


class SectionAtomFeed(SectionFeed):
    """The same list as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = SectionFeed.description
