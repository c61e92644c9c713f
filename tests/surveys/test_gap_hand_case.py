"""A gap case small enough to compute by hand, through the portal's tables and stored rows.

Regions R1 (0°, 0°), R2 (0.5° north, about 55.6 km) and R3 (3° north, about 333.6 km); one
centre at R1 with a prototyping service (TRL 4-6, capacity 1); one complete SME-survey answer
asking for prototyping at TRL 5 in each region; reach 100 km. Then R_c = 1 / (1 + 1) = 0.5;
access is 0.5 in R1 and R2 and 0 in R3; unmet demand 0.5, 0.5 and 1; the nearest capable centre
is 0, 55.6 and 333.6 km away; R3's need has no centre in reach.
"""

from __future__ import annotations

import math

import pytest

from clustera.registry.models import Region
from clustera.surveys import gap_store
from clustera.surveys.models import Response

pytestmark = pytest.mark.django_db
KM_PER_DEGREE = math.pi * 6371.0088 / 180


@pytest.fixture
def hand_case(prototyping_needs):
    for code, lat in (("R1", 0.0), ("R2", 0.5), ("R3", 3.0)):
        Region.objects.create(
            code=code, level=2, name=code, country="XX", label_lat=lat, label_lon=0.0
        )
    prototyping_needs((f"k{number}", region) for number, region in enumerate(("R1", "R2", "R3")))


def test_the_stored_rows_equal_the_hand_computation(hand_case):
    run = gap_store.recompute_gaps()
    assert (run.n_respondents, run.n_needs, run.n_offers, run.n_regions) == (3, 3, 1, 3)
    rows = {r.region: r for r in gap_store.rows(run, technology="ai", service="prototyping")}
    assert set(rows) == {"R1", "R2", "R3"}
    assert {r.trl_band for r in rows.values()} == {"4-6"}
    assert [rows[c].access for c in ("R1", "R2", "R3")] == pytest.approx([0.5, 0.5, 0.0])
    assert [rows[c].unmet for c in ("R1", "R2", "R3")] == pytest.approx([0.5, 0.5, 1.0])
    assert [rows[c].supply for c in ("R1", "R2", "R3")] == pytest.approx([1.0, 1.0, 0.0])
    assert [rows[c].nearest_km for c in ("R1", "R2", "R3")] == pytest.approx(
        [0.0, 0.5 * KM_PER_DEGREE, 3.0 * KM_PER_DEGREE], abs=1e-6
    )
    assert [rows[c].uncovered_share for c in ("R1", "R2", "R3")] == [0.0, 0.0, 1.0]
    assert list(gap_store.rows(run))[0].region == "R3"  # the largest gap first


def test_a_new_answer_changes_the_fingerprint_and_the_stored_result(hand_case):
    first = gap_store.recompute_gaps()
    version = Response.objects.first().version
    Response.objects.create(
        survey=version.survey, version=version, resume_key="k9", status="complete",
        answers={"region": "R3", "technologies": ["ai"], "services": ["prototyping"], "trl": "6"},
    )  # fmt: skip
    second = gap_store.recompute_gaps()
    assert second.fingerprint != first.fingerprint
    assert gap_store.rows(second, region="R3").get().unmet == pytest.approx(2.0)
