from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "clustera.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from clustera.surveys import gap_store, tasks

        # Pages showing a stale gap analysis ask for a recomputation in the background.
        gap_store.set_recompute_enqueuer(tasks.recompute_gaps.enqueue)
