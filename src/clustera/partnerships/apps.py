from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "clustera.partnerships"
    label = "partnerships"
    verbose_name = "Strategic cluster partnerships"
