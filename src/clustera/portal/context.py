"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """Site name, and whether the registry holds the synthetic demo world (shown as a banner)."""
    from clustera.registry.selectors import is_synthetic_world

    return {"site_name": "Clustera", "synthetic_world": is_synthetic_world()}
