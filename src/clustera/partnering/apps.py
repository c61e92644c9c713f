from django.apps import AppConfig


class PartneringConfig(AppConfig):
    name = "clustera.partnering"
    label = "partnering"
    verbose_name = "Partnering"
