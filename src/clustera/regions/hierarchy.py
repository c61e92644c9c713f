"""Region hierarchies from a parent table: ancestors at a level, descendants, roll-ups.

The hierarchy is read from parent links, never from the codes: NUTS codes are
prefix-nested, but the synthetic world's regions and other territorial units
need not be. A *parent table* is a DataFrame indexed by region key (database
ids or codes, unique) with the columns ``level`` (0 is the coarsest) and
``parent`` (the key of the parent region; missing for roots).
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError

__all__ = ["PARENT_TABLE_COLUMNS", "ancestors_at_level", "descendants", "roll_up"]

PARENT_TABLE_COLUMNS: tuple[str, ...] = ("level", "parent")
"""The columns of a parent table (indexed by region key); other columns are ignored."""

_LONG_COLUMNS = ("category", "year", "value")


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so that messages read ``5``, not ``np.int64(5)``."""
    return value.item() if isinstance(value, np.generic) else value


def _parent_positions(regions: pd.DataFrame) -> tuple[NDArray[np.intp], NDArray[np.int64]]:
    """Each region's parent as a row position (-1 for a root) and its level, checked."""
    if not isinstance(regions, pd.DataFrame):
        raise InvalidInputError(
            "the parent table must be a pandas DataFrame",
            field="regions",
            value=type(regions).__name__,
        )
    for column in PARENT_TABLE_COLUMNS:
        if column not in regions.columns:
            raise DataFormatError(
                "a parent table needs the columns level and parent",
                source="regions",
                field=column,
            )
    if regions.index.has_duplicates:
        raise DuplicateError(
            "each region may appear once in a parent table",
            source="regions",
            field="index",
            value=_plain(regions.index[regions.index.duplicated()][0]),
        )
    levels = pd.to_numeric(regions["level"], errors="coerce")
    if levels.isna().any():
        position = int(levels.isna().to_numpy().argmax())
        raise InvalidInputError(
            f"region {_plain(regions.index[position])!r}: the level must be a whole number",
            source="regions",
            field="level",
            value=_plain(regions["level"].iloc[position]),
        )
    level_values = levels.to_numpy(dtype=np.int64)
    parents = regions.index.get_indexer(pd.Index(regions["parent"]))
    linked = np.flatnonzero(parents >= 0)
    # Levels strictly decreasing along parent links: a tree, so every walk up ends.
    bad = linked[level_values[parents[linked]] >= level_values[linked]]
    if bad.size:
        position = int(bad[0])
        raise InvalidInputError(
            f"region {_plain(regions.index[position])!r}: its parent is not at a coarser level",
            source="regions",
            field="parent",
            value=_plain(regions["parent"].iloc[position]),
        )
    return parents, level_values


def ancestors_at_level(regions: pd.DataFrame, level: int) -> pd.Series:
    """The ancestor at ``level`` of every region at or below it (a region at it is its own).

    Parameters
    ----------
    regions
        Parent table: indexed by region key, columns ``level`` and ``parent``.
    level
        The level to map to (0 is the coarsest, as in NUTS).

    Returns
    -------
    pandas.Series
        Indexed by region key, the key of its ancestor at ``level`` (named
        ``ancestor``). Regions coarser than ``level``, and regions whose chain of
        parents stops above it (a missing parent), are left out.

    Raises
    ------
    DataFormatError
        The table lacks ``level`` or ``parent``.
    DuplicateError
        A region key appears twice.
    InvalidInputError
        A level is not a number, or a parent is not at a coarser level than its child.

    Notes
    -----
    Follows parent links, not code prefixes, so it holds for any territorial
    hierarchy; for NUTS the two agree [1]_.

    References
    ----------
    .. [1] Regulation (EC) No 1059/2003 on the establishment of a common
       classification of territorial units for statistics (NUTS), Article 2
       (the three hierarchical levels, each unit subdivided into units of the
       next level), as amended by Delegated Regulation (EU) 2023/674 (NUTS 2024).

    Examples
    --------
    >>> regions = pd.DataFrame({"level": [0, 1, 2, 2], "parent": [None, 1, 2, 2]},
    ...                        index=pd.Index([1, 2, 3, 4], name="id"))
    >>> ancestors_at_level(regions, 1).to_dict()
    {2: 2, 3: 2, 4: 2}
    """
    parents, levels = _parent_positions(regions)
    current = np.arange(len(regions), dtype=np.intp)
    for _ in range(len(regions)):
        move = (levels[current] > level) & (parents[current] >= 0)
        if not move.any():
            break
        current = np.where(move, parents[current], current)
    keep = levels[current] == level
    return pd.Series(regions.index[current[keep]], index=regions.index[keep], name="ancestor")


