"""The docstring examples of clustera.scheduling (the suite-wide doctest list does not name it)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import clustera.scheduling

MODULES = [
    "clustera.scheduling",
    *(
        info.name
        for info in pkgutil.walk_packages(clustera.scheduling.__path__, "clustera.scheduling.")
    ),
]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {module_name}"
