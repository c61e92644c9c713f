"""The periodic tasks of events: declared on the AppConfig, idempotent, doing what they say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from clustera.errors import InvalidInputError
from clustera.events import meeting_plan, services, tasks
from clustera.events.models import MeetingRequest
from clustera.partnering.models import Notification

pytestmark = pytest.mark.django_db


def test_expiry_and_reminders_are_declared_hourly_on_the_app():
    declared = {
        path: (every, kwargs)
        for path, every, kwargs in apps.get_app_config("events").periodic_tasks
    }
    assert set(declared) == {
        "clustera.events.tasks.expire_requests",
        "clustera.events.tasks.remind_meetings",
    }
    for path, (every, kwargs) in declared.items():
        assert every == timedelta(hours=1) and kwargs == {}
        assert isinstance(import_string(path), Task)


def test_the_expiry_task_frees_the_senders_slot_and_reminds_receivers_once(
    event, registered, registry, people
):
    sme = event.participant_types.get(code="sme")
    sme.max_requests = 1
    sme.save()
    registered["ORG2"].refresh_from_db()
    answers = {str(event.questions.get().pk): "Partners"}
    third = services.register(people["organiser"], event, registry["ORG1"], sme, answers)
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    with pytest.raises(InvalidInputError, match="at most 1"):
        services.send_request(people["orgadmin"], registered["ORG2"], third)
    # due within a day: the receiver is reminded, once however often the task runs
    MeetingRequest.objects.filter(pk=found.pk).update(expires=timezone.now() + timedelta(hours=3))
    reminders = Notification.objects.filter(text__startswith="Reminder", user=people["other"])
    assert tasks.expire_requests.call() == {"reminded": 1, "expired": 0}
    assert tasks.expire_requests.call() == {"reminded": 0, "expired": 0}
    assert reminders.count() == 1
    # past its time: expired, no longer blocking the sender's request slot nor the schedule
    MeetingRequest.objects.filter(pk=found.pk).update(expires=timezone.now() - timedelta(minutes=1))
    assert tasks.expire_requests.call() == {"reminded": 0, "expired": 1}
    assert tasks.expire_requests.call() == {"reminded": 0, "expired": 0}
    assert MeetingRequest.objects.get(pk=found.pk).status == "expired"
    assert reminders.count() == 1
    with pytest.raises(InvalidInputError, match="closed"):
        services.answer_request(people["other"], MeetingRequest.objects.get(pk=found.pk), True)
    services.send_request(people["orgadmin"], registered["ORG2"], third)
    assert meeting_plan.build_instance(event).requests == ()


def test_participants_are_reminded_of_their_meetings_once_a_day_before(event, registered, people):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    meeting_plan.book_slot(people["orgadmin"], found, meeting_plan.bookable_slots(found)[0])
    reminders = Notification.objects.filter(text__contains="your meetings at")
    assert tasks.remind_meetings.call() == {"events": 0, "participants": 0}  # a month away
    starts = timezone.now() + timedelta(hours=20)
    event.ends, event.starts = starts + (event.ends - event.starts), starts
    event.save()
    assert tasks.remind_meetings.call() == {"events": 1, "participants": 2}
    assert tasks.remind_meetings.call() == {"events": 0, "participants": 0}
    assert sorted(n.user.username for n in reminders) == ["orgadmin", "other"]
