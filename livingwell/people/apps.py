from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "livingwell.people"
    label = "people"
    verbose_name = "People"
