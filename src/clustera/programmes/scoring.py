"""Scoring applications: weighted scores against thresholds, evaluators' consensus, ranking."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clustera.errors import InvalidInputError

__all__ = [
    "Assessment",
    "Criterion",
    "RankedApplication",
    "assess",
    "consensus",
    "rank_applications",
]


@dataclass(frozen=True)
class Criterion:
    """An evaluation criterion: scores run from 0 to ``max_score``; below ``threshold`` fails.

    The weighted total is the sum of ``weight * score`` over the criteria.
    """

    key: str
    weight: float
    threshold: float
    max_score: float = 5.0

    def __post_init__(self) -> None:
        if not self.weight > 0 or not math.isfinite(self.weight):
            raise InvalidInputError("weight must be positive", field="weight", value=self.weight)
        if not 0 <= self.threshold <= self.max_score:
            raise InvalidInputError(
                f"threshold must be from 0 to {self.max_score:g}",
                field="threshold",
                value=self.threshold,
            )


@dataclass(frozen=True)
class Assessment:
    """The weighted total of one application, whether it passed, and why not."""

    total: float
    passed: bool
    failures: tuple[str, ...]


def _check_scores(criteria: Sequence[Criterion], scores: Mapping[str, float]) -> None:
    for criterion in criteria:
        if criterion.key not in scores:
            raise InvalidInputError("no score for this criterion", field=criterion.key, value=None)
        value = scores[criterion.key]
        if not 0 <= value <= criterion.max_score:
            raise InvalidInputError(
                f"score must be from 0 to {criterion.max_score:g}", field=criterion.key, value=value
            )


def assess(
    criteria: Sequence[Criterion], scores: Mapping[str, float], overall_threshold: float = 0.0
) -> Assessment:
    """Weighted total of ``scores`` (one per criterion) and the thresholds it misses.

    >>> criteria = [Criterion("excellence", 2, 3), Criterion("impact", 1, 3)]
    >>> assess(criteria, {"excellence": 4, "impact": 2.5}, overall_threshold=10)
    Assessment(total=10.5, passed=False, failures=('impact: 2.5 is below the threshold 3',))
    """
    _check_scores(criteria, scores)
    failures = [
        f"{c.key}: {scores[c.key]:g} is below the threshold {c.threshold:g}"
        for c in criteria
        if scores[c.key] < c.threshold
    ]
    total = math.fsum(c.weight * scores[c.key] for c in criteria)
    if total < overall_threshold:
        failures.append(f"total {total:g} is below the overall threshold {overall_threshold:g}")
    return Assessment(total, not failures, tuple(failures))


def consensus(
    criteria: Sequence[Criterion], evaluations: Sequence[Mapping[str, float]]
) -> dict[str, float]:
    """The consensus score of each criterion: the mean of the evaluators' scores.

    >>> consensus([Criterion("impact", 1, 3)], [{"impact": 4}, {"impact": 3}])
    {'impact': 3.5}
    """
    if not evaluations:
        raise InvalidInputError("no evaluation to agree on", field="evaluations", value=0)
    for evaluation in evaluations:
        _check_scores(criteria, evaluation)
    return {c.key: math.fsum(e[c.key] for e in evaluations) / len(evaluations) for c in criteria}


@dataclass(frozen=True)
class RankedApplication:
    """An application's place in the ranking, with its assessment."""

    key: int
    rank: int
    assessment: Assessment


def rank_applications(
    criteria: Sequence[Criterion],
    scores: Mapping[int, Mapping[str, float]],
    overall_threshold: float = 0.0,
) -> list[RankedApplication]:
    """Rank applications: those that pass first, by weighted total, then by the criteria's
    scores in the order given (ties broken as in Horizon Europe: the first criterion first),
    then by key so the order is reproducible. Equal places share nothing: ranks are 1..n.

    >>> c = [Criterion("excellence", 1, 0), Criterion("impact", 1, 0)]
    >>> ranked = rank_applications(c, {7: {"excellence": 3, "impact": 4},
    ...                                 9: {"excellence": 4, "impact": 3}})
    >>> [(r.key, r.rank) for r in ranked]
    [(9, 1), (7, 2)]
    """
    assessed = {key: assess(criteria, s, overall_threshold) for key, s in scores.items()}

    def order(key: int) -> tuple[float, ...]:
        result = assessed[key]
        tie = tuple(-scores[key][c.key] for c in criteria)
        return (0.0 if result.passed else 1.0, -result.total, *tie, float(key))

    return [
        RankedApplication(key, position, assessed[key])
        for position, key in enumerate(sorted(assessed, key=order), start=1)
    ]
