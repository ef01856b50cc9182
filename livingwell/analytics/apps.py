from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "livingwell.analytics"
    label = "analytics"
