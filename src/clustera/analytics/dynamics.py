"""Entry into and exit from specialisations between periods of a panel."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clustera.analytics._tables import Cube
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["EntryExit", "entry_exit"]


@dataclass(frozen=True)
class EntryExit:
    """Entries and exits per start year: 1/0 inside the risk set, NaN outside it.

    ``entry`` is defined where the region was not specialised at t (M_t = 0) and
    says whether it is at t + lag; ``exit`` is defined where it was (M_t = 1) and
    says whether it no longer is. Both are indexed by (start year, region).
    """

    entry: pd.DataFrame
    exit: pd.DataFrame
    lag: int


def entry_exit(
    X_or_M: pd.DataFrame, *, lag: int = 1, threshold: float = 1.0, presence: bool | None = None
) -> EntryExit:
    """Entries ``1[M_t = 0 and M_t+lag = 1]`` and exits ``1[M_t = 1 and M_t+lag = 0]``.

    Years are taken in sorted order and ``lag`` counts positions (periods), so
    a panel of 5-year periods uses ``lag=1``. Cells masked in either period are
    NaN. These are the dependent variables of the relatedness/entry regressions
    (EconGeo ``entry_list``/``exit_list`` risk sets).

    References
    ----------
    Boschma, R., Balland, P.-A., Kogler, D. (2015). Relatedness and technological
    change in cities. *Industrial and Corporate Change* 24(1):223-250.
    Balland, P.-A. (2017). EconGeo, R package (``entry_mat``, ``exit_mat``).

    Examples
    --------
    >>> M = pd.DataFrame({"year": [2020] * 4 + [2021] * 4, "region": ["r1", "r1", "r2", "r2"] * 2,
    ...                   "activity": ["a", "b"] * 4, "value": [1, 0, 0, 1, 1, 1, 1, 0]})
    >>> flows = entry_exit(M)
    >>> float(flows.entry.loc[(2020, "r1"), "b"]), float(flows.exit.loc[(2020, "r2"), "b"])
    (1.0, 1.0)
    """
    if lag < 1:
        raise InvalidInputError("lag must be at least 1", field="lag", value=lag)
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence, name="X_or_M")
    if cube.years is None or len(cube.years) <= lag:
        raise InvalidInputError(
            "entry and exit need a panel with more periods than the lag", field="year", value=lag
        )
    before, after = cube.values[:-lag], cube.values[lag:]
    with np.errstate(invalid="ignore"):
        entry = np.where(before == 0, (after == 1).astype(np.float64), np.nan)
        leave = np.where(before == 1, (after == 0).astype(np.float64), np.nan)
    unknown = np.isnan(before) | np.isnan(after)
    entry[unknown] = np.nan
    leave[unknown] = np.nan
    start = Cube(before, cube.regions, cube.activities, cube.years[:-lag])
    return EntryExit(entry=start.frame(entry), exit=start.frame(leave), lag=lag)
