"""Schedules of an event from the database: sessions and slots, "Schedule all" and "Re-plan"
with ``clustera.scheduling``, locking, and participants booking a free common slot themselves.

``request_schedule`` checks who asks and enqueues the background task (handed over by
``EventsConfig.ready``); the task calls ``run_schedule``, which builds the instance, solves it
within the time limit and stores the meetings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.events import access
from clustera.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Session,
    Slot,
)
from clustera.events.services import notify
from clustera.scheduling import Instance, Participant, Request, Schedule, free_common_slots
from clustera.scheduling import Meeting as PlannedMeeting
from clustera.scheduling import Slot as PlannedSlot

MUST_MEET_WEIGHT = 3
MUTUAL_BONUS = 1
_enqueue: list[Callable[..., Any]] = []


def set_schedule_enqueuer(enqueue: Callable[..., Any]) -> None:
    """Called once by ``EventsConfig.ready`` with the task's ``enqueue``."""
    _enqueue[:] = [enqueue]


@transaction.atomic
def add_session(
    user: Any, event: Event, name: str, starts: Any, ends: Any, slot_minutes: int = 20
) -> Session:
    """Add a session of meeting slots of ``slot_minutes`` between ``starts`` and ``ends``."""
    if not access.can_manage_event(user, event):
        raise NotAllowed("Only the event's organisers add sessions")
    if not 5 <= slot_minutes <= 240:
        raise InvalidInputError(
            "slots last 5 to 240 minutes", field="slot_minutes", value=slot_minutes
        )
    if ends <= starts:
        raise InvalidInputError("the session ends before it starts", field="ends", value=str(ends))
    return _new_session(event, name, starts, ends, slot_minutes)


def _new_session(event: Event, name: str, starts: Any, ends: Any, slot_minutes: int) -> Session:
    session = Session.objects.create(
        event=event, name=name[:120], starts=starts, ends=ends, slot_minutes=slot_minutes
    )
    length = timedelta(minutes=slot_minutes)
    moment, slots = starts, []
    while moment + length <= ends:
        slots.append(Slot(session=session, starts=moment, ends=moment + length))
        moment += length
    Slot.objects.bulk_create(slots)
    return session


def _pid(registration_id: int) -> str:
    return f"R{registration_id}"


def build_instance(event: Event) -> Instance:
    """The scheduling instance of an event: its slots, tables, confirmed participants with their
    available slots and caps, and the accepted requests (mutual and must-meet weigh more)."""
    slots = list(Slot.objects.filter(session__event=event).order_by("starts"))
    entries = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("participant_type")
        .prefetch_related("unavailable_sessions")
    )
    participants = []
    for entry in entries:
        away = {s.pk for s in entry.unavailable_sessions.all()}
        participants.append(
            Participant(
                _pid(entry.pk),
                tuple(f"S{s.pk}" for s in slots if s.session_id not in away),
                entry.participant_type.max_meetings,
            )
        )
    confirmed = {entry.pk for entry in entries}
    weights: dict[frozenset[int], int] = {}
    for found in event.requests.filter(status=RequestStatus.ACCEPTED):
        if found.sender_id not in confirmed or found.receiver_id not in confirmed:
            continue
        pair = frozenset((found.sender_id, found.receiver_id))
        weight = MUST_MEET_WEIGHT if found.must_meet else 1
        weights[pair] = max(weights[pair], weight) + MUTUAL_BONUS if pair in weights else weight
    requests = [
        Request(_pid(min(pair)), _pid(max(pair)), weight)
        for pair, weight in sorted(weights.items(), key=lambda i: sorted(i[0]))
    ]
    return Instance(
        slots=tuple(PlannedSlot(f"S{s.pk}", s.starts, s.ends) for s in slots),
        tables=max(event.tables, 1),
        participants=tuple(participants),
        requests=tuple(requests),
        source=f"event {event.pk}",
    )


def request_schedule(user: Any, event: Event, mode: str = "all", time_limit: float = 10.0) -> None:
    """An organiser asks for "Schedule all" (``mode="all"``) or "Re-plan" (``"replan"``)."""
    if not access.can_manage_event(user, event):
        raise NotAllowed("Only the event's organisers schedule meetings")
    if mode not in ("all", "replan"):
        raise InvalidInputError("mode is all or replan", field="mode", value=mode)
    if not 0.5 <= time_limit <= 120:
        raise InvalidInputError(
            "the time limit is 0.5 to 120 s", field="time_limit", value=time_limit
        )
    Event.objects.filter(pk=event.pk).update(schedule_status="queued")
    if _enqueue:
        _enqueue[0](event.pk, mode, time_limit)
    else:
        run_schedule(event.pk, mode, time_limit)


