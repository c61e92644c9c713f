from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_role_groups(using: str = "default", **_: Any) -> None:
    """The editor group may change every registry object in the admin; analysts read."""
    from django.contrib.auth.models import Group, Permission

    from clustera.accounts.models import ANALYST_GROUP, EDITOR_GROUP

    editor, _ = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    analyst, _ = Group.objects.using(using).get_or_create(name=ANALYST_GROUP)
    registry_perms = Permission.objects.using(using).filter(content_type__app_label="registry")
    editor.permissions.set(registry_perms)
    analyst.permissions.set(registry_perms.filter(codename__startswith="view_"))


class AccountsConfig(AppConfig):
    name = "clustera.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    # clustera.portal.periodic: (task, interval, kwargs)
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, Any]], ...] = (
        ("clustera.accounts.tasks.apply_retention", timedelta(days=1), {}),
    )

    def ready(self) -> None:
        post_migrate.connect(_ensure_role_groups, dispatch_uid="accounts_role_groups")
        from clustera.accounts import audit

        audit.connect()
