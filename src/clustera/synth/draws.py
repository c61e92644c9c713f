"""Random draws shared by the synthetic generators."""

from __future__ import annotations

import datetime

import numpy as np
import numpy.typing as npt

__all__ = ["random_date", "weighted_draw"]


def weighted_draw(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], count: int
) -> npt.NDArray[np.int64]:
    """``count`` positions drawn without replacement in proportion to ``weights``.

    Uses Gumbel top-k keys, equivalent to Efraimidis and Spirakis (2006): the ``count`` largest
    ``log(weight) + Gumbel noise`` keys are a weighted sample without replacement.

    >>> weighted_draw(np.random.default_rng(0), np.array([0.0, 1.0, 0.0]), 2).tolist()
    [1]
    """
    positive = np.flatnonzero(weights > 0)
    keys = np.log(weights[positive]) + rng.gumbel(size=len(positive))
    count = min(count, len(positive))
    if count < len(positive):
        top = np.argpartition(-keys, count - 1)[:count]
        order = top[np.argsort(-keys[top], kind="stable")]
    else:
        order = np.argsort(-keys, kind="stable")
    result: npt.NDArray[np.int64] = positive[order]
    return result


def random_date(rng: np.random.Generator, first: datetime.date, last: datetime.date) -> str:
    """A uniformly random ISO date between ``first`` and ``last``, both included.

    >>> random_date(np.random.default_rng(0), datetime.date(2020, 1, 1), datetime.date(2020, 1, 1))
    '2020-01-01'
    """
    span = (last - first).days
    return (first + datetime.timedelta(days=int(rng.integers(0, span + 1)))).isoformat()
