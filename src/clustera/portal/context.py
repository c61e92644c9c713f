"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """Site name, and whether the registry holds the synthetic demo world (shown as a banner)."""
    from clustera.registry.selectors import is_synthetic_world

    unread = 0
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        from clustera.partnering.models import Notification

        unread = Notification.objects.filter(user=request.user, read=False).count()
    return {
        "site_name": "Clustera",
        "synthetic_world": is_synthetic_world(),
        "unread_notifications": unread,
    }
