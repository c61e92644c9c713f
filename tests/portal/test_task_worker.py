"""The task worker is supervised: a killed worker is restarted and its running job failed."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clustera.portal.task_worker import ABANDONED_EXCEPTION, WorkerSupervisor, fail_abandoned_tasks


def _job(status: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="clustera.observatory.tasks.example",
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.django_db
def test_a_job_left_running_is_failed_with_the_reason_and_others_are_left_alone():
    running, ready = _job(TaskResultStatus.RUNNING), _job(TaskResultStatus.READY)
    assert fail_abandoned_tasks("the worker died with status -9") == 1
    running.refresh_from_db()
    ready.refresh_from_db()
    assert running.status == TaskResultStatus.FAILED
    assert running.exception_class_path == ABANDONED_EXCEPTION
    assert "status -9" in running.traceback and running.finished_at is not None
    assert ready.status == TaskResultStatus.READY


def test_a_worker_killed_with_sigkill_is_restarted_and_its_jobs_failed():
    reasons: list[str] = []
    supervisor = WorkerSupervisor(
        [sys.executable, "-c", "import time; time.sleep(120)"],
        on_restart=reasons.append,
        poll_seconds=0.1,
    )
    supervisor.start()
    try:
        first = supervisor.process
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while supervisor.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert supervisor.restarts == 1
        assert supervisor.process is not None and supervisor.process.pid != first.pid
        assert supervisor.process.poll() is None
        assert any(f"pid {first.pid}" in r and "-9" in r for r in reasons)
    finally:
        supervisor.stop(timeout=5)
    assert supervisor.process.poll() is not None
