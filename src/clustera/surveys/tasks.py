"""Background tasks of surveys: deleting answers whose retention period has ended."""

from __future__ import annotations

from django_tasks import task

from clustera.surveys import gap_store, services


@task()
def purge_expired_responses() -> int:
    """Delete responses older than their survey's retention period."""
    return services.purge_expired()


@task()
def recompute_gaps() -> str:
    """Recompute the gap analysis when its inputs changed; return the fingerprint."""
    return gap_store.recompute_gaps().fingerprint
