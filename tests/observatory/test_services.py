"""Observatory use cases: scheduled recomputation follows a job to its end."""

from __future__ import annotations

import pytest

from clustera.observatory import models, services

pytestmark = pytest.mark.django_db


def test_a_scheduled_recompute_runs_its_job_to_done(world):
    # the test settings run tasks immediately, so the job is finished on return
    job = services.schedule_recompute(world["patents"])
    assert job.kind == "indicators" and job.parameters == {"dataset": world["patents"].pk}
    assert job.status == models.ResultStatus.DONE and job.progress == 1.0
    assert job.finished is not None and job.message.endswith("stored result(s)")


def test_finishing_a_job_stamps_the_time_and_progress_does_not(world):
    job = models.Job.objects.create(kind="report", title="t", parameters={})
    services.update_job(job.pk, status=models.ResultStatus.RUNNING, progress=0.5)
    job.refresh_from_db()
    assert job.finished is None and job.progress == 0.5
    services.update_job(job.pk, status=models.ResultStatus.FAILED, message="boom")
    job.refresh_from_db()
    assert job.finished is not None and job.message == "boom"
