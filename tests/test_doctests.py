"""Run the docstring examples of the pure packages: every documented number is checked."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

_PURE = (
    "errors",
    "regions",
    "taxonomies",
    "analytics",
    "io",
    "matching",
    "synth",
    "aggregation",
    "questionnaires",
    "scheduling",
    "programmes",
)


def _modules() -> list[str]:
    names = []
    for pure in _PURE:
        try:
            package = importlib.import_module(f"clustera.{pure}")
        except ModuleNotFoundError:
            continue
        names.append(package.__name__)
        if hasattr(package, "__path__"):
            for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
                names.append(info.name)
    return names


@pytest.mark.parametrize("module_name", _modules())
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {module_name}"
