from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "clustera.registry"
    label = "registry"
    verbose_name = "Registry"
