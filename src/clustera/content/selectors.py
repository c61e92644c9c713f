"""Reads of content: what a reader may see, filtered lists, linked items, translations, follows."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.content import search
from clustera.content.models import Follow, FollowTarget, Item, Kind, Status
from clustera.events.models import Event
from clustera.partnerships.models import Call, CallStatus
from clustera.partnerships.workspace_models import Partnership, Visibility
from clustera.registry import selectors as registry_selectors
from clustera.registry.models import Ecosystem, Organisation, Region, S3Priority, Technology
from clustera.texts import pick_version

# Section of the site -> the kinds it lists.
SECTIONS: dict[str, tuple[str, ...]] = {
    "news": ("news",),
    "case-studies": ("case_study",),
    "publications": ("policy_brief", "guide"),
}


@dataclass(frozen=True)
class ContentFilters:
    """Filters of a content list; the same names in page and feed query strings and the API."""

    kind: str = ""
    organisation: str = ""
    region: str = ""
    technology: str = ""
    ecosystem: str = ""
    s3: str = ""
    language: str = ""
    event: str = ""
    call: str = ""
    partnership: str = ""
    q: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> ContentFilters:
        """Filters from a query dict; unknown keys are ignored and values are trimmed."""
        return cls(**{f.name: str(data.get(f.name) or "").strip()[:100] for f in fields(cls)})

    def as_query(self) -> dict[str, str]:
        """The non-empty filters, for links that keep them."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def published(now: datetime | None = None) -> QuerySet[Item]:
    """Items everybody may read: published and with a publication date that has passed."""
    return Item.objects.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())


def _admin_of(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        OrganisationMembership.objects.filter(user=user, role=OrganisationRole.ADMIN).values_list(
            "organisation_id", flat=True
        )
    )


