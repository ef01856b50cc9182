from django.apps import AppConfig


class MineConfig(AppConfig):
    name = "livingwell.mine"
    label = "mine"
    verbose_name = "A person's own view of their support"