def _current(event: Event, locked_only: bool) -> tuple[Schedule, list[tuple[str, str]]]:
    found = event.meetings.all()
    if locked_only:
        found = found.filter(locked=True)
    meetings = tuple(
        PlannedMeeting(_pid(m.first_id), _pid(m.second_id), f"S{m.slot_id}", m.table) for m in found
    )
    locked = [(m.a, m.b) for m, row in zip(meetings, found, strict=True) if row.locked]
    return Schedule(meetings), locked


def run_schedule(event_id: int, mode: str = "all", time_limit: float = 10.0) -> dict[str, Any]:
    """Solve (or re-plan) the event's schedule and store its meetings; return the figures.

    "Schedule all" keeps locked meetings and places everything else anew; "Re-plan" keeps
    every meeting still valid and changes as few as it can.
    """
    from clustera.scheduling import replan, solve

    event = Event.objects.get(pk=event_id)
    Event.objects.filter(pk=event_id).update(schedule_status="running")
    instance = build_instance(event)
    previous, locked = _current(event, locked_only=(mode == "all"))
    if previous.meetings or mode == "replan":
        result = replan(instance, previous, locked=locked, time_limit=min(time_limit, 10.0))
    else:
        result = solve(instance, time_limit=time_limit)
    summary = {
        "mode": mode,
        "meetings": result.meetings,
        "requests": len(instance.requests),
        "weight": result.weight,
        "bound": round(result.bound, 1),
        "idle_slots": result.idle_slots,
        "seconds": round(result.seconds, 2),
    }
    _store(event, result.schedule, summary)
    return summary


@transaction.atomic
def _store(event: Event, schedule: Schedule, summary: dict[str, Any]) -> None:
    keep = {(m.first_id, m.second_id, m.slot_id, m.table): m for m in event.meetings.all()}
    wanted = set()
    for planned in schedule.meetings:
        a, b = sorted((int(planned.a[1:]), int(planned.b[1:])))
        wanted.add((a, b, int(planned.slot[1:]), planned.table))
    stale = [m.pk for key, m in keep.items() if key not in wanted]
    Meeting.objects.filter(pk__in=stale).delete()
    room = event.online_url.rstrip("/")
    Meeting.objects.bulk_create(
        [
            Meeting(
                event=event,
                first_id=a,
                second_id=b,
                slot_id=slot,
                table=table,
                virtual_url=f"{room}/table-{table}" if room else "",
            )
            for a, b, slot, table in sorted(wanted - set(keep))
        ]
    )
    Event.objects.filter(pk=event.pk).update(schedule_status="done", schedule_summary=summary)
    # Only participants whose meetings moved, appeared or disappeared are told.
    changed = {pid for key in set(keep) ^ wanted for pid in key[:2]}
    organisations = Registration.objects.filter(pk__in=changed).values_list(
        "organisation_id", flat=True
    )
    url = reverse("events:agenda", args=[event.pk])
    for organisation_id in set(organisations):
        notify(organisation_id, f"Your meeting agenda for {event.title} has changed", url)


def set_locked(user: Any, meeting: Meeting, locked: bool) -> Meeting:
    """An organiser locks a meeting in place (or unlocks it)."""
    if not access.can_manage_event(user, meeting.event):
        raise NotAllowed("Only the event's organisers lock meetings")
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def bookable_slots(found: MeetingRequest) -> list[Slot]:
    """Slots both sides of an accepted request could book themselves (a table free too)."""
    if found.status != RequestStatus.ACCEPTED:
        return []
    instance = build_instance(found.event)
    ids = free_common_slots(
        instance, _current(found.event, False)[0], _pid(found.sender_id), _pid(found.receiver_id)
    )
    return list(Slot.objects.filter(pk__in=[int(i[1:]) for i in ids]).order_by("starts"))


@transaction.atomic
def book_slot(user: Any, found: MeetingRequest, slot: Slot) -> Meeting:
    """A side of an accepted request books a free common slot; the first free table is taken."""
    if not (access.can_act_for(user, found.sender) or access.can_act_for(user, found.receiver)):
        raise NotAllowed("Only the two participants book their meeting")
    Event.objects.select_for_update().filter(pk=found.event_id).first()
    if slot not in bookable_slots(found):
        raise InvalidInputError(
            "this slot is not free for both of you", field="slot", value=slot.pk
        )
    taken = set(Meeting.objects.filter(slot=slot).values_list("table", flat=True))
    table = next(t for t in range(1, max(found.event.tables, 1) + 1) if t not in taken)
    a, b = sorted((found.sender_id, found.receiver_id))
    room = found.event.online_url.rstrip("/")
    return Meeting.objects.create(
        event=found.event,
        first_id=a,
        second_id=b,
        slot=slot,
        table=table,
        booked_by_participant=True,
        virtual_url=f"{room}/table-{table}" if room else "",
    )
