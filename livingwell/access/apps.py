from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "livingwell.access"
    label = "access"
    verbose_name = "The front door"
