"""Feeding the registry to ``clustera.matching``: partner suggestions and the centre finder.

The recommender is fitted on the registry's collaboration history (projects and
participations) and profiles, once per process and again whenever that data
changes (a cheap fingerprint query decides).
"""

from __future__ import annotations

import pickle  # noqa: S403 - the model file is the deployment's own, see refit()
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.db.models.functions import Length

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.matching import (
    CollaborationHistory,
    PartnerRecommender,
    TechnologyNeed,
    code_relatedness,
    find_technology_centres,
    matches_for,
    offer_content,
)
from clustera.registry import models

# Registry organisation types to the actor types of collaboration data (CORDIS's codes).
ACTIVITY_TYPES = {
    "sme": "PRC",
    "large_company": "PRC",
    "company": "PRC",
    "university": "HES",
    "rto": "REC",
    "technology_centre": "REC",
    "public_authority": "PUB",
}
CENTRE_TYPES = ("technology_centre", "rto", "dih", "university")
_SERVICE_WORDS = (
    ("pilot", "pilot line"),
    ("prototyp", "prototyping"),
    ("test", "testing"),
    ("audit", "testing"),
    ("feasibility", "testing"),
)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _fingerprint() -> tuple[Any, ...]:
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


def _profiles(only: int | None = None) -> pd.DataFrame:
    """Profiles of every organisation, or of the one with id ``only``."""
    scope = {} if only is None else {"organisation_id": only}
    technologies: dict[int, list[str]] = {}
    for organisation_id, code in models.Organisation.technologies.through.objects.filter(
        **scope
    ).values_list("organisation_id", "technology__code"):
        technologies.setdefault(organisation_id, []).append(code)
    activities: dict[int, list[str]] = {}
    for organisation_id, code in models.Organisation.activities.through.objects.filter(
        **scope
    ).values_list("organisation_id", "activity__code"):
        activities.setdefault(organisation_id, []).append(code)
    s3 = _s3_priorities(only)
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


def _s3_priorities(only: int | None = None) -> dict[int, set[str]]:
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


def build_history() -> CollaborationHistory:
    """The registry's collaboration history and profiles, keyed by organisation id."""
    rows = list(
        models.Participation.objects.filter(project__start_year__isnull=False).values_list(
            "project_id", "organisation_id", "project__start_year", "project__programme"
        )
    )
    participations = pd.DataFrame(rows, columns=["project_id", "org_id", "year", "programme_parts"])
    return CollaborationHistory.from_frames(
        participations, _profiles(), source="registry participations"
    )


class RecommenderNotReady(Exception):
    """No fitted recommender yet: its fit runs as a background task."""


class _Fitted:
    lock = threading.Lock()
    recommender: PartnerRecommender | None = None
    loaded_mtime: float = 0.0
    fingerprint: str = ""
    refit_requested: str = ""


# Bumped whenever a stored recommender can no longer serve this code (features,
# objective); a stored file of another format is ignored and refitted, never used.
# 2: LambdaMART ranker and random-walk features (session 2).
# 3: activity relatedness from the observatory's employment data and value-chain links
#    from its input-output table (session 5).
MODEL_FORMAT = 3


def _model_path() -> Path:
    return Path(settings.DATA_DIR) / "models" / "partner_recommender.pkl"


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
    return code_relatedness(_activity_codes(), analytics.relatedness(last))


def _activity_codes() -> list[str]:
    """The activity codes organisations of the registry use, the rows of the code tables."""
    return sorted(
        models.Organisation.activities.through.objects.values_list(
            "activity__code", flat=True
        ).distinct()
    )


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
        _activity_codes(), analytics.input_output_links(square), same_category=0.0
    )


