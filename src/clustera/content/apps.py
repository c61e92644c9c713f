from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentConfig(AppConfig):
    name = "clustera.content"
    label = "content"
    verbose_name = "Content"
    # Run by the portal's scheduler (clustera.portal.periodic); every task is idempotent.
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, Any]], ...] = (
        ("clustera.content.tasks.import_registered_feeds", timedelta(hours=1), {}),
        ("clustera.content.tasks.send_digests", timedelta(days=1), {"period": "daily"}),
        ("clustera.content.tasks.send_digests", timedelta(weeks=1), {"period": "weekly"}),
        ("clustera.content.tasks.notify_due_items", timedelta(minutes=10), {}),
    )

    def ready(self) -> None:
        from clustera.content.search import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="content_search_index")
