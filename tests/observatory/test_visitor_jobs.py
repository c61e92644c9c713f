"""Visitors who are not signed in start a few report jobs per hour, and few wait at once."""

from __future__ import annotations

import pytest

from clustera.observatory import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_tasks(settings):
    """Jobs are queued, not run (the dummy backend): they stay pending, as behind a busy worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.CLUSTERA_ANON_JOBS_PER_HOUR = 2
    settings.CLUSTERA_ANON_JOBS_QUEUED = 3
    return settings


def _region(world):
    return models.RegionIndicator.objects.filter(result__dataset=world["employment"]).first().region


def _start(client, code, address):
    return client.post(
        f"/observatory/regions/{code}/report/", {"format": "html"}, REMOTE_ADDR=address
    )


def test_a_visitor_is_limited_per_hour_and_the_queue_is_capped(client, world, quiet_tasks, users):
    code = _region(world).code
    assert [_start(client, code, "10.1.1.1").status_code for _ in range(2)] == [302, 302]
    third = _start(client, code, "10.1.1.1")
    assert third.status_code == 429
    assert 3500 <= int(third["Retry-After"]) <= 3601
    assert "in the last hour" in third.content.decode()
    assert _start(client, code, "10.1.1.2").status_code == 302  # another visitor
    full = _start(client, code, "10.1.1.3")
    assert full.status_code == 429 and int(full["Retry-After"]) == 60
    assert "being prepared for visitors" in full.content.decode()
    client.force_login(users["plain"])
    assert _start(client, code, "10.1.1.3").status_code == 302  # signed in: not limited
    client.logout()
    models.Job.objects.update(status=models.ResultStatus.DONE)
    assert _start(client, code, "10.1.1.3").status_code == 302  # the queue has room again
    stored = models.Job.objects.filter(parameters__has_key="anonymous_client")
    assert stored.count() == 4
    assert not any("10.1.1" in str(job.parameters) for job in stored)  # no address stored
