from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ContentConfig(AppConfig):
    name = "clustera.content"
    label = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        from clustera.content.search import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="content_search_index")
