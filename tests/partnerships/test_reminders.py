"""Deadline reminders 7 and 1 days ahead and roadmap due dates: sent once, in app and by mail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clustera.partnering.models import Notification
from clustera.partnerships import tasks, workspace
from clustera.partnerships.reminders import send_reminders

pytestmark = pytest.mark.django_db


def test_deadline_reminders_seven_and_one_day_before_are_sent_once(application, call, mailoutbox):
    mailoutbox.clear()
    assert send_reminders(call.deadline - timedelta(days=8)).deadlines == 0
    assert send_reminders(call.deadline - timedelta(days=6)).deadlines == 1
    assert send_reminders(call.deadline - timedelta(days=5)).deadlines == 0  # idempotent
    assert send_reminders(call.deadline - timedelta(hours=20)).deadlines == 1
    assert send_reminders(call.deadline - timedelta(hours=10)).deadlines == 0
    subjects = [m.subject for m in mailoutbox]
    assert sum("Deadline in 7 days" in s for s in subjects) == 3  # lead and two partner admins
    assert sum("Deadline in 1 day:" in s for s in subjects) == 3


def test_submitted_applications_get_no_deadline_reminder(application, call, roles):
    from clustera.partnerships import services

    services.submit_application(roles["orgadmin"], application)
    assert send_reminders(call.deadline - timedelta(days=6)).deadlines == 0


def test_milestones_due_within_a_week_are_reminded_once(partnership, roles):
    today = date.today()
    workspace.add_milestone(
        roles["orgadmin"], partnership, "Kick-off", today, today + timedelta(days=3)
    )
    workspace.add_milestone(
        roles["orgadmin"], partnership, "Later", today, today + timedelta(days=30)
    )
    assert send_reminders().milestones == 1
    assert send_reminders().milestones == 0
    assert (
        Notification.objects.filter(user=roles["otheradmin"], text__contains="Kick-off").count()
        == 1
    )


def test_the_task_runs_the_reminders(application, call):
    result = tasks.send_reminders.enqueue()
    assert "deadline" in str(result.return_value)


def test_the_app_schedules_the_reminders_daily():
    from django.apps import apps
    from django.utils.module_loading import import_string

    declared = apps.get_app_config("partnerships").periodic_tasks
    assert [(path, every) for path, every, _ in declared] == [
        ("clustera.partnerships.tasks.send_reminders", timedelta(days=1))
    ]
    assert callable(import_string(declared[0][0]).enqueue)  # a django-tasks task


def test_each_reminder_is_sent_once_in_the_app_and_by_mail(
    call, partnership, roles, abroad, mailoutbox
):
    """A daily run over ten days: the 7-day and the 1-day deadline reminders and the milestone
    due-date reminder each reach the app and the mailbox exactly once."""
    from clustera.partnerships import services

    admin = roles["thirdadmin"]  # leads a draft and is a member of the partnership
    services.start_application(admin, call, abroad["XC"], "Second try")
    due = (call.deadline - timedelta(days=3)).date()
    workspace.add_milestone(roles["orgadmin"], partnership, "Pilot launch", due, due)
    mailoutbox.clear()
    Notification.objects.all().delete()
    for day in range(10, -1, -1):
        send_reminders(call.deadline - timedelta(days=day, hours=2))
    texts = list(Notification.objects.filter(user=admin).values_list("text", flat=True))
    assert sum("“Second try” is still a draft" in t for t in texts) == 2
    assert sum("Pilot launch" in t for t in texts) == 1
    assert len(texts) == 3
    mine = sorted(m.subject.split(":")[0] for m in mailoutbox if m.to == [admin.email])
    assert mine == [
        "[Clustera] Deadline in 1 day",
        "[Clustera] Deadline in 7 days",
        f"[Clustera] Due on {due}",
    ]
