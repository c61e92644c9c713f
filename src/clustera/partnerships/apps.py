from datetime import timedelta

from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "clustera.partnerships"
    label = "partnerships"
    verbose_name = "Strategic cluster partnerships"
    #: Run by the portal's scheduler (clustera.portal.periodic): the deadline (7 and 1 days)
    #: and roadmap due-date reminders, daily; the task records what it sent (idempotent).
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, object]], ...] = (
        ("clustera.partnerships.tasks.send_reminders", timedelta(days=1), {}),
    )

    def ready(self) -> None:
        from clustera.partnering import known
        from clustera.partnerships.past_partners import consortium_partners

        # the consortium partners of applications count as past partners in suggestions
        known.register_past_partner_source("partnerships", consortium_partners)
