from datetime import timedelta
from typing import Any

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "clustera.events"
    label = "events"
    verbose_name = "Events"
    # run by clustera.portal.periodic: both tasks are idempotent
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, Any]], ...] = (
        ("clustera.events.tasks.expire_requests", timedelta(hours=1), {}),
        ("clustera.events.tasks.remind_meetings", timedelta(hours=1), {}),
    )

    def ready(self) -> None:
        from clustera.events import meeting_plan, tasks

        # "Schedule all" runs in the background, by the task (no services -> tasks import).
        meeting_plan.set_schedule_enqueuer(tasks.schedule_event.enqueue)
