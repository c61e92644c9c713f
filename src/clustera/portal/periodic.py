"""Periodic jobs: every app declares its own, one scheduler enqueues them when they are due.

An app lists its periodic jobs on its ``AppConfig``::

    class EventsConfig(AppConfig):
        periodic_tasks = (("clustera.events.tasks.expire_requests", timedelta(hours=1), {}),)

each a ``(dotted path of a django_tasks @task, interval, keyword arguments)`` triple. The site
collects them here, so no app imports another to be scheduled (ADR 0002) and the portal's one
scheduler knows every job.

**When a job is due.** A job is due when no job of the same task with the same arguments was
enqueued within its interval. The record of what was enqueued is the task backend's own table
(``django_tasks_db``'s ``DBTaskResult``), so there is no second bookkeeping to drift from the
truth, a restart does not re-run everything at once, and a backup restores it with the rest.
With a backend that stores nothing (the immediate backend of the tests) every tick finds every
job due.

**Who ticks.** ``clustera serve`` runs ``clustera tasks scheduler`` (a :class:`PeriodicScheduler`
in its own supervised process) beside the task worker; a deployment that runs several app processes runs ``clustera tasks tick`` from
cron instead, or leaves the scheduler on in one process only. Two ticks racing may both enqueue a
job: every periodic task is idempotent (declaring one is a promise that running it twice in a row
is harmless), so this costs a little work, never a double e-mail or a lost row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

logger = logging.getLogger(__name__)

#: How often the scheduler thread looks for due jobs.
TICK_SECONDS = 60.0


@dataclass(frozen=True)
class PeriodicJob:
    """One declared periodic job: a task, how often, with which keyword arguments."""

    app_label: str
    task_path: str
    every: timedelta
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def task(self) -> Task[Any, Any]:
        task: Task[Any, Any] = import_string(self.task_path)
        return task

    @property
    def label(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in sorted(self.kwargs.items()))
        return f"{self.task_path}({args})"


def _job(app_label: str, entry: object) -> PeriodicJob:
    where = f"{app_label}.periodic_tasks entry {entry!r}"
    if not isinstance(entry, tuple) or len(entry) != 3:
        raise ImproperlyConfigured(f"{where}: expected (task path, timedelta, kwargs)")
    path, every, kwargs = entry
    if not isinstance(every, timedelta) or every <= timedelta(0):
        raise ImproperlyConfigured(f"{where}: the interval must be a positive timedelta")
    if not isinstance(kwargs, Mapping):
        raise ImproperlyConfigured(f"{where}: the keyword arguments must be a mapping")
    try:
        task = import_string(str(path))
    except ImportError as exc:
        raise ImproperlyConfigured(f"{where}: cannot import {path}: {exc}") from exc
    if not isinstance(task, Task):
        raise ImproperlyConfigured(f"{where}: {path} is not a django_tasks @task")
    return PeriodicJob(app_label, str(path), every, dict(kwargs))


def declared_jobs() -> list[PeriodicJob]:
    """Every app's declared periodic jobs, checked (ImproperlyConfigured names a bad entry)."""
    jobs = [
        _job(config.label, entry)
        for config in apps.get_app_configs()
        for entry in getattr(config, "periodic_tasks", ())
    ]
    seen: set[str] = set()
    for job in jobs:
        if job.label in seen:
            raise ImproperlyConfigured(f"periodic job {job.label} is declared twice")
        seen.add(job.label)
    return jobs


def _last_enqueued(jobs: Sequence[PeriodicJob], since: datetime) -> dict[str, datetime]:
    """When each job was last enqueued after ``since``, by label (jobs not found are absent)."""
    if not apps.is_installed("django_tasks_db"):
        return {}
    from django_tasks_db.models import DBTaskResult

    by_key = {(job.task.module_path, _kwargs_key(job.kwargs)): job.label for job in jobs}
    rows = DBTaskResult.objects.filter(
        task_path__in={path for path, _ in by_key}, enqueued_at__gte=since
    ).values_list("task_path", "args_kwargs", "enqueued_at")
    last: dict[str, datetime] = {}
    for task_path, args_kwargs, enqueued_at in rows.iterator():
        kwargs = (args_kwargs or {}).get("kwargs", {})
        label = by_key.get((task_path, _kwargs_key(kwargs)))
        if label is not None and (label not in last or enqueued_at > last[label]):
            last[label] = enqueued_at
    return last


def _kwargs_key(kwargs: Mapping[str, Any]) -> str:
    return repr(sorted(kwargs.items()))


def due_jobs(
    now: datetime | None = None, jobs: Sequence[PeriodicJob] | None = None
) -> list[PeriodicJob]:
    """The jobs not enqueued within their interval before ``now``."""
    now = now or timezone.now()
    jobs = declared_jobs() if jobs is None else list(jobs)
    if not jobs:
        return []
    longest = max(job.every for job in jobs)
    last = _last_enqueued(jobs, now - longest)
    return [job for job in jobs if job.label not in last or now - last[job.label] >= job.every]


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every due job once; return their labels. A job that fails to enqueue is logged."""
    enqueued = []
    for job in due_jobs(now):
        try:
            job.task.enqueue(**job.kwargs)
        except Exception:  # one broken job must not stop the others
            logger.exception("could not enqueue the periodic job %s", job.label)
            continue
        enqueued.append(job.label)
    return enqueued


class PeriodicScheduler:
    """A daemon thread that runs :func:`tick` every ``interval`` seconds until stopped."""

    def __init__(self, interval: float = TICK_SECONDS) -> None:
        self.interval = interval
        self.ticks = 0
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="periodic-jobs", daemon=True)

    def start(self) -> None:
        declared_jobs()  # a bad declaration stops the start, with the entry named
        self._thread.start()

    def request_stop(self) -> None:
        """Ask the loop to end after the current tick (safe from a signal handler)."""
        self._stopping.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    def run(self) -> None:
        """Tick in the calling thread until :meth:`stop` (``clustera tasks scheduler``)."""
        declared_jobs()
        self._run()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                close_old_connections()
                labels = tick()
                if labels:
                    logger.info("enqueued periodic jobs: %s", ", ".join(labels))
            except Exception:  # the database may be busy or restarting; try again next time
                logger.exception("the periodic-job scheduler's tick failed")
            finally:
                close_old_connections()
                self.ticks += 1
            self._stopping.wait(self.interval)
