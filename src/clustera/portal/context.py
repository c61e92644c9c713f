"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """Site name and navigation for the base template."""
    return {"site_name": "Clustera"}
