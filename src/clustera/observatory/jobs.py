"""Job bookkeeping: the progress rows that the background tasks write and the job page polls.

Its own module so that the services (which start tasks) and the tasks (which
report progress) both use it without importing each other.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from clustera.observatory import models

__all__ = ["anonymous_refusal", "update_job"]


def update_job(job_id: int, **changes: Any) -> None:
    """Record a job's progress (a separate short write, visible to the polling page)."""
    if changes.get("status") in (models.ResultStatus.DONE, models.ResultStatus.FAILED):
        changes["finished"] = timezone.now()
    models.Job.objects.filter(pk=job_id).update(**changes)


#: Statuses of a job that still holds a place in the queue.
QUEUED = (models.ResultStatus.PENDING, models.ResultStatus.RUNNING)


def anonymous_refusal(client: str) -> tuple[str, int] | None:
    """Why a visitor who is not signed in may not start another job now, and when to retry.

    Visitors' jobs carry ``parameters["anonymous_client"]`` (a pseudonym of their address).
    Refused when ``CLUSTERA_ANON_JOBS_QUEUED`` visitors' jobs already wait or run, or when
    this visitor started ``CLUSTERA_ANON_JOBS_PER_HOUR`` in the last hour. None: allowed.
    """
    from django.conf import settings
    from django.utils.translation import gettext

    visitors = models.Job.objects.filter(parameters__has_key="anonymous_client")
    if visitors.filter(status__in=QUEUED).count() >= settings.CLUSTERA_ANON_JOBS_QUEUED:
        return (
            gettext(
                "Too many reports are being prepared for visitors right now. "
                "Try again in a minute, or sign in."
            ),
            60,
        )
    hour_ago = timezone.now() - timedelta(hours=1)
    recent = visitors.filter(parameters__anonymous_client=client, created__gte=hour_ago)
    if recent.count() >= settings.CLUSTERA_ANON_JOBS_PER_HOUR:
        oldest = recent.order_by("created").values_list("created", flat=True).first()
        wait = (oldest - hour_ago).total_seconds() if oldest else 3600
        return (
            gettext(
                "You have started %(count)d reports in the last hour, the most a visitor may. "
                "Try again later, or sign in."
            )
            % {"count": settings.CLUSTERA_ANON_JOBS_PER_HOUR},
            max(1, int(wait) + 1),
        )
    return None