def administered(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` administers, by name."""
    return Organisation.objects.filter(pk__in=_admin_of(user)).order_by("name")


def visible_items(user: Any) -> QuerySet[Item]:
    """Items ``user`` may open: published ones, plus drafts of their organisations (editors: all)."""
    if is_editor(user):
        return Item.objects.all()
    if not getattr(user, "is_authenticated", False):
        return published()
    mine = Q(organisation_id__in=_admin_of(user)) | Q(created_by=user)
    return Item.objects.filter(Q(pk__in=published().values("pk")) | mine)


def _filter(queryset: QuerySet[Item], filters: ContentFilters) -> QuerySet[Item]:
    if filters.kind:
        queryset = queryset.filter(kind__in=filters.kind.split(","))
    if filters.organisation.isdigit():
        org = int(filters.organisation)
        queryset = queryset.filter(Q(organisation_id=org) | Q(organisations__id=org))
    if filters.region:
        region = region_by_code(filters.region)
        within = registry_selectors.regions_within(region) if region else []
        queryset = queryset.filter(regions__id__in=within)
    if filters.technology:
        queryset = queryset.filter(technologies__code=filters.technology)
    if filters.ecosystem:
        queryset = queryset.filter(ecosystems__code=filters.ecosystem)
    if filters.s3:
        queryset = queryset.filter(s3_priorities__code=filters.s3)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    for name in ("event", "call", "partnership"):
        wanted = getattr(filters, name)
        if wanted:  # a non-number matches nothing (as an unknown code does)
            number = int(wanted) if wanted.isdigit() else 0
            queryset = queryset.filter(**{f"{name}s__id": number})
    if filters.q:
        queryset = search.search_items(queryset, filters.q)
    return queryset.distinct()


def items(filters: ContentFilters, section: str = "") -> QuerySet[Item]:
    """Published items (originals, not translations) of a section, filtered, newest first."""
    queryset = published().filter(original__isnull=True)
    if section:
        queryset = queryset.filter(kind__in=SECTIONS[section])
    ordered = queryset.select_related("organisation").order_by("-published_at", "-pk")
    return _filter(ordered, filters)  # a text search orders by relevance instead


def item(user: Any, slug: str) -> Item | None:
    """The item with ``slug`` if ``user`` may see it, else None (the page answers 404)."""
    return (
        visible_items(user)
        .select_related("organisation", "original")
        .prefetch_related("images", "regions", "technologies", "ecosystems", "s3_priorities")
        .prefetch_related("organisations")
        .filter(slug=slug)
        .first()
    )


def item_by_pk(user: Any, pk: int) -> Item | None:
    """The item with id ``pk`` if ``user`` may see it, else None."""
    return visible_items(user).select_related("original").filter(pk=pk).first()


def translation(item: Item, language: str) -> Item | None:
    """The published translation of ``item`` into ``language``, or None."""
    source = item.original or item
    translations = published().filter(original=source).order_by("pk")
    version = pick_version(language, source.language, ((t.language, t) for t in translations))
    if version.fallback:
        return None
    return version.translation or source


def languages_of(item: Item) -> list[str]:
    """The languages ``item`` is published in, its original's first."""
    source = item.original or item
    others = published().filter(original=source).values_list("language", flat=True)
    return [source.language, *sorted(others)]


def work_queue(user: Any) -> QuerySet[Item]:
    """Unpublished or scheduled items ``user`` may edit: all for editors, their own otherwise."""
    queryset = visible_items(user).exclude(pk__in=published().values("pk"))
    return queryset.select_related("organisation").order_by("status", "-updated")


def linked_to(target: str, target_id: int, limit: int = 8) -> QuerySet[Item]:
    """Published items linked to an organisation, region (or a region within it) or technology,
    newest first."""
    if target == FollowTarget.REGION:
        region = Region.objects.filter(pk=target_id).first()
        within = registry_selectors.regions_within(region) if region else []
        relation = Q(regions__id__in=within)
    else:
        relation = {
            FollowTarget.ORGANISATION: Q(organisation_id=target_id)
            | Q(organisations__id=target_id),
            FollowTarget.TECHNOLOGY: Q(technologies__id=target_id),
            FollowTarget.CALL: Q(calls__id=target_id),
            FollowTarget.PARTNERSHIP: Q(partnerships__id=target_id),
            "event": Q(events__id=target_id),
        }[target]
    return (
        published()
        .filter(relation, original__isnull=True)
        .distinct()
        .select_related("organisation")
        .order_by("-published_at")[:limit]
    )


# What content may be linked to (a panel per target on its page), and what can be followed.
LINK_TARGETS = (*FollowTarget.values, "event")


def public_events() -> QuerySet[Event]:
    """Events anyone may see (the ones content may show and link)."""
    return Event.objects.filter(is_published=True)


def public_calls() -> QuerySet[Call]:
    """Calls anyone may see: published or evaluated, not drafts."""
    return Call.objects.exclude(status=CallStatus.DRAFT)


def public_partnerships() -> QuerySet[Partnership]:
    """Partnerships whose public summary is published."""
    return Partnership.objects.filter(visibility=Visibility.PUBLIC)


def matching_activities(user: Any, text: str, limit: int = 10) -> dict[str, list[Any]]:
    """Events and calls ``user`` may see whose title or description holds ``text`` (for the
    one search box), upcoming events and open calls first."""
    from clustera.events import selectors as event_selectors
    from clustera.partnerships import selectors as call_selectors

    now = timezone.now()
    found_events = event_selectors.events(user, event_selectors.CalendarFilters(q=text))
    found_calls = call_selectors.visible_calls(user).filter(
        Q(title__icontains=text) | Q(summary__icontains=text) | Q(text__icontains=text)
    )
    upcoming = list(found_events.filter(ends__gte=now)[:limit])
    past = list(found_events.filter(ends__lt=now).order_by("-starts")[: limit - len(upcoming)])
    open_calls = list(found_calls.filter(deadline__gte=now).order_by("deadline")[:limit])
    closed = list(found_calls.filter(deadline__lt=now)[: limit - len(open_calls)])
    return {"events": upcoming + past, "calls": open_calls + closed}


def links_of(item: Item) -> dict[str, list[Any]]:
    """The events, calls and partnerships ``item`` links to that anyone may see."""
    return {
        "events": list(public_events().filter(content_items=item).order_by("starts")),
        "calls": list(public_calls().filter(content_items=item).order_by("-deadline")),
        "partnerships": list(public_partnerships().filter(content_items=item)),
    }


def follow_target(target: str, target_id: int) -> Any:
    """The organisation, region, technology, public call or public partnership followed (None
    if it does not exist or may not be seen)."""
    found: Any = {
        "organisation": Organisation.objects.all(),
        "region": Region.objects.all(),
        "technology": Technology.objects.all(),
        "call": public_calls(),
        "partnership": public_partnerships(),
    }.get(target)
    return found.filter(pk=target_id).first() if found is not None else None


def region_by_code(code: str) -> Region | None:
    """The latest-version region with ``code``."""
    return Region.objects.filter(code=code).order_by("-nuts_version").first()


def follows_of(user: Any) -> list[Follow]:
    """What ``user`` follows."""
    return list(Follow.objects.filter(user=user).order_by("target", "target_id"))


def is_following(user: Any, target: str, target_id: int) -> bool:
    """Whether ``user`` follows this target."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, target=target, target_id=target_id).exists()


def filter_choices() -> dict[str, Any]:
    """Choices of the list filters: kinds, technologies, ecosystems, S3 priorities, regions."""
    used = published().filter(original__isnull=True)
    return {
        "kinds": Kind.choices,
        "technologies": Technology.objects.filter(content_items__in=used)
        .distinct()
        .order_by("name"),
        "ecosystems": Ecosystem.objects.filter(content_items__in=used).distinct().order_by("name"),
        "s3_priorities": S3Priority.objects.filter(content_items__in=used)
        .distinct()
        .order_by("name"),
        "regions": Region.objects.filter(content_items__in=used).distinct().order_by("name"),
        "organisations": Organisation.objects.filter(content_items__in=used)
        .distinct()
        .order_by("name"),
        "events": public_events().filter(content_items__in=used).distinct().order_by("starts"),
        "calls": public_calls().filter(content_items__in=used).distinct().order_by("title"),
        "partnerships": public_partnerships()
        .filter(content_items__in=used)
        .distinct()
        .order_by("name"),
    }


def followable(filters: ContentFilters) -> list[tuple[str, int, str, bool]]:
    """(target, id, name, already followed) for the organisation, region, technology, call and
    partnership a list is filtered on, so that a reader can follow what they are looking at."""
    found: list[tuple[str, Any]] = []
    if filters.organisation.isdigit():
        org = Organisation.objects.filter(pk=int(filters.organisation), is_public=True).first()
        found.append(("organisation", org))
    if filters.region:
        found.append(("region", region_by_code(filters.region)))
    if filters.technology:
        found.append(("technology", Technology.objects.filter(code=filters.technology).first()))
    for target in ("call", "partnership"):
        wanted = getattr(filters, target)
        if wanted.isdigit():
            found.append((target, follow_target(target, int(wanted))))
    return [(target, obj.pk, target_name(obj), False) for target, obj in found if obj is not None]


def target_name(found: Any) -> str:
    """The name of what is followed (a call's title); empty for None."""
    if found is None:
        return ""
    return str(getattr(found, "name", "") or getattr(found, "title", "") or found)
