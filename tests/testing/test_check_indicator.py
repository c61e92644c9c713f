"""``check_indicator``: every built-in indicator keeps the contract; each broken rule is caught."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import INDICATORS, location_quotient
from clustera.errors import InvalidInputError
from clustera.testing import check_indicator

GROUPS = pd.Series({"a": "G1", "b": "G1", "c": "G2", "d": "G2", "e": "G2"})
KNOWN_FAILURES: dict[str, str] = {}  # none: every built-in indicator keeps the contract
DOCSTRING = """Location quotients of a regions x activities table.

References
----------
Balassa, B. (1965). Trade liberalisation and revealed comparative advantage.

Examples
--------
>>> import pandas as pd
>>> round(float(good(pd.DataFrame([[1, 3], [2, 2]])).iloc[0, 0]), 4)
0.5625
"""


CASES = [
    pytest.param(
        name,
        marks=pytest.mark.xfail(reason=KNOWN_FAILURES[name], strict=True, raises=AssertionError)
        if name in KNOWN_FAILURES
        else (),
    )
    for name in INDICATORS
]


@pytest.mark.parametrize("name", CASES)
def test_builtin_indicator_keeps_the_contract(name):
    check_indicator(INDICATORS[name], options={"groups": GROUPS} if name == "variety" else None)


def _as_count(function):
    from clustera.analytics.indicators import Indicator

    documented(function)
    return Indicator(
        "x", "X", "x", "indicators/x.md", function, lambda X, o: function(X), counts=True
    )


def test_a_count_may_be_zero_where_nothing_is_present_but_never_more():
    _as_count(_zero_filled)  # LQ filled with 0: a ratio would fail, a count passes
    check_indicator(_as_count(_zero_filled))

    def one_everywhere(X):
        return location_quotient(X).notna().astype(float) + location_quotient(X).isna()

    with pytest.raises(AssertionError, match="check_masks_empty.*instead of 0 or NaN"):
        check_indicator(_as_count(one_everywhere))


def documented(function):
    function.__doc__ = DOCSTRING
    return function


@documented
def good(X):
    return location_quotient(X)


def test_a_documented_wrapper_of_a_builtin_passes():
    check_indicator(good)


def _rounded(X):
    return location_quotient(X).round(3)


def _zero_filled(X):
    return location_quotient(X).fillna(0.0)


def _mutating(X):
    result = location_quotient(X)
    X.iloc[0, 0] = 99.0
    return result


def _bare_array(X):
    location_quotient(X)
    return np.zeros((2, 2))


def _relabelled(X):
    return location_quotient(X).reset_index(drop=True).T.reset_index(drop=True).T


def _years_dropped(X):
    result = location_quotient(X)
    return result.groupby(level="region").mean() if "year" in result.index.names else result


def _unchecked(X):
    numeric = X.apply(pd.to_numeric, errors="coerce")
    return numeric.div(numeric.sum(axis=1), axis=0).replace(0.0, np.nan)


def _plain_value_error(X):
    if (X.apply(pd.to_numeric, errors="coerce") < 0).any().any():
        raise ValueError("negative")
    return location_quotient(X)


def _value_not_named(X):
    try:
        return location_quotient(X)
    except InvalidInputError as error:
        raise InvalidInputError("bad count") from error


BROKEN = [
    (_rounded, "check_not_rounded"),
    (_zero_filled, "check_masks_empty"),
    (_mutating, "check_does_not_mutate"),
    (_bare_array, "check_keeps_keys"),
    (_relabelled, "check_keeps_keys"),
    (_years_dropped, "check_keeps_years"),
    (_unchecked, "check_refuses_negative"),
    (_plain_value_error, "check_refuses_negative"),
    (_value_not_named, "check_refuses_negative"),
]


@pytest.mark.parametrize(("function", "rule"), BROKEN, ids=[f.__name__ for f, _ in BROKEN])
def test_a_broken_indicator_fails_the_rule_it_breaks(function, rule):
    with pytest.raises(AssertionError, match=rule):
        check_indicator(documented(function))


def test_an_undocumented_indicator_fails_the_docstring_rule():
    def bare(X):
        return location_quotient(X)

    with pytest.raises(AssertionError, match="check_docstring.*References"):
        check_indicator(bare)


def test_a_docstring_without_an_example_fails():
    def no_example(X):
        return location_quotient(X)

    no_example.__doc__ = DOCSTRING.split("Examples")[0]
    with pytest.raises(AssertionError, match="'Examples'"):
        check_indicator(no_example)


def test_non_numeric_cells_must_be_refused_by_name():
    def numbers_only(X):
        return location_quotient(X.apply(pd.to_numeric, errors="coerce").fillna(1.0))

    with pytest.raises(AssertionError, match="check_refuses_non_numeric.*'x7'"):
        check_indicator(documented(numbers_only))


def test_importing_clustera_testing_does_not_import_django():
    code = "import sys, clustera.testing; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
