from datetime import timedelta

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "clustera.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    # run by the portal's scheduler: answers past their survey's retention period are deleted
    periodic_tasks: tuple[tuple[str, timedelta, dict[str, object]], ...] = (
        ("clustera.surveys.tasks.purge_expired_responses", timedelta(days=1), {}),
    )

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from clustera.observatory.reports import register_report_section
        from clustera.registry.models import Offer, Organisation, Service
        from clustera.surveys import gap_report, gap_store, tasks
        from clustera.surveys.models import Response

        # Answers, technology requests and centre services changing ask for a recomputation
        # (coalesced); pages showing a stale analysis ask too.
        gap_store.set_recompute_enqueuer(tasks.recompute_gaps.enqueue, tasks.recompute_pending)
        for model in (Service, Offer, Organisation):
            post_save.connect(_inputs_changed, sender=model, dispatch_uid=f"gaps-{model.__name__}")
            post_delete.connect(
                _inputs_changed, sender=model, dispatch_uid=f"gaps-d-{model.__name__}"
            )
        m2m_changed.connect(
            _inputs_changed, sender=Offer.technologies.through, dispatch_uid="gaps-offer-tech"
        )
        # A response's uploaded files go with it (erasure, retention purge, deleted survey).
        post_delete.connect(_response_deleted, sender=Response, dispatch_uid="survey-files")
        # The region report (observatory) gets the gap section without importing surveys.
        register_report_section("gaps", gap_report.region_section)


def _inputs_changed(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
    from clustera.surveys import gap_store

    if sender.__name__ == "Offer" and getattr(instance, "kind", "") != "technology_request":
        return  # other offers are no demand
    gap_store.request_recompute_on_commit()


def _response_deleted(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
    from clustera.surveys import uploads

    uploads.delete_response_files(instance.pk)
