from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "livingwell.demo"
    label = "demo"
    verbose_name = "The demo borough"
