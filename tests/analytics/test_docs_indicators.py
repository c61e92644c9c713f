"""Every indicator page runs its example and checks its number; every public name is documented."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import clustera.analytics

DOCS = Path(__file__).resolve().parents[2] / "docs" / "indicators"
PAGES = sorted(path for path in DOCS.glob("*.md") if path.name != "index.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_page_example_runs_and_checks_a_number(page):
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted > 0, f"{page.name} has no example"
    assert result.failed == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.stem)
def test_page_has_formula_conventions_and_references(page):
    text = page.read_text()
    for heading in ("## Formula", "## Conventions", "## Example", "## References"):
        assert heading in text, f"{page.name} lacks {heading}"


def test_every_public_function_has_a_page():
    text = "\n".join(page.read_text() for page in DOCS.glob("*.md"))
    functions = [name for name in clustera.analytics.__all__ if name[0].islower()]
    missing = [name for name in functions if f"`{name}" not in text]
    assert not missing, missing
