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


def test_the_demo_answers_are_the_same_for_the_same_seed():
    seed_world(3, 300, with_datasets=False)
    first = [(s, r, a) for s, r, a in _answers()]
    Response.objects.all().delete()
    Survey.objects.all().delete()
    seed_world(3, 300, with_datasets=False)
    assert [(s, r, a) for s, r, a in _answers()] == first
