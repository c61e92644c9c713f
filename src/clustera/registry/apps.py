from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegistryConfig(AppConfig):
    name = "clustera.registry"
    label = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from clustera.registry.search import ensure_search_index

        post_migrate.connect(ensure_search_index, sender=self, dispatch_uid="registry_search_index")
