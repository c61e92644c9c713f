"""Re-plan from the database: locked meetings stay, valid meetings are not touched, the late
requests are added, and the reads and writes are a fixed number of bulk queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from clustera.events import meeting_plan, services
from clustera.events.models import Event, Meeting, MeetingRequest, ParticipantType, Registration
from clustera.registry.models import Organisation
from clustera.scheduling import generate_instance, validate

pytestmark = pytest.mark.django_db


def _matchmaking(people, participants: int = 60) -> Event:
    """An event of ``participants`` organisations with the generator's accepted requests."""
    day = datetime.now(UTC).replace(microsecond=0, minute=0) + timedelta(days=40)
    event = Event.objects.create(
        title="Replan fair", kind="matchmaking", starts=day, ends=day + timedelta(hours=9)
    )
    event.tables = participants // 3
    event.save()
    event.organisers.add(Organisation.objects.get(key="ORG1"))
    kind = ParticipantType.objects.create(event=event, code="sme", label="SME", max_meetings=6)
    meeting_plan._new_session(event, "Morning", day, day + timedelta(hours=3), 20)
    organisations = Organisation.objects.bulk_create(
        [Organisation(key=f"RP{n}", name=f"Replan {n}", type="sme") for n in range(participants)]
    )
    entries = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                organisation=o,
                participant_type=kind,
                status="confirmed",
                checkin_code=f"RP{n:06d}",
            )
            for n, o in enumerate(organisations)
        ]
    )
    generated = generate_instance(participants=participants, seed=3)
    index = {p.id: n for n, p in enumerate(generated.participants)}
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                sender=entries[index[r.a]],
                receiver=entries[index[r.b]],
                status="accepted",
            )
            for r in generated.requests
        ]
    )
    return event


def _rows(event: Event) -> dict[int, tuple[int, int, int, int]]:
    return {
        pk: (a, b, slot, table)
        for pk, a, b, slot, table in event.meetings.values_list(
            "pk", "first_id", "second_id", "slot_id", "table"
        )
    }


def test_replan_keeps_locked_meetings_and_changes_no_meeting_still_valid(
    people, registry, django_assert_max_num_queries
):
    event = _matchmaking(people)
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    before = _rows(event)
    assert len(before) > 40
    locked = list(event.meetings.order_by("pk")[:5])
    for meeting in locked:
        meeting_plan.set_locked(people["organiser"], meeting, True)
    locked_people = {pid for m in locked for pid in (m.first_id, m.second_id)}
    gone = event.registrations.exclude(pk__in=locked_people).order_by("pk").first()
    services.cancel_registration(people["organiser"], gone)
    late = services.register(
        people["organiser"],
        event,
        registry["ORG1"],
        event.participant_types.get(),
    )
    # the late participant asks the three participants with the fewest meetings
    quiet = sorted(
        event.registrations.filter(status="confirmed").exclude(pk=late.pk),
        key=lambda r: sum(r.pk in row[:2] for row in before.values()),
    )[:3]
    for other in quiet:
        MeetingRequest.objects.create(event=event, sender=late, receiver=other, status="accepted")

    with django_assert_max_num_queries(30):
        meeting_plan.request_schedule(people["organiser"], event, "replan", 1.0)

    after = _rows(event)
    for meeting in locked:  # same row, same slot and table
        assert after[meeting.pk] == before[meeting.pk]
    still_valid = {pk: row for pk, row in before.items() if gone.pk not in row[:2]}
    # every pair still meets; a meeting moves only when that lets one more request in (the
    # weight comes first), and the summary counts it
    pairs_after = {row[:2] for row in after.values()}
    assert all(row[:2] in pairs_after for row in still_valid.values())
    moved = [pk for pk, row in still_valid.items() if after.get(pk) != row]
    assert len(moved) <= 2
    added = {
        pk: row
        for pk, row in after.items()
        if pk not in before and row[:2] not in {r[:2] for r in before.values()}
    }
    # the late participant's requests are placed; a slot the cancellation freed may take a
    # request that did not fit before; every added meeting is a pair that had none
    assert any(late.pk in row[:2] for row in added.values())
    event.refresh_from_db()
    summary = event.schedule_summary
    assert summary["changed"] == len(moved)
    # the cancelled participant's meetings went with the cancellation: only the new and the
    # moved meetings are written
    assert summary["written"] == len(added) + 2 * len(moved)
    assert summary["mode"] == "replan" and event.schedule_status == "done"
    assert (
        validate(meeting_plan.build_instance(event), meeting_plan._current(event, False)[0]) == []
    )


def test_replan_drops_only_the_meetings_no_longer_requested(people, registry):
    event = _matchmaking(people, participants=30)
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    before = _rows(event)
    dropped = Meeting.objects.filter(event=event).order_by("pk").first()
    assert dropped is not None
    MeetingRequest.objects.filter(
        sender_id__in=(dropped.first_id, dropped.second_id),
        receiver_id__in=(dropped.first_id, dropped.second_id),
    ).update(status="cancelled")
    meeting_plan.request_schedule(people["organiser"], event, "replan", 1.0)
    after = _rows(event)
    assert dropped.pk not in after
    # the freed slot may take a request that did not fit before, but no meeting moved
    assert all(after.get(pk) == row for pk, row in before.items() if pk != dropped.pk)


def test_sessions_with_their_own_table_counts_are_honoured(people, registry, client):
    # three disjoint pairs: one table in the morning (3 slots), none in the afternoon
    event = _matchmaking(people, participants=6)
    MeetingRequest.objects.filter(event=event).delete()
    morning = event.sessions.get()
    morning.tables = 1
    morning.save()
    afternoon = meeting_plan.add_session(
        people["organiser"],
        event,
        "Afternoon",
        morning.ends + timedelta(hours=1),
        morning.ends + timedelta(hours=2),
        20,
        tables=0,
    )
    with pytest.raises(services.InvalidInputError, match="tables"):
        meeting_plan.add_session(
            people["organiser"], event, "X", morning.starts, morning.ends, 20, tables=-1
        )
    entries = list(event.registrations.order_by("pk"))
    for a, b in ((0, 1), (2, 3), (4, 5)):
        MeetingRequest.objects.create(
            event=event, sender=entries[a], receiver=entries[b], status="accepted"
        )
    instance = meeting_plan.build_instance(event)
    assert [instance.tables_in(s) for s in instance.slots] == [1] * 9 + [0] * 3
    meeting_plan.request_schedule(people["organiser"], event, "all", 1.0)
    meetings = list(event.meetings.select_related("slot"))
    assert len(meetings) == 3 and {m.table for m in meetings} == {1}
    assert len({m.slot_id for m in meetings}) == 3  # one table: one meeting per slot
    assert not any(m.slot.session_id == afternoon.pk for m in meetings)
    client.force_login(people["organiser"])
    page = client.get(f"/events/{event.pk}/table-plan/").content.decode()
    assert 'id="slot-usage"' in page and "<td>Afternoon</td><td>0</td><td>0</td>" in page
