from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "livingwell.accounts"
    label = "accounts"
    verbose_name = "Organisations and staff"
