from datetime import timedelta

from django.apps import AppConfig


class PartneringConfig(AppConfig):
    name = "clustera.partnering"
    label = "partnering"
    verbose_name = "Partnering"
    #: Run by the portal's scheduler: offers expiring soon remind their admins to renew.
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, object]], ...] = (
        ("clustera.partnering.tasks.remind_expiring_offers", timedelta(hours=6), {}),
    )

    def ready(self) -> None:
        from clustera.accounts import services as account_services
        from clustera.partnering import model_store, services, tasks

        # Accounts (below this app) notify approvers in the app through partnering's table.
        account_services.set_notifier(services.notify_users)

        # A stale or missing model is refitted in the background, by the task.
        model_store.set_refit_enqueuer(tasks.refit_recommender.enqueue)
