"""Background tasks of partnerships: the daily reminders (call deadlines, roadmap due dates)."""

from __future__ import annotations

from django_tasks import task

from clustera.partnerships import reminders


@task()
def send_reminders() -> str:
    """Send the deadline and due-date reminders that are due (safe to run repeatedly)."""
    result = reminders.send_reminders()
    return f"{result.deadlines} deadline and {result.milestones} due-date reminders"
