from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clustera.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
