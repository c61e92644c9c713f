"""Schedules of an event from the database: sessions and slots, "Schedule all" and "Re-plan"
with ``clustera.scheduling``, locking, and participants booking a free common slot themselves.

``request_schedule`` checks who asks and enqueues the background task (handed over by
``EventsConfig.ready``); the task calls ``run_schedule``, which builds the instance, solves it
within the time limit and stores the meetings.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

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
from clustera.events.services import notify_many
from clustera.scheduling import Instance, Participant, Request, Schedule, free_common_slots
from clustera.scheduling import Meeting as PlannedMeeting
from clustera.scheduling import Slot as PlannedSlot

MUST_MEET_WEIGHT = 3
MUTUAL_BONUS = 1
REPLAN_SECONDS = 1.6  # the whole "Re-plan" call, database included (target: 2 s)
REPLAN_RESERVE = 1.0  # of which kept for the bound and for writing the changes
_enqueue: list[Callable[..., Any]] = []


def set_schedule_enqueuer(enqueue: Callable[..., Any]) -> None:
    """Called once by ``EventsConfig.ready`` with the task's ``enqueue``."""
    _enqueue[:] = [enqueue]


@transaction.atomic
def add_session(
    user: Any,
    event: Event,
    name: str,
    starts: Any,
    ends: Any,
    slot_minutes: int = 20,
    tables: int | None = None,
) -> Session:
    """Add a session of meeting slots of ``slot_minutes`` between ``starts`` and ``ends``,
    with its own number of tables or rooms (None: the event's)."""
    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers add sessions"))
    if not 5 <= slot_minutes <= 240:
        raise InvalidInputError(
            _("slots last 5 to 240 minutes"), field="slot_minutes", value=slot_minutes
        )
    if ends <= starts:
        raise InvalidInputError(
            _("the session ends before it starts"), field="ends", value=str(ends)
        )
    if tables is not None and not 0 <= tables <= 10000:
        raise InvalidInputError(_("0 to 10,000 tables"), field="tables", value=tables)
    return _new_session(event, name, starts, ends, slot_minutes, tables)


