from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "livingwell.accounts"
    label = "accounts"
    verbose_name = "Organisations and staff"

    def ready(self) -> None:
        # Connects the receivers that audit and count every sign-in, whichever page it came through.
        from livingwell.accounts import signals  # noqa: F401
