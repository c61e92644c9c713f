"""Background tasks of content: importing registered feeds and sending digests."""

from __future__ import annotations

from django_tasks import task

from clustera.content import digests, feed_import, services


@task()
def import_registered_feeds() -> dict[str, object]:
    """Import every registered external feed; broken feeds are reported in the result."""
    result = feed_import.import_registered_feeds()
    return {"created": result.created, "skipped": result.skipped, "errors": result.errors}


@task()
def send_digests(period: str) -> dict[str, int]:
    """Send the daily or weekly digest e-mails."""
    run = digests.send_digests(period)
    return {"sent": run.sent, "empty": run.empty}


@task()
def notify_due_items() -> int:
    """Announce to followers the scheduled items whose publication date has come."""
    return services.notify_due_items()
