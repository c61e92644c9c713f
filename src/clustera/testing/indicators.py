"""``check_indicator``: the contract every indicator of Clustera keeps, as a test suite.

In the spirit of scikit-learn's ``check_estimator``: an indicator (a registry
:class:`~clustera.analytics.Indicator`, or a plain function of a labelled table)
is run on small tables made for each rule, and the first broken rule fails with
an ``AssertionError`` that names the indicator and the rule.

The rules, from the design notes:

* it takes a labelled table, regions x activities or (year, region) x activities;
* it returns labelled pandas objects that keep the keys (regions, activities, years);
* it does not change its input;
* empty regions and activities come out as NaN, never 0;
* it does not round;
* it refuses negative and non-numeric counts with a :mod:`clustera.errors` type that
  names the value;
* its function has a numpydoc docstring with References and an example.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from clustera.analytics.indicators import Indicator
from clustera.errors import InvalidInputError

__all__ = ["check_indicator", "indicator_checks", "panel_table", "wide_table"]

Options = Mapping[str, Any]

_EMPTY_REGION = "r6"
_EMPTY_ACTIVITY = "e"
_YEARS = (2020, 2021)
# Prime-valued counts make ratios with long decimal expansions, so rounding shows; their
# presence network is connected, so complexity is meaningful on them.
_COUNTS = [
    [0, 5, 31, 1, 0],
    [29, 0, 5, 19, 0],
    [7, 29, 31, 5, 0],
    [11, 3, 19, 0, 0],
    [29, 0, 31, 31, 0],
    [0, 0, 0, 0, 0],
]


def wide_table() -> pd.DataFrame:
    """Regions r1-r6 x activities a-e, with an empty region (r6) and an empty activity (e).

    >>> wide_table().sum(axis=1).loc["r6"], wide_table()["e"].sum()
    (np.float64(0.0), np.float64(0.0))
    """
    return pd.DataFrame(
        _COUNTS,
        index=pd.Index([f"r{i}" for i in range(1, 7)], name="region"),
        columns=pd.Index(list("abcde"), name="activity"),
        dtype=float,
    )


def panel_table() -> pd.DataFrame:
    """The wide table for two years, indexed by (year, region)."""
    first = wide_table()
    second = first * 2 + (first > 0)
    return pd.concat({_YEARS[0]: first, _YEARS[1]: second}, names=["year"])


def _as_indicator(
    candidate: Indicator | Callable[..., Any], options: Options
) -> tuple[Indicator, Options]:
    """A registry entry and the options to compute it with; a plain function keeps its own."""
    if isinstance(candidate, Indicator):
        return candidate, options
    if not callable(candidate):
        raise TypeError(f"expected an Indicator or a function, got {type(candidate).__name__}")
    name = getattr(candidate, "__name__", repr(candidate))

    def apply(X: pd.DataFrame, _: Options) -> Any:
        return candidate(X, **options)

    return Indicator(name, name, "", "", candidate, apply, _first_table), {}


def _first_table(result: Any) -> pd.DataFrame | pd.Series:
    return _tables(result)[0]


def _tables(result: Any) -> list[pd.DataFrame | pd.Series]:
    """The labelled pandas objects of a result: itself, or the fields of a result dataclass."""
    if isinstance(result, pd.DataFrame | pd.Series):
        return [result]
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        found = [
            value
            for value in (getattr(result, f.name) for f in dataclasses.fields(result))
            if isinstance(value, pd.DataFrame | pd.Series)
        ]
        if found:
            return found
    raise AssertionError(
        f"returns {type(result).__name__}, not labelled pandas objects (a DataFrame, a Series "
        "or a dataclass holding them)"
    )


def _labels(table: pd.DataFrame | pd.Series) -> set[Any]:
    """Every key a table carries: index values, column labels and text/number key columns."""
    found: set[Any] = set()
    for level in range(table.index.nlevels):
        found.update(table.index.get_level_values(level))
    if isinstance(table, pd.DataFrame):
        found.update(table.columns)
        for column in table.columns:
            if not pd.api.types.is_float_dtype(table[column]):
                found.update(table[column].dropna().unique())
    return found


def _numeric(table: pd.DataFrame | pd.Series) -> pd.DataFrame:
    frame = table.to_frame() if isinstance(table, pd.Series) else table
    return frame.select_dtypes(include="number").astype(float)


def _run(indicator: Indicator, table: pd.DataFrame, options: Options) -> Any:
    return indicator.compute(table, **options)


def check_docstring(indicator: Indicator, options: Options) -> None:
    """The function has a numpydoc docstring with a References section and an example."""
    text = indicator.function.__doc__ or ""
    for section in ("References", "Examples"):
        underline = "-" * len(section)
        lines = [line.strip() for line in text.splitlines()]
        present = any(
            line == section and index + 1 < len(lines) and lines[index + 1].startswith(underline)
            for index, line in enumerate(lines)
        )
        assert present, f"its docstring has no numpydoc {section!r} section"
    assert ">>>" in text, "its docstring has no runnable example (>>>)"


def check_keeps_keys(indicator: Indicator, options: Options) -> None:
    """A regions x activities table gives labelled output keyed by its regions or activities."""
    result = _run(indicator, wide_table(), options)
    regions = {f"r{i}" for i in range(1, 6)}
    activities = set("abcd")
    for table in _tables(result):
        labels = _labels(table)
        if regions <= labels or activities <= labels:
            break
    else:
        raise AssertionError("its output is not keyed by the input's regions or activities")
    written = indicator.tabulate(result)
    assert isinstance(written, pd.DataFrame | pd.Series), "its table is not a DataFrame or Series"


def check_keeps_years(indicator: Indicator, options: Options) -> None:
    """A (year, region) x activities panel gives output that keeps the years."""
    result = _run(indicator, panel_table(), options)
    assert any(set(_YEARS) <= _labels(table) for table in _tables(result)), (
        "its output on a (year, region) panel has lost the years"
    )


def check_does_not_mutate(indicator: Indicator, options: Options) -> None:
    """The input table is unchanged after the call (values, labels and dtypes)."""
    table = panel_table()
    before = table.copy(deep=True)
    _run(indicator, table, options)
    try:
        pd.testing.assert_frame_equal(table, before, check_exact=True)
    except AssertionError as error:
        raise AssertionError(f"it changed its input table: {error}") from None


def check_masks_empty(indicator: Indicator, options: Options) -> None:
    """An empty region and an empty activity come out as NaN (or not at all), never as 0.

    An indicator that counts (``Indicator.counts``) may give them 0, never more.
    """
    for table in _tables(_run(indicator, wide_table(), options)):
        numeric = _numeric(table)
        cells: list[tuple[str, pd.Series]] = []
        for level in range(numeric.index.nlevels):
            keys = numeric.index.get_level_values(level)
            for empty in (_EMPTY_REGION, _EMPTY_ACTIVITY):
                kind = "region" if empty == _EMPTY_REGION else "activity"
                stacked = pd.Series(numeric[keys == empty].stack(future_stack=True))
                cells.append((f"the empty {kind} {empty!r}", stacked))
        if _EMPTY_ACTIVITY in numeric.columns:
            column = pd.Series(numeric[_EMPTY_ACTIVITY])
            cells.append((f"the empty activity {_EMPTY_ACTIVITY!r}", column))
        for what, values in cells:
            given = values.dropna()
            if indicator.counts:
                given = given[given != 0]
            allowed = "0 or NaN" if indicator.counts else "NaN"
            assert given.empty, (
                f"{what} gets values instead of {allowed}: {dict(list(given.items())[:4])}"
            )


def check_not_rounded(indicator: Indicator, options: Options) -> None:
    """Fractional results keep full float64 precision (rounding belongs to formatters)."""
    values = np.concatenate(
        [_numeric(t).to_numpy().ravel() for t in _tables(_run(indicator, wide_table(), options))]
    )
    values = values[np.isfinite(values)]
    fractional = values[values != np.round(values)]
    if fractional.size:
        rounded = np.all(np.abs(fractional - np.round(fractional, 6)) < 1e-12)
        assert not rounded, f"its results look rounded to 6 decimals or fewer: {fractional[:5]}"


def _refuses(indicator: Indicator, table: pd.DataFrame, options: Options, shown: str) -> None:
    try:
        _run(indicator, table, options)
    except InvalidInputError as error:
        assert shown in str(error), f"its error does not name the value {shown}: {error}"
        return
    except Exception as error:  # noqa: BLE001 - the rule is about the type raised
        raise AssertionError(
            f"it raised {type(error).__name__} ({error}), not a clustera.errors type"
        ) from None
    raise AssertionError(f"it accepted the count {shown} without an error")


def check_refuses_negative(indicator: Indicator, options: Options) -> None:
    """A negative count raises a clustera.errors type that names the value."""
    table = wide_table()
    table.loc["r2", "b"] = -7.0
    _refuses(indicator, table, options, "-7")


def check_refuses_non_numeric(indicator: Indicator, options: Options) -> None:
    """A non-numeric cell raises a clustera.errors type that names the value."""
    table = wide_table().astype(object)
    table.loc["r2", "b"] = "x7"
    _refuses(indicator, table, options, "'x7'")


_CHECKS: tuple[Callable[[Indicator, Options], None], ...] = (
    check_docstring,
    check_keeps_keys,
    check_keeps_years,
    check_does_not_mutate,
    check_masks_empty,
    check_not_rounded,
    check_refuses_negative,
    check_refuses_non_numeric,
)


def indicator_checks(
    indicator: Indicator | Callable[..., Any], *, options: Options | None = None
) -> Iterator[tuple[str, Callable[[], None]]]:
    """Each check of :func:`check_indicator` as (rule name, zero-argument callable), for pytest.

    >>> from clustera.analytics import INDICATORS
    >>> [name for name, _ in indicator_checks(INDICATORS["location-quotient"])][:2]
    ['check_docstring', 'check_keeps_keys']
    """
    entry, chosen = _as_indicator(indicator, options or {})
    for check in _CHECKS:
        yield check.__name__, _bound(check, entry, chosen)


def _bound(
    check: Callable[[Indicator, Options], None], entry: Indicator, options: Options
) -> Callable[[], None]:
    def run() -> None:
        try:
            check(entry, options)
        except AssertionError as error:
            raise AssertionError(f"indicator {entry.name!r}, {check.__name__}: {error}") from None

    return run


def check_indicator(
    indicator: Indicator | Callable[..., Any], *, options: Options | None = None
) -> None:
    """Check that an indicator keeps Clustera's indicator contract.

    Parameters
    ----------
    indicator : Indicator or callable
        A registry entry, or a function of a labelled table (``f(X)``) returning a
        DataFrame, a Series or a dataclass holding them.
    options : mapping, optional
        Options for the computation (e.g. ``{"groups": ...}`` for variety).

    Raises
    ------
    AssertionError
        At the first broken rule, naming the indicator and the rule.

    References
    ----------
    Buitinck, L., et al. (2013). API design for machine learning software: experiences
    from the scikit-learn project. *ECML PKDD Workshop*, arXiv:1309.0238 (``check_estimator``).

    Examples
    --------
    >>> from clustera.analytics import INDICATORS
    >>> check_indicator(INDICATORS["location-quotient"])
    >>> def shares(X):
    ...     '''Shares of each region, rounded (against the rules).'''
    ...     return (X.T / X.sum(axis=1)).T.round(2)
    >>> check_indicator(shares)
    Traceback (most recent call last):
    AssertionError: indicator 'shares', check_docstring: its docstring has no numpydoc 'References' section
    """
    for _, check in indicator_checks(indicator, options=options):
        check()
