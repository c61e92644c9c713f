"""Reads of partnering: the registry's profiles, history and offers as ``clustera.matching`` wants them.

Each function turns registry rows into the labelled tables of the pure matching core
(profiles keyed by organisation id, offers keyed by offer id); nothing here writes.
"""

from __future__ import annotations

import threading
from typing import Any

import pandas as pd
from django.db.models import Count, Max, Sum
from django.db.models.functions import Length

from clustera.matching import CollaborationHistory, code_relatedness
from clustera.partnering import inbox
from clustera.partnering.models import Notification
from clustera.partnering.vocabularies import (
    ACTIVITY_TYPES,
    CENTRE_TYPES,
    OFFER_KINDS,
    RESEARCH_TYPES,
    service_type,
)
from clustera.registry import models
from clustera.registry.search import search_organisations

# the conversation reads, re-exported
conversation_for = inbox.conversation_for
conversations_of = inbox.conversations_of
forwarding_queue = inbox.forwarding_queue
messages_of = inbox.messages_of
shared_contacts = inbox.shared_contacts


def split_parts(value: str) -> tuple[str, ...]:
    """The parts of a ';'-separated value, stripped, empty parts left out."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def registry_fingerprint() -> tuple[Any, ...]:
    """A cheap print of the data the recommender is fitted on: it changes when that data does."""
    from clustera.observatory import selectors as observatory

    organisations = models.Organisation.objects.aggregate(n=Count("id"), last=Max("updated"))
    participations = models.Participation.objects.aggregate(n=Count("id"), last=Max("id"))
    employment = observatory.current_dataset("employment")  # the source of activity relatedness
    input_output = observatory.current_input_output()  # the source of value-chain links
    s3 = (
        models.ClusterMembership.objects.count(),  # the sources of organisations' S3 priorities
        models.ClusterProfile.s3_priorities.through.objects.count(),
    )
    return (
        organisations["n"],
        organisations["last"],
        participations["n"],
        participations["last"],
        employment.pk if employment else None,
        input_output.pk if input_output else None,
        s3,
    )


def _codes_by_organisation(through: Any, scope: dict[str, int], code: str) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    for organisation_id, value in through.objects.filter(**scope).values_list(
        "organisation_id", code
    ):
        codes.setdefault(organisation_id, []).append(value)
    return codes


def organisation_profiles(only: int | None = None) -> pd.DataFrame:
    """Profiles of every organisation, or of the one with id ``only``, keyed by ``org_id``."""
    scope = {} if only is None else {"organisation_id": only}
    technologies = _codes_by_organisation(
        models.Organisation.technologies.through, scope, "technology__code"
    )
    activities = _codes_by_organisation(
        models.Organisation.activities.through, scope, "activity__code"
    )
    s3 = s3_priorities(only)
    organisations = (
        models.Organisation.objects.all()
        if only is None
        else models.Organisation.objects.filter(pk=only)
    )
    rows = list(
        organisations.values_list(
            "id",
            "type",
            "country",
            "region__code",
            "name",
            "description",
            "lat",
            "lon",
            "is_public",
        )
    )
    return pd.DataFrame(
        {
            "activity_type": [ACTIVITY_TYPES.get(r[1], "OTH") for r in rows],
            "country": [r[2] for r in rows],
            "region": [r[3] or "" for r in rows],
            "technologies": [tuple(sorted(technologies.get(r[0], []))) for r in rows],
            "nace": [tuple(sorted(activities.get(r[0], []))) for r in rows],
            "description": [f"{r[4]}. {r[5]}" for r in rows],
            "s3_priorities": [tuple(sorted(s3.get(r[0], ()))) for r in rows],
            "latitude": [r[6] for r in rows],
            "longitude": [r[7] for r in rows],
            "public": [r[8] for r in rows],
        },
        index=pd.Index([r[0] for r in rows], name="org_id"),
    )


def s3_priorities(only: int | None = None) -> dict[int, set[str]]:
    """S3 priorities per organisation: its own cluster profile's and those of the clusters it is in."""
    through = models.ClusterProfile.s3_priorities.through
    by_cluster: dict[int, set[str]] = {}
    for cluster_id, code in through.objects.values_list(
        "clusterprofile__organisation_id", "s3priority__code"
    ):
        by_cluster.setdefault(cluster_id, set()).add(code)
    result = {
        cluster_id: set(codes)
        for cluster_id, codes in by_cluster.items()
        if only is None or cluster_id == only
    }
    members = models.ClusterMembership.objects.filter(cluster_id__in=by_cluster)
    if only is not None:
        members = members.filter(member_id=only)
    for cluster_id, member_id in members.values_list("cluster_id", "member_id"):
        result.setdefault(member_id, set()).update(by_cluster[cluster_id])
    return result


