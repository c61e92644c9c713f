from django.apps import AppConfig


class PartneringConfig(AppConfig):
    name = "clustera.partnering"
    label = "partnering"
    verbose_name = "Partnering"

    def ready(self) -> None:
        from clustera.accounts import services as account_services
        from clustera.partnering import model_store, services, tasks

        # Accounts (below this app) notify approvers in the app through partnering's table.
        account_services.set_notifier(services.notify_users)

        # A stale or missing model is refitted in the background, by the task.
        model_store.set_refit_enqueuer(tasks.refit_recommender.enqueue)
