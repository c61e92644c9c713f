"""The gap analysis's input tables, read from the database: needs from complete answers to
surveys built on the SME technology-needs template plus the registry's technology requests,
offers from technology-centre services, regions' label points, and the inputs' fingerprint."""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
from django.db.models import Count, Max, Sum

from clustera.registry.models import Offer, Region, Service
from clustera.surveys.models import Response, ResponseStatus
from clustera.taxonomies.actors import SERVICE_PROVIDER_TYPES

SME_FORM_ID = "sme_technology_needs"
"""Surveys whose definition has this ``form_id`` feed the demand side."""

REQUEST_TRL = 5
"""TRL assumed for a registry technology request (requests carry no TRL)."""

# Words of a service's or request's name that tell its service type (the form's choice names);
# the same rule as partnering's ``service_type`` (surveys may not import partnering).
_SERVICE_WORDS = (
    ("pilot", "pilot_line"),
    ("prototyp", "prototyping"),
    ("test", "testing"),
    ("audit", "testing"),
    ("feasibility", "testing"),
    ("training", "training"),
    ("equipment", "equipment"),
)


def service_type(kind: str, name: str) -> str:
    """The service type (``equipment``, ``testing``, ``prototyping``, ``pilot_line``,
    ``training``) of a registry service from its kind, else the words of its name."""
    if kind in {"equipment", "training"}:
        return kind
    lowered = name.lower()
    for word, matched in _SERVICE_WORDS:
        if word in lowered:
            return matched
    return "testing"


def _survey_responses() -> Any:
    return Response.objects.filter(
        status=ResponseStatus.COMPLETE, version__definition__form_id=SME_FORM_ID
    )


def survey_needs() -> tuple[pd.DataFrame, int]:
    """One need per technology x service type of each complete SME-survey answer; respondents.

    A respondent who can work in English asks for no particular language; otherwise the first
    language they named is required.
    """
    rows: list[dict[str, Any]] = []
    answers = list(_survey_responses().values_list("answers", flat=True))
    for answer in answers:
        region, trl = answer.get("region"), answer.get("trl")
        if not region or not trl:
            continue
        languages = answer.get("languages") or []
        language = "" if not languages or "en" in languages else str(languages[0])
        for technology in answer.get("technologies") or []:
            for service in answer.get("services") or []:
                rows.append(
                    {
                        "region": region,
                        "technology": technology,
                        "service": service,
                        "trl": int(trl),
                        "weight": 1.0,
                        "language": language,
                    }
                )
    return pd.DataFrame(rows, columns=_NEED_COLUMNS), len(answers)


_NEED_COLUMNS = ["region", "technology", "service", "trl", "weight", "language"]


def request_needs() -> pd.DataFrame:
    """The registry's technology requests as needs (TRL :data:`REQUEST_TRL`, the service type
    read from the title), one per technology of the request."""
    rows = []
    requests = (
        Offer.objects.filter(kind="technology_request", organisation__region__isnull=False)
        .select_related("organisation__region")
        .prefetch_related("technologies")
    )
    for offer in requests:
        for technology in offer.technologies.all():
            rows.append(
                {
                    "region": offer.organisation.region.code,  # type: ignore[union-attr]
                    "technology": technology.code,
                    "service": service_type("service", offer.title),
                    "trl": REQUEST_TRL,
                    "weight": 1.0,
                    "language": "",
                }
            )
    return pd.DataFrame(rows, columns=_NEED_COLUMNS)


def centre_offers() -> pd.DataFrame:
    """Technology-centre services with a technology and a located centre: capacity 1 each,
    the centre's languages."""
    services = (
        Service.objects.filter(
            organisation__type__in=SERVICE_PROVIDER_TYPES,
            organisation__lat__isnull=False,
            organisation__lon__isnull=False,
            technology__isnull=False,
        )
        .select_related("organisation", "technology")
        .order_by("pk")
    )
    return pd.DataFrame(
        [
            {
                "centre": str(s.organisation_id),
                "lat": s.organisation.lat,
                "lon": s.organisation.lon,
                "technology": s.technology.code,  # type: ignore[union-attr]
                "service": service_type(s.kind, s.name),
                "trl_min": s.trl_min,
                "trl_max": s.trl_max,
                "capacity": 1.0,
                "languages": ";".join(s.organisation.languages or []),
            }
            for s in services
        ],
        columns=[
            "centre", "lat", "lon", "technology", "service", "trl_min", "trl_max", "capacity",
            "languages",
        ],
    )  # fmt: skip


def regions(codes: set[str]) -> pd.DataFrame:
    """Label points of the regions at the levels of ``codes`` (every region of those levels)."""
    levels = set(Region.objects.filter(code__in=codes).values_list("level", flat=True))
    found = Region.objects.filter(
        level__in=levels, label_lat__isnull=False, label_lon__isnull=False
    ).values_list("code", "label_lat", "label_lon")
    frame = pd.DataFrame(list(found), columns=["region", "lat", "lon"])
    return frame.drop_duplicates("region").reset_index(drop=True)


def fingerprint() -> str:
    """A print of the inputs (the dataset version): it changes when an answer is submitted or
    erased, or a technology request or a centre's service (or its centre's place, type or
    languages) is added, changed or removed."""
    parts = [
        _survey_responses().aggregate(
            n=Count("id"), ids=Sum("id"), last=Max("updated"), sub=Max("submitted")
        ),
        list(
            Offer.objects.filter(kind="technology_request")
            .order_by("pk", "technologies__code")
            .values_list("pk", "title", "organisation__region_id", "technologies__code")
        ),
        list(
            Service.objects.filter(organisation__type__in=SERVICE_PROVIDER_TYPES)
            .order_by("pk")
            .values_list(
                "pk", "kind", "name", "technology_id", "trl_min", "trl_max",
                "organisation_id", "organisation__lat", "organisation__lon",
                "organisation__languages",
            )
        ),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()
