"""Reads of the registry: the directory's filters and facets, profiles, map points."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from django.db.models import Count, Prefetch, Q, QuerySet

from clustera.accounts.permissions import can_view_contacts, visible_organisations
from clustera.regions import ancestors_at_level, descendants
from clustera.registry import models, search
from clustera.registry.labels import TERM_FIELDS
from clustera.registry.search import search_with_thesaurus, technology_ids_by_key
from clustera.taxonomies.thesaurus import technology_key

FACETS = ("type", "country", "region", "nace", "ecosystem", "technology", "cluster_label")


@dataclass(frozen=True)
class DirectoryFilters:
    """What a directory page or API list is filtered by (each optional)."""

    type: str = ""
    country: str = ""
    region: str = ""
    nace: str = ""
    ecosystem: str = ""
    technology: str = ""
    cluster_label: str = ""
    q: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> DirectoryFilters:
        return cls(**{name: str(data.get(name, "") or "").strip()[:200] for name in (*FACETS, "q")})

    def active(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def _base(user: Any) -> QuerySet[models.Organisation]:
    return visible_organisations(user, models.Organisation.objects.all())


def _with_descendants(model: Any, code: str) -> list[int]:
    """Ids of the terms with this code (any scheme, or ``SCHEME:code``) and every term below them."""
    scheme, _, bare = code.rpartition(":")
    rows = list(model.objects.values_list("id", "parent_id", "scheme", "code"))
    children: dict[int, list[int]] = {}
    for pk, parent, _, _ in rows:
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found = [pk for pk, _, s, c in rows if c == bare and (not scheme or s == scheme)]
    stack = list(found)
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def region_hierarchy(nuts_version: str, *, below: models.Region | None = None) -> pd.DataFrame:
    """The parent table of one region version for :mod:`clustera.regions.hierarchy`.

    Indexed by region id, with the columns ``code``, ``level`` and ``parent``
    (the parent's id, missing for the roots). With ``below``, only that region
    and the regions at finer levels: all that its descendants can be among.
    """
    regions = models.Region.objects.filter(nuts_version=nuts_version)
    if below is not None:
        regions = regions.filter(Q(pk=below.pk) | Q(level__gt=below.level))
    rows = regions.values_list("id", "code", "level", "parent_id")
    table = pd.DataFrame.from_records(list(rows), columns=["id", "code", "level", "parent"])
    return table.set_index("id")


def regions_within(region: models.Region) -> list[int]:
    """Ids of a region and of every region below it: the one rule of region membership.

    Membership follows the parent links of the registry, never code prefixes:
    NUTS codes nest, but synthetic and other territorial units need not.
    """
    table = region_hierarchy(region.nuts_version, below=region)
    return [int(pk) for pk in descendants(table, region.pk)]


def _region_ids(code: str) -> list[int]:
    """Ids of the regions with this code (any version) and of every region below them."""
    found: list[int] = []
    for region in models.Region.objects.filter(code=code):
        found.extend(regions_within(region))
    return found


def _term_ids(filters: DirectoryFilters) -> dict[str, list[int]]:
    """The region, activity and technology ids a filter stands for (its code and every one below)."""
    return {
        "region": _region_ids(filters.region) if filters.region else [],
        "nace": _with_descendants(models.Activity, filters.nace) if filters.nace else [],
        "technology": _technology_ids(filters.technology) if filters.technology else [],
    }


def _technology_ids(code: str) -> list[int]:
    """The technology's ids with those below it, and its twins in other schemes.

    One technology listed under two schemes (KETs and ATI "Advanced materials") is one
    filter: the rule is :func:`clustera.taxonomies.thesaurus.technology_key`.
    """
    found = _with_descendants(models.Technology, code)
    by_key = technology_ids_by_key()
    names = models.Technology.objects.filter(pk__in=found).values_list("name", flat=True)
    twins = {pk for name in names for pk in by_key.get(technology_key(name), [])}
    return sorted(set(found) | twins)


_CODED_FILTERS: tuple[tuple[str, Any], ...] = (
    ("region", models.Region),
    ("nace", models.Activity),
    ("ecosystem", models.Ecosystem),
    ("technology", models.Technology),
)


def _names_something(name: str, model: Any, value: str) -> bool:
    if name == "type":
        return value in models.OrganisationType.values
    if name == "cluster_label":
        return value in models.ClusterLabel.values
    if name in {"nace", "technology"}:  # ``SCHEME:code`` or a bare code, as the filter reads it
        scheme, _, bare = value.rpartition(":")
        found = model.objects.filter(code=bare)
        return (found.filter(scheme=scheme) if scheme else found).exists()
    return bool(model.objects.filter(code=value).exists())


def without_unknown_codes(filters: DirectoryFilters) -> tuple[DirectoryFilters, dict[str, str]]:
    """The filters without the values that name no known region, term, type or label, and
    those values by filter name (so a page can say what it ignored instead of showing none)."""
    checked = (("type", None), *_CODED_FILTERS, ("cluster_label", None))
    ignored = {
        name: getattr(filters, name)
        for name, model in checked
        if getattr(filters, name) and not _names_something(name, model, getattr(filters, name))
    }
    return replace(filters, **dict.fromkeys(ignored, "")), ignored


def _apply(
    queryset: QuerySet[models.Organisation],
    filters: DirectoryFilters,
    terms: dict[str, list[int]],
    skip: str = "",
) -> QuerySet[models.Organisation]:
    if filters.type and skip != "type":
        queryset = queryset.filter(type=filters.type)
    if filters.country and skip != "country":
        queryset = queryset.filter(country=filters.country.upper())
    if filters.region and skip != "region":
        queryset = queryset.filter(region_id__in=terms["region"])
    if filters.nace and skip != "nace":
        queryset = queryset.filter(
            pk__in=models.Organisation.activities.through.objects.filter(
                activity_id__in=terms["nace"]
            ).values("organisation_id")
        )
    if filters.ecosystem and skip != "ecosystem":
        queryset = queryset.filter(ecosystems__code=filters.ecosystem)
    if filters.technology and skip != "technology":
        queryset = queryset.filter(
            pk__in=models.Organisation.technologies.through.objects.filter(
                technology_id__in=terms["technology"]
            ).values("organisation_id")
        )
    if filters.cluster_label and skip != "cluster_label":
        queryset = queryset.filter(cluster_profile__label=filters.cluster_label)
    return queryset


def organisations(user: Any, filters: DirectoryFilters) -> QuerySet[models.Organisation]:
    """Organisations ``user`` may see that match ``filters``, best search matches first.

    A search keeps its first :data:`~clustera.registry.search.SEARCH_LIMIT` matches.
    """
    queryset = _apply(_base(user), filters, _term_ids(filters))
    if filters.q:
        queryset = search_with_thesaurus(queryset, filters.q, limit=search.SEARCH_LIMIT)
    return queryset.select_related("region", "cluster_profile")


def with_relations(queryset: QuerySet[models.Organisation]) -> QuerySet[models.Organisation]:
    """Prefetch the many-to-many codes shown in lists (fixed number of queries)."""
    return queryset.prefetch_related(
        Prefetch("activities", queryset=models.Activity.objects.only(*TERM_FIELDS)),
        Prefetch("technologies", queryset=models.Technology.objects.only(*TERM_FIELDS)),
        Prefetch("ecosystems", queryset=models.Ecosystem.objects.only(*TERM_FIELDS)),
    )


def organisation_profile(user: Any, pk: int) -> dict[str, Any] | None:
    """Everything a profile page shows, or None when ``user`` may not see it."""
    queryset = with_relations(
        _base(user).select_related("region__parent__parent", "cluster_profile")
    )
    organisation = queryset.filter(pk=pk).first()
    if organisation is None:
        return None
    visible = _base(user).values("id")
    members = (
        models.ClusterMembership.objects.filter(cluster=organisation, member_id__in=visible)
        .select_related("member")
        .order_by("member__name")
    )
    member_of = (
        models.ClusterMembership.objects.filter(member=organisation, cluster_id__in=visible)
        .select_related("cluster")
        .order_by("cluster__name")
    )
    return {
        "organisation": organisation,
        "members": list(members),
        "member_of": list(member_of),
        "offers": list(organisation.offers.prefetch_related("technologies", "activities")),
        "services": list(organisation.services.select_related("technology")),
        "contacts": list(organisation.contacts.all())
        if can_view_contacts(user, organisation)
        else None,
    }


def map_points(
    user: Any,
    types: tuple[str, ...] = ("cluster", "technology_centre", "rto", "dih"),
) -> list[dict[str, Any]]:
    """Located organisations of the given types, for the map."""
    rows = (
        _base(user)
        .filter(type__in=types, lat__isnull=False, lon__isnull=False)
        .values("id", "name", "type", "lat", "lon", "city", "cluster_profile__label")
    )
    type_labels = {code: str(text) for code, text in models.OrganisationType.choices}
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"],
            "type_label": type_labels.get(r["type"], r["type"]),  # in the reader's language
            "lat": r["lat"],
            "lon": r["lon"],
            "city": r["city"],
            "label": r["cluster_profile__label"] or "",
        }
        for r in rows
    ]


def _organisations_by_ancestor(version: str, level: int) -> dict[int, int]:
    """Public organisations counted towards their region's ancestor at ``level`` in ``version``.

    Membership follows the parent links of ``version``; an organisation placed in
    a region of another version counts where the same code sits in this one.
    """
    hierarchy = region_hierarchy(version)
    ancestors = ancestors_at_level(hierarchy, level)
    same_code = dict(zip(hierarchy["code"], hierarchy.index, strict=True))
    rows = (
        models.Organisation.objects.filter(is_public=True, region__isnull=False)
        .order_by()
        .values("region_id", "region__code", "region__nuts_version")
        .annotate(n=Count("id"))
        .values_list("region_id", "region__code", "region__nuts_version", "n")
    )
    totals: dict[int, int] = {}
    for region_id, code, nuts_version, n in rows:
        own = region_id if nuts_version == version else same_code.get(code)
        ancestor = ancestors.get(own) if own is not None else None
        if ancestor is not None:
            totals[int(ancestor)] = totals.get(int(ancestor), 0) + n
    return totals


def map_regions(level: int, version: str | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the regions of one level, with organisation counts."""
    import json

    if version is None:
        latest = (
            models.Region.objects.order_by("-nuts_version")
            .values_list("nuts_version", flat=True)
            .first()
        )
        version = latest or "SYN"
    totals = _organisations_by_ancestor(version, level)
    features = []
    for region in models.Region.objects.filter(level=level, nuts_version=version).exclude(
        geometry=""
    ):
        total = totals.get(region.pk, 0)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(region.geometry),
                "properties": {"code": region.code, "name": region.name, "organisations": total},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def is_synthetic_world() -> bool:
    """True when the registry holds the generated demo world."""
    return models.Organisation.objects.filter(is_synthetic=True).exists()
