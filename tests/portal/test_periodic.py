"""The periodic-job scheduler: declarations collected from the apps, due jobs enqueued once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone

from clustera.portal import periodic

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUE_ITEMS = "clustera.content.tasks.notify_due_items"
DIGESTS = "clustera.content.tasks.send_digests"


@pytest.fixture
def declare(monkeypatch):
    """Declare periodic jobs on the content app for one test."""
    config = apps.get_app_config("content")

    def _declare(*entries):
        monkeypatch.setattr(config, "periodic_tasks", tuple(entries), raising=False)

    return _declare


def test_declarations_are_collected_from_the_apps(declare):
    declare(
        (DUE_ITEMS, timedelta(minutes=10), {}),
        (DIGESTS, timedelta(days=1), {"period": "daily"}),
    )
    jobs = [job for job in periodic.declared_jobs() if job.app_label == "content"]
    assert [(j.task_path, j.every, dict(j.kwargs)) for j in jobs] == [
        (DUE_ITEMS, timedelta(minutes=10), {}),
        (DIGESTS, timedelta(days=1), {"period": "daily"}),
    ]
    assert jobs[1].label == f"{DIGESTS}(period='daily')"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ((DUE_ITEMS, timedelta(0), {}), "positive timedelta"),
        ((DUE_ITEMS, 600, {}), "positive timedelta"),
        ((DUE_ITEMS, timedelta(hours=1)), "expected (task path, timedelta, kwargs)"),
        (("clustera.content.tasks.no_such_task", timedelta(hours=1), {}), "cannot import"),
        (
            ("clustera.content.services.notify_due_items", timedelta(hours=1), {}),
            "not a django_tasks",
        ),
        ((DUE_ITEMS, timedelta(hours=1), ["period"]), "must be a mapping"),
    ],
)
def test_a_bad_declaration_is_refused_naming_the_app_and_entry(declare, entry, message):
    declare(entry)
    with pytest.raises(ImproperlyConfigured, match="content.periodic_tasks") as excinfo:
        periodic.declared_jobs()
    assert message in str(excinfo.value)


def test_the_same_job_declared_twice_is_refused(declare):
    declare((DUE_ITEMS, timedelta(hours=1), {}), (DUE_ITEMS, timedelta(minutes=5), {}))
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        periodic.declared_jobs()


def test_every_apps_declarations_are_valid():
    jobs = periodic.declared_jobs()
    assert all(job.every > timedelta(0) for job in jobs)


@pytest.mark.django_db
@override_settings(TASKS=DB_BACKEND)
def test_a_due_job_is_enqueued_once_per_interval(declare):
    from django_tasks_db.models import DBTaskResult

    declare(
        (DUE_ITEMS, timedelta(minutes=10), {}),
        (DIGESTS, timedelta(days=1), {"period": "daily"}),
        (DIGESTS, timedelta(days=7), {"period": "weekly"}),
    )
    content_jobs = {
        f"{DUE_ITEMS}()",
        f"{DIGESTS}(period='daily')",
        f"{DIGESTS}(period='weekly')",
    }
    assert content_jobs <= set(periodic.tick())
    assert DBTaskResult.objects.filter(task_path=DIGESTS).count() == 2
    # A second tick at once finds nothing of these due: the table records what was enqueued.
    assert not content_jobs & set(periodic.tick())
    # Eleven minutes on, only the ten-minute job is due again; a day on, the daily digest too.
    later = timezone.now() + timedelta(minutes=11)
    assert content_jobs & set(periodic.tick(later)) == {f"{DUE_ITEMS}()"}
    day_later = timezone.now() + timedelta(days=1, minutes=1)
    due = {job.label for job in periodic.due_jobs(day_later)}
    assert content_jobs & due == {f"{DUE_ITEMS}()", f"{DIGESTS}(period='daily')"}


@pytest.mark.django_db
@override_settings(TASKS=DB_BACKEND)
def test_a_job_that_cannot_be_enqueued_does_not_stop_the_others(declare, monkeypatch, caplog):
    declare(
        (DUE_ITEMS, timedelta(minutes=10), {}), (DIGESTS, timedelta(days=1), {"period": "daily"})
    )
    jobs = periodic.declared_jobs()
    monkeypatch.setattr(periodic, "declared_jobs", lambda: jobs)
    from clustera.content import tasks

    class Broken:
        module_path = DUE_ITEMS

        def enqueue(self, **kwargs):
            raise RuntimeError("queue unavailable")

    real_import = periodic.import_string
    monkeypatch.setattr(
        periodic, "import_string", lambda path: Broken() if path == DUE_ITEMS else real_import(path)
    )
    assert tasks.notify_due_items  # the declaration itself was valid
    labels = periodic.tick()
    assert f"{DIGESTS}(period='daily')" in labels
    assert f"{DUE_ITEMS}()" not in labels
    assert "could not enqueue the periodic job" in caplog.text


def test_the_scheduler_thread_ticks_until_stopped(monkeypatch):
    calls = []
    monkeypatch.setattr(periodic, "tick", lambda: calls.append(1) or [])
    monkeypatch.setattr(periodic, "close_old_connections", lambda: None)
    scheduler = periodic.PeriodicScheduler(interval=0.01)
    scheduler.start()
    deadline = time.monotonic() + 5
    while len(calls) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    scheduler.stop()
    ticks = len(calls)
    assert ticks >= 3
    time.sleep(0.05)
    assert len(calls) == ticks  # stopped: no more ticks


def test_a_failing_tick_does_not_end_the_scheduler(monkeypatch):
    calls = []

    def failing():
        calls.append(1)
        raise RuntimeError("database is locked")

    monkeypatch.setattr(periodic, "tick", failing)
    monkeypatch.setattr(periodic, "close_old_connections", lambda: None)
    scheduler = periodic.PeriodicScheduler(interval=0.01)
    scheduler.start()
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    scheduler.stop()
    assert len(calls) >= 2


@pytest.mark.django_db
@override_settings(TASKS=DB_BACKEND)
def test_the_cli_lists_and_ticks_the_declared_jobs(declare):
    from click.testing import CliRunner

    from clustera.cli import main

    declare((DIGESTS, timedelta(days=7), {"period": "weekly"}))
    listed = CliRunner().invoke(main, ["tasks", "periodic"])
    assert listed.exit_code == 0, listed.output
    assert f"{DIGESTS}(period='weekly')\tevery 7 days, 0:00:00\tdue" in listed.output
    ticked = CliRunner().invoke(main, ["tasks", "tick"])
    assert ticked.exit_code == 0, ticked.output
    assert f"{DIGESTS}(period='weekly')" in ticked.output
    again = CliRunner().invoke(main, ["tasks", "periodic"])
    assert f"{DIGESTS}(period='weekly')\tevery 7 days, 0:00:00\tnot due" in again.output


@pytest.mark.slow
def test_the_scheduler_command_runs_until_terminated(tmp_path):
    """`clustera tasks scheduler` (what `clustera serve` supervises) ticks, then stops on SIGTERM."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys

    env = {
        **{k: v for k, v in os.environ.items() if k != "CLUSTERA_DATABASE_URL"},
        "CLUSTERA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "clustera.portal.settings.base",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v", "0"], env=env, check=True, timeout=300
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "clustera.cli", "tasks", "scheduler", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        database = tmp_path / "clustera.sqlite3"
        count = 0
        while time.monotonic() < deadline and count == 0:
            time.sleep(0.5)
            if database.exists():
                with sqlite3.connect(database) as connection:
                    count = connection.execute(
                        "select count(*) from django_tasks_database_dbtaskresult"
                    ).fetchone()[0]
        assert count > 0, "the scheduler enqueued no periodic job"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
