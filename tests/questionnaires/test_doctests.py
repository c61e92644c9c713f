"""Run the questionnaires package's docstring examples (a pure package like those in
tests/test_doctests.py)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import clustera.questionnaires

_MODULES = [clustera.questionnaires.__name__] + [
    info.name
    for info in pkgutil.walk_packages(
        clustera.questionnaires.__path__, prefix="clustera.questionnaires."
    )
]


@pytest.mark.parametrize("module_name", _MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
