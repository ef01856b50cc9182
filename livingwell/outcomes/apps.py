from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "livingwell.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        # Register the permissions before any page asks for them (the header's links do).
        from livingwell.outcomes import rules  # noqa: F401
