"""The demo world's surveys: the two shipped templates as open surveys, and deterministic
synthetic answers to the SME technology-needs survey (with a planted demand/supply gap) from the
registry's synthetic SMEs."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from clustera.questionnaires import validate_answers
from clustera.registry.models import Organisation
from clustera.surveys import selectors
from clustera.surveys.models import Response, ResponseStatus, Survey, SurveyVersion
from clustera.synth.surveys import PlantedGap, survey_needs, survey_regions, technology_centres
from clustera.synth.world import World

SME_SURVEY = "sme-technology-needs"
"""Slug of the demo's SME technology-needs survey."""

SERVICE_OF_SYNTH = {
    "expertise_and_facilities": "equipment",
    "demonstration": "pilot_line",
    "proof_of_concept_and_testing": "testing",
    "prototyping": "prototyping",
    "pilot_production": "pilot_line",
    "validation_and_certification": "testing",
}
"""The synthetic centres' service vocabulary (KETs study) onto the form's service types."""

_SIZES = {"micro": "micro", "small": "small", "medium": "medium", "large": "large"}
_START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.UTC)


def planted_gap(world: World, seed: int) -> PlantedGap:
    """The gap the demo plants: the third most offered ATI technology, prototyping at TRL 7-9, in
    the two least populated regions (so no large centre cluster is near them by chance)."""
    regions = survey_regions(world).sort_values(["population", "region"])
    technologies = world.technologies
    codes = sorted(technologies.loc[technologies["scheme"] == "SYN-ATI", "code"])
    return PlantedGap(
        codes[min(2, len(codes) - 1)], "prototyping", "7-9", tuple(regions["region"].head(2))
    )


def _answers(
    need: dict[Any, Any], sme: Organisation | None, rng: np.random.Generator
) -> dict[str, Any]:
    nace = sme.activities.all()[0].code if sme and sme.activities.all() else None
    answers: dict[str, Any] = {
        "company_name": sme.name if sme else f"Synthetic SME {need['respondent']}",
        "region": need["region"],
        "company_size": _SIZES.get(sme.size_class if sme else "", "small"),
        "technologies": [need["technology"]],
        "services": [SERVICE_OF_SYNTH.get(need["service"], "testing")],
        "trl": str(int(need["trl"])),
        "used_centre": "yes" if rng.random() < 0.4 else "no",
        "budget_band": str(rng.choice(["lt10k", "10k_50k", "50k_200k", "gt200k", "unknown"])),
        "travel_km": int(rng.choice([25, 50, 100, 200, 500])),
        "cross_border": "yes" if rng.random() < 0.5 else "no",
        "contact_consent": "no",
    }
    if nace:
        answers["nace"] = nace
    answers["languages"] = [need["language"]] if need["language"] else ["en"]
    return answers


def answer_sme_survey(survey: Survey, world: World, seed: int) -> int:
    """Store the synthetic SMEs' answers (planted gap included) to the SME survey's newest
    version; return how many. Used by ``services.seed_demo``."""
    version = selectors.current_version(survey)
    gap = planted_gap(world, seed)
    centres = technology_centres(world, n_centres=60, seed=seed, gap=gap)
    needs = survey_needs(world, centres, n_needs=240, seed=seed, planted=gap)
    return _store(survey, version, needs, seed)


def _store(survey: Survey, version: SurveyVersion, needs: pd.DataFrame, seed: int) -> int:
    rng = np.random.default_rng([seed, 81])
    definition = selectors.definition(version)
    codes = selectors.taxonomy_codes()
    smes: dict[str, list[Organisation]] = {}
    for sme in (
        Organisation.objects.filter(is_synthetic=True, type="sme")
        .select_related("region")
        .prefetch_related("activities")
        .order_by("key")
    ):
        smes.setdefault(sme.region.code if sme.region else "", []).append(sme)
    everyone = [sme for group in smes.values() for sme in group]
    rows = []
    for position, need in enumerate(needs.to_dict("records")):
        local = smes.get(need["region"]) or everyone
        sme = local[position % len(local)] if local else None
        answers, errors = validate_answers(
            definition, _answers(need, sme, rng), taxonomy_codes=codes
        )
        started = _START + dt.timedelta(minutes=int(37 * position + rng.integers(0, 30)))
        # about one in eight stops before the end
        stopped = bool(errors) or (rng.random() < 0.12 and not need["respondent"].endswith("0"))
        rows.append(
            Response(
                survey=survey,
                version=version,
                resume_key=secrets.token_urlsafe(24),
                answers=answers,
                language=str(rng.choice(["en", "fr", "de"], p=[0.6, 0.2, 0.2])),
                consent=True,
                status=ResponseStatus.IN_PROGRESS if stopped else ResponseStatus.COMPLETE,
                started=started,
                submitted=None
                if stopped
                else started + dt.timedelta(minutes=int(rng.integers(6, 31))),
                pages_seen=int(rng.integers(0, 3)) if stopped else 3,
                page=0,
                organisation=sme,
                actor_type="sme",
                country=need["region"][:2],
                region=need["region"],
            )
        )
    with transaction.atomic():
        Response.objects.bulk_create(rows, batch_size=500)
    return len(rows)
