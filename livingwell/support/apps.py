from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "livingwell.support"
    label = "support"
    verbose_name = "Episodes of support"
