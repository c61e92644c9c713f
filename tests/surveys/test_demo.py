"""The demo world's surveys: both templates open, deterministic SME answers with the planted gap."""

from __future__ import annotations

import pytest

from clustera.portal.seeding import seed_world
from clustera.surveys.demo_world import SME_SURVEY, planted_gap
from clustera.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


def _answers() -> list[tuple[str, str, dict]]:
    return list(
        Response.objects.filter(survey__slug=SME_SURVEY)
        .order_by("started")
        .values_list("status", "region", "answers")
    )


def test_the_demo_opens_both_templates_and_answers_the_sme_survey_with_the_gap():
    from clustera.synth import generate_world

    seed_world(3, 300, with_datasets=False)
    assert set(Survey.objects.values_list("slug", "status")) == {
        ("sme-technology-needs", "open"),
        ("cluster-s3-opportunities", "open"),
    }
    rows = _answers()
    complete = [r for r in rows if r[0] == "complete"]
    assert len(rows) > 200 and 0.8 < len(complete) / len(rows) < 1
    gap = planted_gap(generate_world(seed=3, scale=300), 3)
    planted = [
        a
        for status, region, a in complete
        if region in gap.regions
        and a["technologies"] == [gap.technology]
        and a["services"] == ["prototyping"]
        and int(a["trl"]) >= 7
    ]
    assert len(planted) >= 25  # most of the 2 x 25 planted needs, whole and valid
    assert all(a["company_name"] and a["nace"] for _, _, a in complete[:20])


def _seed_registry_and_surveys(seed: int) -> None:
    # only what the surveys' demo reads (the registry's organisations); the other apps' demo
    # content is seeded once per site and need not be seeded twice
    from clustera.registry.seeding import import_world
    from clustera.surveys.services import seed_demo
    from clustera.synth import generate_world

    world = generate_world(seed=seed, scale=300)
    import_world(world)
    seed_demo(world, seed)


def test_the_demo_answers_are_the_same_for_the_same_seed():
    _seed_registry_and_surveys(3)
    first = [(s, r, a) for s, r, a in _answers()]
    Response.objects.all().delete()
    Survey.objects.all().delete()
    _seed_registry_and_surveys(3)
    assert [(s, r, a) for s, r, a in _answers()] == first
