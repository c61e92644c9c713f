from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "clustera.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from clustera.events import meeting_plan, tasks

        # "Schedule all" runs in the background, by the task (no services -> tasks import).
        meeting_plan.set_schedule_enqueuer(tasks.schedule_event.enqueue)
