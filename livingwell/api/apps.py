from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "livingwell.api"
    label = "api"
    verbose_name = "API"
