from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "livingwell.pathway"
    label = "pathway"
    verbose_name = "Pathway model"