def collaboration_history() -> CollaborationHistory:
    """The registry's collaboration history and profiles, keyed by organisation id."""
    rows = list(
        models.Participation.objects.filter(project__start_year__isnull=False).values_list(
            "project_id", "organisation_id", "project__start_year", "project__programme"
        )
    )
    participations = pd.DataFrame(rows, columns=["project_id", "org_id", "year", "programme_parts"])
    return CollaborationHistory.from_frames(
        participations, organisation_profiles(), source="registry participations"
    )


def activity_codes() -> list[str]:
    """The activity codes organisations of the registry use, the rows of the code tables."""
    return sorted(
        models.Organisation.activities.through.objects.values_list(
            "activity__code", flat=True
        ).distinct()
    )


def activity_relatedness() -> pd.DataFrame | None:
    """Relatedness between the registry's activity codes, from the observatory's employment data.

    Hidalgo et al.'s proximity (``clustera.analytics.relatedness``) of the activities
    of the current employment dataset, in its last year, across the regions of the
    finest level the observatory profiles it at (the panel its relatedness
    indicators read), mapped to the organisations' codes by
    ``clustera.matching.code_relatedness``. None without an employment dataset:
    complementarity then falls back to "same NACE division".
    """
    from clustera import analytics
    from clustera.observatory import computing
    from clustera.observatory import selectors as observatory

    dataset = observatory.current_dataset("employment")
    levels = computing.profile_levels(dataset) if dataset is not None else []
    if dataset is None or not levels:
        return None
    panel = computing.dataset_panel(dataset, max(levels))
    if panel.empty:
        return None
    last = panel.loc[panel.index.get_level_values("year").max()]
    return code_relatedness(activity_codes(), analytics.relatedness(last))


def value_chain_links() -> pd.DataFrame | None:
    """Value-chain links between the registry's activity codes, from the current input-output table.

    Delgado, Porter and Stern's largest input or output share
    (``clustera.analytics.input_output_links``) of the most recently loaded
    current input-output table, mapped to the organisations' codes by
    ``clustera.matching.code_relatedness`` (two codes of one industry: 0). None
    without a table.
    """
    from clustera import analytics
    from clustera.observatory import selectors as observatory

    table = observatory.current_input_output()
    if table is None:
        return None
    flows = pd.DataFrame(
        list(table.flows.values_list("supplier", "user", "value")),
        columns=["supplier", "user", "value"],
    )
    industries = sorted(set(flows["supplier"]) | set(flows["user"]))
    square = (
        flows.pivot_table(index="supplier", columns="user", values="value", aggfunc="sum")
        .reindex(index=industries, columns=industries)
        .fillna(0.0)
    )
    return code_relatedness(
        activity_codes(), analytics.input_output_links(square), same_category=0.0
    )


def programme_contexts() -> list[str]:
    """Programme parts and themes known from past projects, for the context choice."""
    parts: set[str] = set()
    for value in (
        models.Project.objects.exclude(programme="").values_list("programme", flat=True).distinct()
    ):
        parts.update(split_parts(value))
    return sorted(parts)


class _TermNames:
    lock = threading.Lock()
    fingerprint: tuple[Any, ...] | None = None
    names: dict[str, str] = {}


def term_names() -> dict[str, str]:
    """Technology, activity and S3 priority names by code, for the suggestions' reasons.

    Read once and again only when a code list changed (rows added, removed or edited
    in place: the print holds the total length of the names), not at every request.
    """
    term_models = (models.Activity, models.Technology, models.S3Priority)
    fingerprint = tuple(
        tuple(
            model.objects.aggregate(
                n=Count("id"), last=Max("id"), text=Sum(Length("name"))
            ).values()
        )
        for model in term_models
    )
    with _TermNames.lock:
        if _TermNames.fingerprint != fingerprint:
            names: dict[str, str] = {}
            for model in term_models:
                names.update(model.objects.values_list("code", "name"))
            _TermNames.names, _TermNames.fingerprint = names, fingerprint
        return _TermNames.names


def latest_region(code: str) -> models.Region | None:
    """The region with this code in the latest NUTS version that has it, or None."""
    return models.Region.objects.filter(code=code).order_by("-nuts_version").first()


def _technology_names(service: models.Service) -> list[str]:
    """The names of a service's technology and of its parent, so that words find it."""
    technology = service.technology
    parent = technology.parent if technology else None
    return [t.name for t in (technology, parent) if t is not None]


def _service_technologies(service: models.Service) -> tuple[str, ...]:
    technology = service.technology
    parent = technology.parent if technology else None
    return tuple(t.code for t in (technology, parent) if t is not None)


