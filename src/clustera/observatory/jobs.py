"""Job bookkeeping: the progress rows that the background tasks write and the job page polls.

Its own module so that the services (which start tasks) and the tasks (which
report progress) both use it without importing each other.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clustera.observatory import models

__all__ = ["update_job"]


def update_job(job_id: int, **changes: Any) -> None:
    """Record a job's progress (a separate short write, visible to the polling page)."""
    if changes.get("status") in (models.ResultStatus.DONE, models.ResultStatus.FAILED):
        changes["finished"] = timezone.now()
    models.Job.objects.filter(pk=job_id).update(**changes)