def refit() -> str:
    """Fit the recommender on the registry as it is now and store it; return the data fingerprint."""
    fingerprint = repr(_fingerprint())
    fitted = PartnerRecommender(
        relatedness=activity_relatedness(), value_chain=value_chain_links()
    ).fit(build_history())
    path = _model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        pickle.dump(
            {"format": MODEL_FORMAT, "fingerprint": fingerprint, "recommender": fitted},
            out,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    partial.replace(path)  # atomic: readers never see half a model
    with _Fitted.lock:
        _Fitted.recommender, _Fitted.fingerprint = fitted, fingerprint
        _Fitted.loaded_mtime = path.stat().st_mtime
    return fingerprint


def _request_refit(fingerprint: str) -> None:
    if _Fitted.refit_requested == fingerprint:
        return
    _Fitted.refit_requested = fingerprint
    from clustera.partnering.tasks import refit_recommender

    refit_recommender.enqueue()


def recommender() -> PartnerRecommender:
    """The last fitted recommender; a refit is queued when the registry changed since.

    Organisations added since the fit are still served, from their live profiles.
    Raises RecommenderNotReady until the first fit has finished.
    """
    path = _model_path()
    with _Fitted.lock:
        if path.exists() and path.stat().st_mtime > _Fitted.loaded_mtime:
            with path.open("rb") as stored:
                # Written only by refit() above, into the deployment's own data folder.
                content = pickle.load(stored)  # noqa: S301
            if content.get("format") == MODEL_FORMAT:
                _Fitted.recommender, _Fitted.fingerprint = (
                    content["recommender"],
                    content["fingerprint"],
                )
            else:  # fitted by an older version: not usable, refit below
                _Fitted.recommender, _Fitted.fingerprint = None, ""
                _Fitted.refit_requested = ""
            _Fitted.loaded_mtime = path.stat().st_mtime
        current = _Fitted.recommender
    fingerprint = repr(_fingerprint())
    if current is None:
        _request_refit(fingerprint)
        with _Fitted.lock:
            current = _Fitted.recommender
        if current is None:
            raise RecommenderNotReady(
                "partner suggestions are being prepared; try again in a minute"
            )
    elif _Fitted.fingerprint != fingerprint and settings.CLUSTERA_RECOMMENDER_REFIT:
        _request_refit(fingerprint)
    return current


def _live_profile(organisation: models.Organisation) -> pd.Series:
    return _profiles(only=organisation.pk).iloc[0]


def programme_contexts() -> list[str]:
    """Programme parts and themes known from past projects, for the context choice."""
    parts: set[str] = set()
    for value in (
        models.Project.objects.exclude(programme="").values_list("programme", flat=True).distinct()
    ):
        parts.update(_split(value))
    return sorted(parts)


class _TermNames:
    lock = threading.Lock()
    fingerprint: tuple[Any, ...] | None = None
    names: dict[str, str] = {}


def _term_names() -> dict[str, str]:
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


@dataclass(frozen=True)
class Suggestion:
    """A suggested partner with its score and reasons."""

    organisation: models.Organisation
    rank: int
    score: float
    reasons: tuple[str, ...]


def suggest_partners(
    organisation: models.Organisation,
    k: int = 10,
    context: tuple[str, ...] = (),
    new_only: bool = False,
    prefer: str | None = None,
) -> list[Suggestion]:
    """The ``k`` best public partners for ``organisation`` (optionally for a programme context).

    ``prefer``: "cross-border", "same-country" or "cross-region" (``clustera.matching.PREFERENCES``).
    """
    if isinstance(k, bool) or not 1 <= k <= 100:
        raise InvalidInputError("k must be from 1 to 100", field="k", value=k)
    known = set(programme_contexts())
    unknown = [part for part in context if part not in known]
    if unknown:
        raise UnknownCodeError("unknown programme or theme", field="context", value=unknown[0])
    fitted = recommender()
    in_model = organisation.pk in fitted.history_.organisations.index
    suggestions = fitted.recommend(
        organisation.pk,
        k=k,
        context=context,
        new_only=new_only,
        profile=None if in_model else _live_profile(organisation),
        names=_term_names(),
        prefer=prefer,
    )
    found = models.Organisation.objects.in_bulk([s.org_id for s in suggestions])
    return [
        Suggestion(found[s.org_id], s.rank, s.score, s.reasons)
        for s in suggestions
        if s.org_id in found and found[s.org_id].is_public and s.org_id != organisation.pk
    ]


def _technology_names(service: models.Service) -> list[str]:
    """The names of a service's technology and of its parent, so that words find it."""
    technology = service.technology
    if technology is None:
        return []
    return [technology.name] + ([technology.parent.name] if technology.parent else [])


def _service_type(kind: str, name: str) -> str:
    if kind in {"equipment", "training"}:
        return kind
    lowered = name.lower()
    for word, service_type in _SERVICE_WORDS:
        if word in lowered:
            return service_type
    return "testing"


@dataclass(frozen=True)
class CentreSuggestion:
    """A ranked technology centre with the offers that serve the need and its distance."""

    organisation: models.Organisation
    rank: int
    score: float
    distance_km: float | None
    services: list[models.Service]
    reasons: tuple[str, ...]


def find_centres(
    *,
    technologies: tuple[str, ...] = (),
    text: str = "",
    service_types: tuple[str, ...] = (),
    trl: int | None = None,
    region: str = "",
    languages: tuple[str, ...] = (),
    k: int = 10,
) -> list[CentreSuggestion]:
    """Public technology centres (and RTOs, DIHs, universities) whose offers serve a need."""
    point = None
    if region:
        found = models.Region.objects.filter(code=region).order_by("-nuts_version").first()
        if found is None:
            raise UnknownCodeError("no region with this code", field="region", value=region)
        if found.label_lat is not None:
            point = (found.label_lat, found.label_lon)
    need = TechnologyNeed(
        technologies=technologies,
        text=text,
        service_types=service_types,
        trl=trl,
        region=region or None,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        languages=languages,
    )
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
    if not services:
        return []
    centre_frame = pd.DataFrame(
        {
            "latitude": [c.lat for c in centres.values()],
            "longitude": [c.lon for c in centres.values()],
            "region": [c.region.code if c.region else "" for c in centres.values()],
            "languages": [tuple(c.languages) for c in centres.values()],
            "public": True,
        },
        index=list(centres),
    )
    offer_frame = pd.DataFrame(
        {
            "centre_id": [s.organisation_id for s in services],
            "technologies": [
                tuple(
                    t
                    for t in (
                        s.technology.code if s.technology else "",
                        s.technology.parent.code if s.technology and s.technology.parent else "",
                    )
                    if t
                )
                for s in services
            ],
            "service_type": [_service_type(s.kind, s.name) for s in services],
            "trl_min": [s.trl_min for s in services],
            "trl_max": [s.trl_max for s in services],
            "description": [
                " ".join([f"{s.name}. {s.description}", *_technology_names(s)]) for s in services
            ],
        },
        index=[s.pk for s in services],
    )
    by_id = {s.pk: s for s in services}
    matches = find_technology_centres(need, centre_frame, offer_frame, k=k)
    return [
        CentreSuggestion(
            centres[m.centre_id],
            m.rank,
            m.score,
            m.distance_km,
            [by_id[o] for o in m.offers if o in by_id],
            m.reasons,
        )
        for m in matches
    ]


# Registry offer kinds to the Enterprise Europe Network kinds of clustera.matching.
OFFER_KINDS = {
    "business_offer": "business offer",
    "business_request": "business request",
    "technology_offer": "technology offer",
    "technology_request": "technology request",
    "rd_request": "R&D request",
}
RESEARCH_TYPES = ("rto", "university", "technology_centre")


@dataclass(frozen=True)
class OfferAnswer:
    """An offer, request or research organisation answering an offer or request."""

    offer: models.Offer | None
    organisation: models.Organisation
    score: float
    reasons: tuple[str, ...]


def _offer_profiles() -> pd.DataFrame:
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


class _OfferIndex:
    lock = threading.Lock()
    fingerprint: tuple[Any, ...] | None = None
    profiles: pd.DataFrame | None = None
    content: Any = None


def _offer_index() -> tuple[pd.DataFrame, Any]:
    """Offer profiles and their fitted text model, rebuilt only when offers or profiles changed."""
    # Offers are edited in place by imports (same id), so their text length is in the print too.
    offers = models.Offer.objects.aggregate(
        n=Count("id"), last=Max("id"), text=Sum(Length("title") + Length("description"))
    )
    organisations = models.Organisation.objects.aggregate(n=Count("id"), last=Max("updated"))
    fingerprint = (
        offers["n"],
        offers["last"],
        offers["text"],
        organisations["n"],
        organisations["last"],
        models.Offer.technologies.through.objects.count(),
    )
    with _OfferIndex.lock:
        if _OfferIndex.fingerprint != fingerprint or _OfferIndex.profiles is None:
            profiles = _offer_profiles()
            _OfferIndex.profiles, _OfferIndex.content = profiles, offer_content(profiles)
            _OfferIndex.fingerprint = fingerprint
        return _OfferIndex.profiles, _OfferIndex.content


def answers_to(offers: list[models.Offer], k: int = 3) -> dict[int, list[OfferAnswer]]:
    """For each offer or request, the best complementary ones (and research organisations)."""
    if not offers:
        return {}
    if isinstance(k, bool) or not 1 <= k <= 50:
        raise InvalidInputError("k must be from 1 to 50", field="k", value=k)
    profiles, content = _offer_index()
    answers: dict[int, list[OfferAnswer]] = {}
    found_offers = models.Offer.objects.in_bulk([i for i in profiles.index if isinstance(i, int)])
    found_orgs = models.Organisation.objects.in_bulk(list(profiles["org_id"].unique()))
    for offer in offers:
        if offer.pk not in profiles.index:
            answers[offer.pk] = []
            continue
        answers[offer.pk] = [
            OfferAnswer(
                found_offers.get(m.profile_id) if isinstance(m.profile_id, int) else None,
                found_orgs[m.org_id],
                m.score,
                m.reasons,
            )
            for m in matches_for(profiles, offer.pk, k=k, content=content)
        ]
    return answers
