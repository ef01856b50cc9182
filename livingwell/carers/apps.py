from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "livingwell.carers"
    label = "carers"
    verbose_name = "Carers"
