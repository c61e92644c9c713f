"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """Site name, and whether the registry holds the synthetic demo world (shown as a banner)."""
    from clustera.partnering.selectors import unread_count
    from clustera.registry.selectors import is_synthetic_world

    unread = unread_count(getattr(request, "user", None))
    return {
        "site_name": "Clustera",
        "synthetic_world": is_synthetic_world(),
        "unread_notifications": unread,
    }
