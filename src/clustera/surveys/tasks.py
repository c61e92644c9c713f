"""Background tasks of surveys: deleting answers whose retention period has ended (daily, see
``SurveysConfig.periodic_tasks``) and recomputing the gap analysis."""

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


def recompute_pending() -> bool:
    """Whether a ``recompute_gaps`` job is waiting in the database queue (not yet started)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[recompute_gaps.backend], DatabaseBackend):
        return False  # the immediate backend (tests) has no queue: the job ran already
    return DBTaskResult.objects.filter(
        task_path=recompute_gaps.module_path, status="READY"
    ).exists()