def centre_offers() -> tuple[dict[Any, models.Organisation], list[models.Service]]:
    """Public technology centres (and RTOs, DIHs, universities) with services, and those services."""
    centres_qs = (
        models.Organisation.objects.filter(
            type__in=CENTRE_TYPES, is_public=True, services__isnull=False
        )
        .distinct()
        .select_related("region")
    )
    centres = {c.pk: c for c in centres_qs}
    services = list(
        models.Service.objects.filter(organisation_id__in=centres).select_related(
            "technology__parent"
        )
    )
    return centres, services


def centre_tables(
    centres: dict[Any, models.Organisation], services: list[models.Service]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The centre and offer tables of ``clustera.matching.find_technology_centres``."""
    centre_frame = pd.DataFrame(
        {
            "latitude": [c.lat for c in centres.values()],
            "longitude": [c.lon for c in centres.values()],
            "region": [c.region.code if c.region else "" for c in centres.values()],
            "languages": [tuple(c.languages) for c in centres.values()],
            "name": [c.name for c in centres.values()],  # its words are not the services' words
            "public": True,
        },
        index=list(centres),
    )
    offer_frame = pd.DataFrame(
        {
            "centre_id": [s.organisation_id for s in services],
            "technologies": [_service_technologies(s) for s in services],
            "service_type": [service_type(s.kind, s.name) for s in services],
            "trl_min": [s.trl_min for s in services],
            "trl_max": [s.trl_max for s in services],
            "description": [f"{s.name}. {s.description}" for s in services],
            "technology_names": [tuple(_technology_names(s)) for s in services],
        },
        index=[s.pk for s in services],
    )
    return centre_frame, offer_frame


def offers_fingerprint() -> tuple[Any, ...]:
    """A cheap print of public offers and profiles: it changes when the offer index must."""
    # Offers are edited in place by imports (same id), so their text length is in the print too.
    offers = models.Offer.objects.aggregate(
        n=Count("id"), last=Max("id"), text=Sum(Length("title") + Length("description"))
    )
    organisations = models.Organisation.objects.aggregate(n=Count("id"), last=Max("updated"))
    return (
        offers["n"],
        offers["last"],
        offers["text"],
        organisations["n"],
        organisations["last"],
        models.Offer.technologies.through.objects.count(),
    )


def offer_profiles() -> pd.DataFrame:
    """Public offers and requests, and research organisations, as ``clustera.matching`` profiles."""
    offers = list(
        models.Offer.objects.filter(organisation__is_public=True)
        .prefetch_related("technologies", "activities")
        .select_related("organisation")
    )
    research = list(
        models.Organisation.objects.filter(
            type__in=RESEARCH_TYPES, is_public=True
        ).prefetch_related("technologies", "activities")
    )
    ids = [o.pk for o in offers] + [f"ORG-{r.pk}" for r in research]
    return pd.DataFrame(
        {
            "kind": [OFFER_KINDS[o.kind] for o in offers]
            + ["research organisation"] * len(research),
            "org_id": [o.organisation_id for o in offers] + [r.pk for r in research],
            "title": [o.title for o in offers] + [r.name for r in research],
            "description": [o.description for o in offers] + [r.description for r in research],
            "technologies": [tuple(t.code for t in o.technologies.all()) for o in offers]
            + [tuple(t.code for t in r.technologies.all()) for r in research],
            "nace": [tuple(a.code for a in o.activities.all()) for o in offers]
            + [tuple(a.code for a in r.activities.all()) for r in research],
            "country": [o.organisation.country for o in offers] + [r.country for r in research],
            "public": True,
        },
        index=pd.Index(ids, dtype=object),
    )


def organisation(pk: int) -> models.Organisation | None:
    """The organisation with id ``pk`` (public or not: callers check who may see it), or None."""
    return models.Organisation.objects.filter(pk=pk).first()


def matching_words(ids: list[int], text: str) -> set[int]:
    """Those of the organisations ``ids`` whose name, description or city match ``text``."""
    found = search_organisations(models.Organisation.objects.filter(pk__in=ids), text)
    return set(found.values_list("pk", flat=True))


def offers_of(organisation: models.Organisation) -> list[models.Offer]:
    """The organisation's offers and requests, as its profile lists them."""
    return list(models.Offer.objects.filter(organisation=organisation))


def public_organisation(pk: int) -> models.Organisation | None:
    """The public organisation with id ``pk``, or None."""
    return models.Organisation.objects.filter(pk=pk, is_public=True).first()


def public_offer(pk: int) -> models.Offer | None:
    """The offer or request with id ``pk`` of a public organisation, or None."""
    return models.Offer.objects.filter(pk=pk, organisation__is_public=True).first()


def notifications_of(user: Any, limit: int = 100) -> list[Any]:
    """The user's latest notifications, newest first."""
    return list(Notification.objects.filter(user=user)[:limit])


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (0 for anonymous visitors)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read=False).count()
