from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "clustera.observatory"
    label = "observatory"
    verbose_name = "Observatory"
