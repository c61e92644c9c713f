"""Events use cases: registration rules, requests and their expiry, scheduling, check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.errors import InvalidInputError
from clustera.events import meeting_plan, selectors, services
from clustera.events.models import Meeting, MeetingRequest, Registration
from clustera.partnering.models import Notification

pytestmark = pytest.mark.django_db


def test_registration_is_confirmed_and_answers_are_kept(registered, event):
    entry = registered["ORG2"]
    assert entry.status == "confirmed"
    assert list(entry.answers.values()) == ["Partners"]


def test_a_required_question_must_be_answered_with_one_of_its_choices(event, registry, people):
    sme = event.participant_types.get(code="sme")
    question = event.questions.get()
    with pytest.raises(InvalidInputError) as missing:
        services.register(people["orgadmin"], event, registry["ORG2"], sme, {})
    assert missing.value.field == f"q{question.pk}"
    with pytest.raises(InvalidInputError) as wrong:
        services.register(
            people["orgadmin"], event, registry["ORG2"], sme, {str(question.pk): "Beer"}
        )
    assert wrong.value.value == "Beer"


def test_a_full_event_puts_registrations_on_the_waiting_list_and_a_cancellation_moves_it_up(
    registered, event, registry, people, mailoutbox
):
    event.capacity = 2
    event.save()
    sme = event.participant_types.get(code="sme")
    answers = {str(event.questions.get().pk): "Customers"}
    third = services.register(people["editor"], event, registry["ORG1"], sme, answers)
    assert third.status == "waiting"
    services.cancel_registration(people["other"], registered["ORG4"])
    third.refresh_from_db()
    assert third.status == "confirmed"
    assert Notification.objects.filter(
        user=people["organiser"], text__contains="place became free"
    ).exists()


def test_validation_keeps_registrations_pending_until_an_organiser_decides(event, registry, people):
    event.requires_validation = True
    event.save()
    sme = event.participant_types.get(code="sme")
    entry = services.register(
        people["orgadmin"],
        event,
        registry["ORG2"],
        sme,
        {str(event.questions.get().pk): "Partners"},
    )
    assert entry.status == "pending"
    with pytest.raises(services.NotAllowed):
        services.decide_registration(people["orgadmin"], entry, True)
    services.decide_registration(people["organiser"], entry, True)
    assert Registration.objects.get(pk=entry.pk).status == "confirmed"


def test_per_type_rules_refuse_requests_to_types_not_allowed(event, registered, registry, people):
    authority = event.participant_types.get(code="public_authority")
    entry = registered["ORG2"]
    entry.participant_type = authority
    entry.save()
    with pytest.raises(InvalidInputError) as refused:
        services.send_request(people["orgadmin"], entry, registered["ORG4"])
    assert "may not ask" in refused.value.message


def test_the_cap_on_outgoing_requests_holds(event, registered, registry, people):
    sme = registered["ORG2"].participant_type
    sme.max_requests = 0
    sme.save()
    with pytest.raises(InvalidInputError, match="at most 0"):
        services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])


def test_a_request_notifies_and_mails_the_other_side_and_expires_unanswered(
    registered, people, mailoutbox
):
    found = services.send_request(
        people["orgadmin"], registered["ORG2"], registered["ORG4"], "Hello"
    )
    assert found.status == "pending" and found.expires is not None
    assert mailoutbox[-1].to == ["other@x.example"] and "Lumen Optics" in mailoutbox[-1].subject
    soon = found.expires - timedelta(hours=2)
    assert services.expire_requests(now=soon) == {"reminded": 1, "expired": 0}
    assert services.expire_requests(now=soon) == {"reminded": 0, "expired": 0}  # idempotent
    later = found.expires + timedelta(minutes=1)
    assert services.expire_requests(now=later) == {"reminded": 0, "expired": 1}
    assert MeetingRequest.objects.get(pk=found.pk).status == "expired"


def test_in_opt_out_events_requests_count_as_accepted(event, registered, people):
    event.request_mode = "opt_out"
    event.save()
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    assert found.status == "accepted"


def test_schedule_all_places_an_accepted_request_once_and_locked_meetings_stay(
    event, registered, people
):
    found = services.send_request(
        people["orgadmin"], registered["ORG2"], registered["ORG4"], must_meet=True
    )
    services.answer_request(people["other"], found, True)
    instance = meeting_plan.build_instance(event)
    assert [r.weight for r in instance.requests] == [meeting_plan.MUST_MEET_WEIGHT]
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    meetings = list(Meeting.objects.filter(event=event))
    assert len(meetings) == 1 and meetings[0].virtual_url.startswith("https://meet.example.org/pm/")
    meeting = meetings[0]
    meeting_plan.set_locked(people["organiser"], meeting, True)
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    again = Meeting.objects.get(event=event)
    assert (again.slot_id, again.table) == (meeting.slot_id, meeting.table)
    event.refresh_from_db()
    assert event.schedule_summary["meetings"] == 1 and event.schedule_status == "done"


def test_unavailable_sessions_get_no_meetings(event, registered, people):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    services.set_availability(people["other"], registered["ORG4"], list(event.sessions.all()))
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    assert not Meeting.objects.filter(event=event).exists()


def test_participants_book_a_free_common_slot_themselves(event, registered, people):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    slots = meeting_plan.bookable_slots(found)
    assert len(slots) == 3
    meeting = meeting_plan.book_slot(people["orgadmin"], found, slots[1])
    assert meeting.booked_by_participant and meeting.slot == slots[1]
    assert meeting_plan.bookable_slots(found) == []  # they meet already


def test_check_in_by_qr_token_or_typed_code_and_statistics(event, registered, people):
    entry = registered["ORG2"]
    token = services.checkin_token(entry)
    with pytest.raises(services.NotAllowed):
        services.check_in(people["orgadmin"], event, token=token)
    assert services.check_in(people["organiser"], event, token=token).checked_in is not None
    with pytest.raises(InvalidInputError):
        services.check_in(people["organiser"], event, token=token + "x")
    services.check_in(people["organiser"], event, code=registered["ORG4"].checkin_code.lower())
    stats = selectors.statistics(event)
    assert stats["checked_in"] == 2 and stats["registrations"] == 2
    assert stats["by_type"] == [("SME", 2)]


def test_follow_ups_are_reported_by_participants(event, registered, people):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    meeting = meeting_plan.book_slot(
        people["orgadmin"], found, meeting_plan.bookable_slots(found)[0]
    )
    services.report_follow_up(people["orgadmin"], meeting, registered["ORG2"], "agreement")
    with pytest.raises(services.NotAllowed):
        services.report_follow_up(people["orgadmin"], meeting, registered["ORG4"], "agreement")
    assert selectors.statistics(event)["follow_ups"]["agreement"] == 1


def test_the_demo_world_has_events_and_a_scheduled_matchmaking(registry, people):
    from clustera.events.demo_world import seed_demo
    from clustera.registry.models import Organisation

    Organisation.objects.update(is_synthetic=True)
    event = seed_demo(seed=1, participants=3, time_limit=0.5)
    assert event is not None and event.registrations.count() == 3
    assert event.sessions.count() == 2 and event.requests.exists()
    event.refresh_from_db()
    assert event.schedule_status == "done" and event.schedule_summary["requests"] >= 0
    assert selectors.events(None, selectors.CalendarFilters(when="upcoming")).exists()
    assert timezone.now() < event.starts


def test_replan_tells_only_the_participants_whose_meetings_changed(event, registered, people):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    told = Notification.objects.filter(text__contains="agenda").count()
    assert told == 2  # the admins of ORG2 and ORG4
    meeting_plan.request_schedule(people["organiser"], event, "replan", 1.0)
    assert Notification.objects.filter(text__contains="agenda").count() == told
