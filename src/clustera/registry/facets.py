"""The directory's facets: counts of each filter's values among the results filtered by the
other filters, one value per technology however many schemes list it, cached per filter
combination for visitors who are not signed in."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext, gettext_noop

from clustera.registry import models, search
from clustera.registry.labels import localised
from clustera.registry.search import search_with_thesaurus
from clustera.registry.selectors import DirectoryFilters, _apply, _base, _term_ids
from clustera.taxonomies.thesaurus import technology_key


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue] = field(default_factory=list)
    #: More values than shown: the page offers "Show all" (``?facet_all=<name>``).
    truncated: bool = False
    #: Every value is shown because the reader asked for it: the page offers "Show fewer".
    expanded: bool = False


def _counted(
    queryset: QuerySet[Any], *fields: str, limit: int | None = None, count: str = "id"
) -> Any:
    rows = queryset.order_by().values(*fields).annotate(n=Count(count)).order_by("-n")
    return rows[:limit] if limit is not None else rows


def _facet(
    name: str,
    title: str,
    rows: Any,
    code: str,
    label: Callable[[dict[str, Any]], str],
    selected: str,
    limit: int | None = None,
) -> Facet:
    """A facet of ``rows`` (counted, the largest first); ``limit`` values when given.

    The rows are read up to one past the limit, to know whether there are more.
    """
    rows = list(rows[: limit + 1] if limit is not None else rows)
    values = [FacetValue(r[code], label(r), r["n"], r[code] == selected) for r in rows]
    truncated = limit is not None and len(values) > limit
    return Facet(name, title, values[:limit] if truncated else values, truncated=truncated)


def _technology_facet(title: str, linked: QuerySet[Any], selected: str, limit: int | None) -> Facet:
    """The technology facet, one value per technology however many schemes list it.

    Terms sharing a :func:`technology_key` are merged; the merged count is of distinct
    organisations (one tagged with both KETs and ATI "Advanced materials" counts once).
    """
    fields = ("technology__id", "technology__code", "technology__name", "technology__labels")
    rows = list(_counted(linked, *fields, count="organisation_id"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(technology_key(row["technology__name"]), []).append(row)
    label = _term_row_label(fields[2], fields[3])
    values = []
    for group in groups.values():
        count = group[0]["n"]
        if len(group) > 1:
            ids = [row["technology__id"] for row in group]
            tagged = linked.filter(technology_id__in=ids).values("organisation_id")
            count = tagged.distinct().count()
        chosen = any(row["technology__code"] == selected.rpartition(":")[2] for row in group)
        values.append(FacetValue(group[0]["technology__code"], label(group[0]), count, chosen))
    values.sort(key=lambda value: (-value.count, value.label))
    truncated = limit is not None and len(values) > limit
    return Facet("technology", title, values[:limit] if truncated else values, truncated=truncated)


def _term_row_label(name: str, labels: str) -> Callable[[dict[str, Any]], str]:
    """A facet row's term in the reader's language (English name when not translated)."""
    return lambda row: localised(row[name], row[labels])


# Term facets: filter name, title, relation of Organisation, its target model's field name.
_TERM_FACETS = (
    ("nace", gettext_noop("Activity (NACE)"), "activities", "activity"),
    ("ecosystem", gettext_noop("Industrial ecosystem"), "ecosystems", "ecosystem"),
    ("technology", gettext_noop("Technology"), "technologies", "technology"),
)


def facets(
    user: Any, filters: DirectoryFilters, limit: int = 12, show_all: str = ""
) -> list[Facet]:
    """Counts of each facet's values among the results filtered by the other facets.

    Each facet shows its ``limit`` largest values, and all of them for the facet named
    by ``show_all``.
    """
    terms = _term_ids(filters)

    def scoped(skip: str) -> QuerySet[models.Organisation]:
        queryset = _apply(_base(user), filters, terms, skip=skip)
        if not filters.q:
            return queryset
        return search_with_thesaurus(queryset, filters.q, ranked=False, limit=search.SEARCH_LIMIT)

    def cut(name: str) -> int | None:
        return None if name == show_all else limit

    type_labels = dict(models.OrganisationType.choices)
    out = [
        _facet(
            "type",
            gettext("Actor type"),
            _counted(scoped("type"), "type"),
            "type",
            lambda r: str(type_labels.get(r["type"], r["type"])),
            filters.type,
            cut("type"),
        )
    ]
    countries = dict(models.Region.objects.filter(level=0).values_list("code", "name"))
    out.append(
        _facet(
            "country",
            gettext("Country"),
            _counted(scoped("country"), "country"),
            "country",
            lambda r: countries.get(r["country"], r["country"]),
            filters.country,
            cut("country"),
        )
    )
    located = scoped("region").filter(region__isnull=False)
    rows = _counted(located, "region__code", "region__name")
    out.append(
        _facet(
            "region",
            gettext("Region"),
            rows,
            "region__code",
            lambda r: r["region__name"],
            filters.region,
            cut("region"),
        )
    )
    for name, title, relation, target in _TERM_FACETS:
        through = getattr(models.Organisation, relation).through
        linked = through.objects.filter(organisation_id__in=scoped(name).values("id"))
        selected = getattr(filters, name)
        if name == "technology":
            out.append(_technology_facet(gettext(title), linked, selected, cut(name)))
            continue
        fields = (f"{target}__code", f"{target}__name", f"{target}__labels")
        rows = _counted(linked, *fields, count="organisation_id")
        label = _term_row_label(fields[1], fields[2])
        out.append(_facet(name, gettext(title), rows, fields[0], label, selected, cut(name)))
    out.append(_cluster_label_facet(scoped("cluster_label"), filters.cluster_label))
    for facet in out:
        facet.expanded = facet.name == show_all and len(facet.values) > limit
    return out


def _cluster_label_facet(scoped: QuerySet[models.Organisation], selected: str) -> Facet:
    label_names = dict(models.ClusterLabel.choices)
    labelled = scoped.filter(cluster_profile__isnull=False).exclude(cluster_profile__label="")
    return _facet(
        "cluster_label",
        gettext("Cluster label"),
        _counted(labelled, "cluster_profile__label"),
        "cluster_profile__label",
        lambda r: str(label_names[r["cluster_profile__label"]]),
        selected,
    )


def cached_facets(user: Any, filters: DirectoryFilters, show_all: str = "") -> list[Facet]:
    """:func:`facets`, kept ``CLUSTERA_FACET_CACHE_SECONDS`` for visitors who are not signed
    in (the counts are the same for all of them; registry edits show after at most that).

    Signed-in users may see private organisations, so theirs are always counted afresh.
    Each server process keeps its own copy (Django's default, in-memory cache).
    """
    from django.conf import settings
    from django.core.cache import cache

    seconds = int(getattr(settings, "CLUSTERA_FACET_CACHE_SECONDS", 0))
    if seconds <= 0 or getattr(user, "is_authenticated", False):
        return facets(user, filters, show_all=show_all)

    active = repr((sorted(filters.active().items()), show_all)).encode()
    key = "registry:facets:" + hashlib.sha256(active).hexdigest()
    found = cache.get(key)
    if found is None:
        # one thread of the process counts, the others wait for its answer: at 100,000
        # organisations the counts take seconds, and a cold cache met by every thread at once
        # would count them eight times over
        with _FACET_LOCKS[int(key[-8:], 16) % len(_FACET_LOCKS)]:
            found = cache.get(key)
            if found is None:
                found = facets(user, filters, show_all=show_all)
                cache.set(key, found, seconds)
    return list(found)


#: Locks for counting facets, picked by the cache key's hash (a bounded set, whatever the filters).
_FACET_LOCKS = [threading.Lock() for _ in range(64)]