def descendants(regions: pd.DataFrame, region: Hashable, *, include_self: bool = True) -> pd.Index:
    """The keys of every region below ``region`` in the hierarchy (and of itself by default).

    Parameters
    ----------
    regions
        Parent table: indexed by region key, columns ``level`` and ``parent``.
    region
        The key of the region whose territory is wanted.
    include_self
        Whether the region itself is in the result.

    Returns
    -------
    pandas.Index
        Region keys in the order of the table.

    Raises
    ------
    UnknownCodeError
        ``region`` is not in the table.

    Examples
    --------
    >>> regions = pd.DataFrame({"level": [0, 1, 2, 1], "parent": [None, "A", "A1", "A"]},
    ...                        index=["A", "A1", "A1x", "A2"])
    >>> list(descendants(regions, "A1"))
    ['A1', 'A1x']
    """
    parents, _ = _parent_positions(regions)
    if region not in regions.index:
        raise UnknownCodeError(
            "the region is not in the parent table",
            source="regions",
            field="region",
            value=_plain(region),
        )
    inside = np.zeros(len(regions), dtype=bool)
    inside[regions.index.get_loc(region)] = True
    while True:
        linked = parents >= 0
        grown = inside.copy()
        grown[linked] |= inside[parents[linked]]
        if (grown == inside).all():
            break
        inside = grown
    if not include_self:
        inside[regions.index.get_loc(region)] = False
    return regions.index[inside]


def roll_up(
    observations: pd.DataFrame, ancestors: pd.Series, *, region_column: str = "region"
) -> pd.DataFrame:
    """Sum a long table up the hierarchy into a (year, region) x category panel.

    Parameters
    ----------
    observations
        Long table with the columns ``region_column``, ``category``, ``year`` and
        ``value`` (finite numbers; leave missing values out beforehand).
    ancestors
        Region key -> the label of the region it counts towards, such as
        :func:`ancestors_at_level` mapped to codes. Observations of regions it
        does not list are left out.
    region_column
        The column of ``observations`` holding the region keys.

    Returns
    -------
    pandas.DataFrame
        float64 panel indexed by ``(year, region)`` with one column per
        category: every year by every region with data, 0 where nothing was
        observed, as the panels of :mod:`clustera.analytics` expect.

    Raises
    ------
    DataFormatError
        A column is missing.

    Examples
    --------
    >>> observations = pd.DataFrame({"region": [3, 4, 4], "category": ["c", "c", "d"],
    ...                              "year": [2020, 2020, 2021], "value": [1.0, 2.5, 4.0]})
    >>> panel = roll_up(observations, pd.Series({3: "X1", 4: "X1"}))
    >>> float(panel.loc[(2020, "X1"), "c"]), float(panel.loc[(2021, "X1"), "c"])
    (3.5, 0.0)
    """
    for column in (region_column, *_LONG_COLUMNS):
        if column not in observations.columns:
            raise DataFormatError(
                f"observations need the columns {region_column}, category, year and value",
                source="observations",
                field=column,
            )
    labels = observations[region_column].map(ancestors)
    kept = observations.assign(region=labels)[labels.notna()]
    panel = kept.pivot_table(
        index=["year", "region"], columns="category", values="value", aggfunc="sum", fill_value=0.0
    )
    years = panel.index.get_level_values(0).unique()
    codes = panel.index.get_level_values(1).unique()
    panel = panel.reindex(
        pd.MultiIndex.from_product([years, codes], names=["year", "region"]), fill_value=0.0
    )
    panel.columns.name = None
    return panel.astype(np.float64)
