"""Background tasks (django-tasks): recompute indicators, build assessment reports.

Each task follows a :class:`~clustera.observatory.models.Job` row, which it
updates with its progress so that the job page can show it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django_tasks import task

from clustera.observatory import models
from clustera.observatory.computing import compute_current, compute_dataset
from clustera.observatory.jobs import update_job

logger = logging.getLogger(__name__)


def _progress(job_id: int):  # type: ignore[no-untyped-def]
    def report(label: str, done: int, total: int) -> None:
        fraction = done / total if total else 0.0
        update_job(
            job_id,
            status=models.ResultStatus.RUNNING,
            message=label[:300],
            progress=min(max(fraction, 0.0), 0.99),
        )

    return report


@task()
def compute_indicators(job_id: int) -> int:
    """Recompute the stored indicators of the current datasets (or of one dataset)."""
    job = models.Job.objects.get(pk=job_id)
    update_job(job_id, status=models.ResultStatus.RUNNING, message="starting", progress=0.0)
    try:
        dataset_id = job.parameters.get("dataset")
        if dataset_id:
            results = compute_dataset(models.Dataset.objects.get(pk=dataset_id), _progress(job_id))
        else:
            results = compute_current(_progress(job_id))
    except Exception as error:
        logger.exception("indicator job %s failed", job_id)
        update_job(job_id, status=models.ResultStatus.FAILED, message=str(error)[:300])
        raise
    update_job(
        job_id,
        status=models.ResultStatus.DONE,
        progress=1.0,
        message=f"{len(results)} stored result(s)",
    )
    return len(results)


def _reader(user_id: Any) -> Any:
    """The user who asked for a report (what they may see goes into it), or ``None``."""
    from django.contrib.auth import get_user_model

    if not user_id:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


@task()
def build_report(job_id: int) -> str:
    """Write a region's assessment report (PDF or HTML) under MEDIA_ROOT/reports/."""
    from clustera.observatory.reports import write_report

    job = models.Job.objects.get(pk=job_id)
    code = str(job.parameters["region"])
    fmt = str(job.parameters.get("format", "pdf"))
    folder = Path(settings.MEDIA_ROOT) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"clustera-report-{code}-{job_id}.{fmt}"
    # the report is written in the language of the reader who asked for it
    language = str(job.parameters.get("language") or settings.LANGUAGE_CODE)
    try:
        with translation.override(language):
            write_report(
                code,
                fmt,
                folder / name,
                _progress(job_id),
                nuts_version=job.parameters.get("nuts_version"),
                reader=_reader(job.parameters.get("reader")),
            )
    except Exception as error:
        logger.exception("report job %s failed", job_id)
        update_job(job_id, status=models.ResultStatus.FAILED, message=str(error)[:300])
        raise
    update_job(
        job_id,
        status=models.ResultStatus.DONE,
        progress=1.0,
        message="ready",
        output=f"reports/{name}",
    )
    return name
