"""Start Django for CLI commands that need the database."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django with the deployment settings (or $DJANGO_SETTINGS_MODULE)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clustera.portal.settings.base")
    import django

    django.setup()
