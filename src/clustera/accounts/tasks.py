"""Background tasks of accounts: the daily retention of unverified accounts and audit entries."""

from __future__ import annotations

from django_tasks import task

from clustera.accounts import services


@task()
def apply_retention() -> dict[str, int]:
    """Delete never-verified accounts and audit entries past their retention period."""
    return services.apply_retention()