def _new_session(
    event: Event,
    name: str,
    starts: Any,
    ends: Any,
    slot_minutes: int,
    tables: int | None = None,
) -> Session:
    session = Session.objects.create(
        event=event,
        name=name[:120],
        starts=starts,
        ends=ends,
        slot_minutes=slot_minutes,
        tables=tables,
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
    available slots and caps, and the accepted requests (mutual and must-meet weigh more).

    Read with a fixed number of plain value queries (no model instances): it runs on every
    re-plan of events of thousands of participants."""
    slots = list(
        Slot.objects.filter(session__event=event)
        .order_by("starts", "id")
        .values_list("pk", "session_id", "starts", "ends", "session__tables")
    )
    entries = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .order_by("pk")
        .values_list("pk", "participant_type__max_meetings")
    )
    away: dict[int, set[int]] = {}
    for registration_id, session_id in Registration.unavailable_sessions.through.objects.filter(
        registration__event=event, registration__status=RegistrationStatus.CONFIRMED
    ).values_list("registration_id", "session_id"):
        away.setdefault(registration_id, set()).add(session_id)
    all_slots = tuple(f"S{pk}" for pk, *_rest in slots)
    participants = []
    for pk, cap in entries:
        gone = away.get(pk)
        available = (
            tuple(f"S{s}" for s, session, *_rest in slots if session not in gone)
            if gone
            else all_slots
        )
        participants.append(Participant(_pid(pk), available, cap))
    return Instance(
        slots=tuple(
            PlannedSlot(f"S{pk}", starts, ends, tables)
            for pk, _session, starts, ends, tables in slots
        ),
        tables=max(event.tables, 1),
        participants=tuple(participants),
        requests=_weighted_requests(event, {pk for pk, _cap in entries}),
        source=f"event {event.pk}",
    )


def _weighted_requests(event: Event, confirmed: set[int]) -> tuple[Request, ...]:
    """Accepted requests between confirmed participants, one per pair: must-meet weighs
    ``MUST_MEET_WEIGHT``, a pair that asked each other ``MUTUAL_BONUS`` more."""
    weights: dict[tuple[int, int], int] = {}
    for sender, receiver, must_meet in event.requests.filter(
        status=RequestStatus.ACCEPTED
    ).values_list("sender_id", "receiver_id", "must_meet"):
        if sender not in confirmed or receiver not in confirmed:
            continue
        pair = (sender, receiver) if sender < receiver else (receiver, sender)
        weight = MUST_MEET_WEIGHT if must_meet else 1
        weights[pair] = max(weights[pair], weight) + MUTUAL_BONUS if pair in weights else weight
    return tuple(Request(_pid(a), _pid(b), weight) for (a, b), weight in sorted(weights.items()))


def request_schedule(user: Any, event: Event, mode: str = "all", time_limit: float = 10.0) -> None:
    """An organiser asks for "Schedule all" (``mode="all"``) or "Re-plan" (``"replan"``)."""
    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers schedule meetings"))
    if mode not in ("all", "replan"):
        raise InvalidInputError(_("mode is all or replan"), field="mode", value=mode)
    if not 0.5 <= time_limit <= 120:
        raise InvalidInputError(
            _("the time limit is 0.5 to 120 s"), field="time_limit", value=time_limit
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
    rows = list(found.values_list("first_id", "second_id", "slot_id", "table", "locked"))
    meetings = tuple(
        PlannedMeeting(_pid(a), _pid(b), f"S{slot}", table) for a, b, slot, table, _locked in rows
    )
    locked = [(_pid(a), _pid(b)) for a, b, _slot, _table, is_locked in rows if is_locked]
    return Schedule(meetings), locked


def run_schedule(event_id: int, mode: str = "all", time_limit: float = 10.0) -> dict[str, Any]:
    """Solve (or re-plan) the event's schedule and store its meetings; return the figures.

    "Schedule all" keeps locked meetings and places everything else anew; "Re-plan" keeps
    every meeting still valid and changes as few as it can, within ``REPLAN_SECONDS`` for the
    whole call (reading, solving, writing) on events of 3,000 participants.
    """
    # The cyclic garbage collector would scan the whole heap several times while the instance
    # and the schedule (tens of thousands of small objects, no cycles) are built: 0.3-0.7 s of a
    # 2 s re-plan in the profiles. Reference counting still frees everything meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_schedule(event_id, mode, time_limit)
    finally:
        if collecting:
            gc.enable()


def _run_schedule(event_id: int, mode: str, time_limit: float) -> dict[str, Any]:
    from clustera.scheduling import replan, solve

    started = time.monotonic()
    event = Event.objects.get(pk=event_id)
    Event.objects.filter(pk=event_id).update(schedule_status="running")
    instance = build_instance(event)
    previous, locked = _current(event, locked_only=(mode == "all"))
    if mode == "replan":
        # what is left of the budget once read, less what storing and the bound take
        left = REPLAN_SECONDS - (time.monotonic() - started) - REPLAN_RESERVE
        result = replan(instance, previous, locked=locked, time_limit=max(left, 0.1))
    elif previous.meetings:
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
        "changed": result.schedule.summary.get("changed", 0),
        "seconds": round(result.seconds, 2),
    }
    summary["written"] = _store(event, result.schedule, summary)
    return summary


@transaction.atomic
def _store(event: Event, schedule: Schedule, summary: dict[str, Any]) -> int:
    """Write only what changed: delete the meetings no longer planned, insert the new ones,
    tell the participants whose agenda changed. Returns the rows written."""
    keep = {
        (a, b, slot, table): pk
        for pk, a, b, slot, table in event.meetings.values_list(
            "pk", "first_id", "second_id", "slot_id", "table"
        )
    }
    wanted = set()
    for planned in schedule.meetings:
        a, b = sorted((int(planned.a[1:]), int(planned.b[1:])))
        wanted.add((a, b, int(planned.slot[1:]), planned.table))
    stale = [pk for key, pk in keep.items() if key not in wanted]
    for start in range(0, len(stale), 500):  # SQLite's limit on query parameters
        Meeting.objects.filter(pk__in=stale[start : start + 500]).delete()
    room = event.online_url.rstrip("/")
    new = sorted(wanted - set(keep))
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
            for a, b, slot, table in new
        ],
        batch_size=1000,
    )
    summary["written"] = len(stale) + len(new)
    Event.objects.filter(pk=event.pk).update(schedule_status="done", schedule_summary=summary)
    # Only participants whose meetings moved, appeared or disappeared are told.
    changed = {pid for key in set(keep) ^ wanted for pid in key[:2]}
    organisations = set(
        Registration.objects.filter(pk__in=changed).values_list("organisation_id", flat=True)
    )
    notify_many(
        organisations,
        _("Your meeting agenda for %(event)s has changed") % {"event": event.title},
        reverse("events:agenda", args=[event.pk]),
    )
    return len(stale) + len(new)


def set_locked(user: Any, meeting: Meeting, locked: bool) -> Meeting:
    """An organiser locks a meeting in place (or unlocks it)."""
    if not access.can_manage_event(user, meeting.event):
        raise NotAllowed(_("Only the event's organisers lock meetings"))
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
        raise NotAllowed(_("Only the two participants book their meeting"))
    Event.objects.select_for_update().filter(pk=found.event_id).first()
    if slot not in bookable_slots(found):
        raise InvalidInputError(
            _("this slot is not free for both of you"), field="slot", value=slot.pk
        )
    taken = set(Meeting.objects.filter(slot=slot).values_list("table", flat=True))
    tables = slot.session.tables if slot.session.tables is not None else found.event.tables
    table = next(t for t in range(1, max(tables, 1) + 1) if t not in taken)
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
