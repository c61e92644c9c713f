"""Each kind of reason counts exactly what it lists; the caller's filter sees every candidate."""

from __future__ import annotations

import re

import pytest

from clustera.matching import CollaborationHistory, PartnerRecommender
from clustera.matching._reasons import listed as _listed

_COUNTED = re.compile(r"(\d+) of your ([\w ]+?) \(([^)]*)\)")


def _named_count(listed: str) -> int:
    """How many items a reason's list stands for: the names plus "and N more"."""
    more = re.search(r" and (\d+) more$", listed)
    names = listed[: more.start()] if more else listed
    return len(names.split(", ")) + (int(more.group(1)) if more else 0)


@pytest.fixture
def history(tiny_rows):
    base = CollaborationHistory.from_frames(tiny_rows[tiny_rows["year"] <= 2018])
    five = ("T1", "T2", "T3", "T4", "T5", "T5-ATI")  # T5 and T5-ATI: one name, two schemes
    profiles = base.organisations.assign(
        technologies=[five, ("T1",), (), five, ("T1", "T2")],
        s3_priorities=[("S1", "S2", "S3", "S4"), (), (), ("S1", "S2", "S3", "S4"), ("S2",)],
        nace=[("C26.1",), (), (), ("C26.5",), ()],
    )
    return CollaborationHistory(base.participations, profiles)


NAMES = {
    "T1": "Robotics",
    "T2": "Photonics lasers",
    "T3": "Advanced materials",
    "T4": "Micro- and nanoelectronics",
    "T5": "Industrial biotechnology",
    "T5-ATI": "Industrial biotechnology",
    "S1": "Energy",
    "S2": "Health",
    "S3": "Mobility",
    "S4": "Agrifood",
}


def test_every_counted_reason_lists_as_many_items_as_it_counts(history):
    suggestions = (
        PartnerRecommender()
        .fit(history)
        .recommend("a", k=4, context=("SC1", "LEIT", "SC1"), names=NAMES)
    )
    by_id = {s.org_id: s.reasons for s in suggestions}
    d = by_id["d"]
    # 5 distinct technology names (T5 and T5-ATI are one), 3 named and 2 more
    assert (
        "works in 5 of your technologies (Robotics, Photonics lasers, Advanced materials and 2 more)"
        in d
    )  # noqa: E501
    assert "shares 4 of your S3 priorities (Energy, Health, Mobility and 1 more)" in d
    # d is active in LEIT only (P3, P5), the doubled SC1 counts once
    assert "active in 1 of your programme parts (LEIT): 2 projects" in d
    checked = 0
    for reasons in by_id.values():
        for reason in reasons:
            for count, _, listed in _COUNTED.findall(reason):
                assert int(count) == _named_count(listed), reason
                checked += 1
    assert checked >= 3


def test_network_reasons_count_the_partners_and_projects_they_name(history):
    suggestions = PartnerRecommender().fit(history).recommend("a", k=4, context=("SC1",))
    reasons = {s.org_id: s.reasons for s in suggestions}
    # c and d each worked with b, a's only partner besides e: one common partner each
    assert "partner of 1 of your partners" in reasons["c"]
    # a and b shared P1 only
    assert any(r == "worked with you in 1 project" for r in reasons["b"])


def test_listing_names_three_and_counts_the_rest():
    assert _listed(["A"]) == "A"
    assert _listed(["A", "B", "C"]) == "A, B, C"
    assert _listed(["A", "B", "C", "D"]) == "A, B, C and 1 more"


def test_the_callers_filter_sees_every_candidate_best_first_and_keeps_the_percentile(history):
    fitted = PartnerRecommender().fit(history)
    everyone = fitted.recommend("a", k=10, context=("SC1",))
    seen: list[list[object]] = []

    def keep(ids):
        seen.append(list(ids))
        return [org != everyone[0].org_id for org in ids]

    kept = fitted.recommend("a", k=10, context=("SC1",), keep=keep)
    assert seen == [[s.org_id for s in everyone]]
    assert [s.org_id for s in kept] == [s.org_id for s in everyone[1:]]
    assert kept[0].percentile == everyone[1].percentile  # still among all candidates
    assert fitted.recommend("a", k=10, context=("SC1",), keep=lambda ids: [False] * len(ids)) == []


def test_a_registry_without_any_project_still_gets_suggestions_from_profiles(tiny_rows):
    """A new portal has organisations but no project yet: the fit must not fail."""
    base = CollaborationHistory.from_frames(tiny_rows)
    empty = CollaborationHistory(base.participations.iloc[:0], base.organisations)
    fitted = PartnerRecommender().fit(empty)
    assert fitted.ranker_ is None
    suggestions = fitted.recommend("a", k=3)
    assert all(s.org_id != "a" for s in suggestions)
