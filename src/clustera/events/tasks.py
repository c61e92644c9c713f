"""Background tasks of events: scheduling meetings, expiring and reminding requests.

The tasks import the use cases they run; ``meeting_plan`` receives ``schedule_event.enqueue``
from ``EventsConfig.ready``, so there is no import cycle.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from clustera.events import meeting_plan, services


@task()
def schedule_event(event_id: int, mode: str = "all", time_limit: float = 10.0) -> dict[str, Any]:
    """Run "Schedule all" or "Re-plan" for an event within ``time_limit`` seconds."""
    return meeting_plan.run_schedule(event_id, mode, time_limit)


@task()
def expire_requests() -> dict[str, int]:
    """Expire unanswered meeting requests and remind receivers (idempotent; run it hourly)."""
    return services.expire_requests()


@task()
def remind_meetings() -> dict[str, int]:
    """A day before each event, remind its participants of their meetings (once; run hourly)."""
    return services.remind_meetings()
