from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "clustera.surveys"
    label = "surveys"
    verbose_name = "Surveys"
