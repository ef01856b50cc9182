from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "livingwell.together"
    label = "together"
    verbose_name = "Working together"
