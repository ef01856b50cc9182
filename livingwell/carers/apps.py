"""Carers: their own record, consent and contact details, the people they care for, and their own needs."""

from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "livingwell.carers"
    label = "carers"
    verbose_name = "Carers"

    def ready(self) -> None:
        """Let the own view's one-time-code sign-in find carers (livingwell.mine.signin)."""
        from livingwell.carers.signin import find_carers
        from livingwell.mine.signin import register_finder

        register_finder("carer", find_carers)
