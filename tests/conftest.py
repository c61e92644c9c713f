"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustera.testing import require_shared


@pytest.fixture
def shared():
    """Return a function giving a path inside ../shared, skipping when it is absent."""
    return require_shared


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    return tmp_path
