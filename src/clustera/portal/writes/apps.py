"""Start the page cache's write watcher when Django starts (see the package's docstring)."""

from __future__ import annotations

from django.apps import AppConfig


class WritesConfig(AppConfig):
    name = "clustera.portal.writes"
    label = "clustera_writes"
    verbose_name = "Page cache write watcher"

    def ready(self) -> None:
        from clustera.portal.page_cache import listen_for_writes

        listen_for_writes()
