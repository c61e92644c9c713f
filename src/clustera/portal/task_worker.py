"""The background-task worker, supervised: restarted when it dies, its abandoned jobs failed.

``clustera serve`` runs one ``db_worker`` process beside the web server. When that process
dies (``kill -9``, out of memory, ``database is locked`` at the wrong moment), a job it was
running stays RUNNING forever and nobody runs the next ones. The supervisor notices within a
second, marks every RUNNING job as FAILED with the reason (one worker runs at a time, so a
RUNNING job without a live worker is abandoned), and starts a new worker.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Sequence

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

#: Recorded as the exception of a job whose worker died under it.
ABANDONED_EXCEPTION = "clustera.portal.task_worker.WorkerDied"


def fail_abandoned_tasks(reason: str) -> int:
    """Mark every RUNNING job as FAILED with ``reason``; return how many there were."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=ABANDONED_EXCEPTION,
        traceback=reason,
    )


class WorkerSupervisor:
    """Keeps one worker process alive: starts it, restarts it when it exits, stops it."""

    def __init__(
        self,
        command: Sequence[str],
        env: dict[str, str] | None = None,
        on_restart: Callable[[str], object] = fail_abandoned_tasks,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
    ) -> None:
        self.command = list(command)
        self.env = env
        self.on_restart = on_restart
        self.poll_seconds = poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="task-worker", daemon=True)

    def start(self) -> None:
        """Fail the jobs a previous worker left RUNNING, then start the worker and watch it."""
        self.on_restart("the task worker was not running when the server started")
        self.process = self._spawn()
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop watching and terminate the worker (kill it after ``timeout`` seconds)."""
        self._stopping.set()
        self._thread.join(timeout=5)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command, env=self.env)  # noqa: S603 - our own command

    def _watch(self) -> None:
        backoff = self.poll_seconds
        while not self._stopping.wait(self.poll_seconds):
            assert self.process is not None
            code = self.process.poll()
            if code is None:
                backoff = self.poll_seconds
                continue
            self.on_restart(f"the task worker (pid {self.process.pid}) died with status {code}")
            time.sleep(min(backoff, self.max_backoff_seconds))
            backoff *= 2
            if not self._stopping.is_set():
                self.process = self._spawn()
                self.restarts += 1
