"""The one indicator registry: every entry documented, and the CLI's list is a view of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.analytics import INDICATORS, RELATEDNESS_METHODS
from clustera.analytics.relatedness import RelatednessMethod
from clustera.cli import main
from clustera.cli.analyse import INDICATORS as CLI_INDICATORS
from clustera.errors import InvalidInputError

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", list(INDICATORS))
def test_each_indicator_has_a_docs_page_naming_its_function(name):
    entry = INDICATORS[name]
    page = DOCS / entry.docs
    assert page.is_file(), entry.docs
    assert f"`{entry.function.__name__}" in page.read_text(encoding="utf-8")


def test_the_cli_list_is_the_registry():
    assert list(CLI_INDICATORS) == list(INDICATORS)
    assert all(CLI_INDICATORS[n][0] == INDICATORS[n].summary for n in INDICATORS)
    help_text = CliRunner().invoke(main, ["analyse", "--help"]).output
    assert all(method in help_text for method in RELATEDNESS_METHODS)


def test_slugs_are_unique_and_complexity_keeps_its_page_address():
    slugs = [entry.slug for entry in INDICATORS.values()]
    assert len(set(slugs)) == len(slugs)
    assert INDICATORS["complexity"].slug == "economic-complexity"
    assert INDICATORS["location-quotient"].slug == "location-quotient"


def test_relatedness_methods_are_the_type_of_the_method_argument():
    assert RELATEDNESS_METHODS == RelatednessMethod.__args__


def test_a_required_option_is_refused_by_name():
    X = pd.DataFrame([[1, 2], [3, 4]], index=["r1", "r2"], columns=["a", "b"])
    with pytest.raises(InvalidInputError, match="groups"):
        INDICATORS["variety"].compute(X)
    groups = pd.Series({"a": "G", "b": "G"})
    assert "related_variety" in INDICATORS["variety"].table(X, groups=groups).columns
