"""The one way tests and benchmarks find the real data samples in ``../shared``.

``../shared`` sits beside the project checkout on developer and CI machines. It
is never copied into the project; where it is absent, tests skip with a clear
message and benchmarks stop with one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["shared_dir", "require_shared"]

_PROJECT_ROOT = Path(__file__).resolve().parents[3]


def shared_dir() -> Path | None:
    """Return the ``shared`` folder (``$CLUSTERA_SHARED_DIR`` or ``../shared``), or None."""
    env = os.environ.get("CLUSTERA_SHARED_DIR")
    candidates = [Path(env)] if env else []
    candidates += [_PROJECT_ROOT.parent / "shared", Path.cwd().parent / "shared"]
    for candidate in candidates:
        if (candidate / "DESIGN.md").is_file() or (candidate / "data").is_dir():
            return candidate.resolve()
    return None


def require_shared(*parts: str) -> Path:
    """Return a path inside ``shared``; skip the test (or exit the benchmark) when it is absent."""
    base = shared_dir()
    path = base.joinpath(*parts) if base is not None else None
    if path is None or not path.exists():
        message = (
            f"../shared/{'/'.join(parts)} is not available: it lies beside the project "
            "checkout on developer and CI machines (set CLUSTERA_SHARED_DIR to point elsewhere)"
        )
        if "pytest" in sys.modules:
            import pytest

            pytest.skip(message)
        raise SystemExit(message)
    return path
