from django.apps import AppConfig


class PartneringConfig(AppConfig):
    name = "clustera.partnering"
    label = "partnering"
    verbose_name = "Partnering"

    def ready(self) -> None:
        from clustera.partnering import model_store, tasks

        # A stale or missing model is refitted in the background, by the task.
        model_store.set_refit_enqueuer(tasks.refit_recommender.enqueue)
