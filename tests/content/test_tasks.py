"""The content app's periodic tasks: each declared on the app config, each run once (and again:
they are idempotent)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import module_loading, timezone

from clustera.content import services, tasks
from clustera.content.models import DigestPreference, ExternalFeed, Item
from clustera.partnering.models import Notification

from .conftest import make_item
from .test_feeds import RSS

pytestmark = pytest.mark.django_db


def test_the_schedules_are_declared_on_the_app_config():
    declared = {
        (path, kwargs.get("period", "")): interval
        for path, interval, kwargs in apps.get_app_config("content").periodic_tasks
    }
    assert declared == {
        ("clustera.content.tasks.import_registered_feeds", ""): timedelta(hours=1),
        ("clustera.content.tasks.send_digests", "daily"): timedelta(days=1),
        ("clustera.content.tasks.send_digests", "weekly"): timedelta(weeks=1),
        ("clustera.content.tasks.notify_due_items", ""): timedelta(minutes=10),
    }
    for path in {path for path, _ in declared}:
        assert hasattr(module_loading.import_string(path), "enqueue"), path  # a django_tasks task


def test_import_registered_feeds_task_imports_once(tmp_path, registry):
    feed = tmp_path / "pv.xml"
    feed.write_text(RSS)
    ExternalFeed.objects.create(url=str(feed), organisation=registry["ORG1"])
    ExternalFeed.objects.create(url=str(tmp_path / "missing.xml"), organisation=registry["ORG1"])
    first = tasks.import_registered_feeds.enqueue().return_value
    assert first["created"] == 2 and len(first["errors"]) == 1
    again = tasks.import_registered_feeds.enqueue().return_value
    assert again["created"] == 0 and again["skipped"] == 2
    assert Item.objects.filter(organisation=registry["ORG1"]).count() == 2


@pytest.mark.parametrize("period", ["daily", "weekly"])
def test_send_digests_task_sends_once_per_period(roles, registry, mailoutbox, period):
    user = roles["plain"]
    user.email = "plain@example.org"
    user.save()
    services.follow(user, "organisation", registry["ORG2"].pk)
    services.set_digest_period(user, period)
    make_item(registry, title="Followed news", published_at=timezone.now() - timedelta(hours=2))
    other = "weekly" if period == "daily" else "daily"
    assert tasks.send_digests.enqueue(other).return_value["sent"] == 0
    assert tasks.send_digests.enqueue(period).return_value["sent"] == 1
    assert tasks.send_digests.enqueue(period).return_value["sent"] == 0
    assert len(mailoutbox) == 1 and "Followed news" in mailoutbox[0].body
    assert DigestPreference.objects.get(user=user).last_sent is not None


def test_notify_due_items_task_announces_a_scheduled_item_once(roles, registry):
    user = roles["plain"]
    services.follow(user, "organisation", registry["ORG2"].pk)
    item = make_item(registry, title="Due news", published_at=timezone.now() + timedelta(hours=1))
    assert tasks.notify_due_items.enqueue().return_value == 0  # not yet
    Item.objects.filter(pk=item.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert tasks.notify_due_items.enqueue().return_value == 1
    assert tasks.notify_due_items.enqueue().return_value == 0
    assert Notification.objects.filter(user=user, text__contains="Due news").count() == 1
