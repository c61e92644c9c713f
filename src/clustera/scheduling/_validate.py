"""An independent checker of schedules and their figures (weight, idle slots).

It reads ids straight from the instance and shares no code with the solvers, so the tests and
the benchmark can trust it to catch a solver's mistakes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from clustera.scheduling._model import Instance, Schedule

__all__ = ["validate", "evaluate", "ScheduleFigures"]


def validate(instance: Instance, schedule: Schedule) -> list[str]:
    """List every way in which ``schedule`` breaks the rules of ``instance`` (empty if valid).

    The rules: only requested pairs, each at most once; known slots in which both participants
    are available; nobody in two meetings at once; at most ``max_meetings`` per participant;
    tables numbered 1..tables (the slot's own number if it has one), each used once per slot.

    Examples
    --------
    >>> from clustera.scheduling import generate_instance, solve
    >>> instance = generate_instance(participants=30, seed=1)
    >>> validate(instance, solve(instance, method="greedy").schedule)
    []
    """
    problems: list[str] = []
    weights = {request.pair: request.weight for request in instance.requests}
    available = {person.id: set(person.available) for person in instance.participants}
    caps = {person.id: person.max_meetings for person in instance.participants}
    slots = {slot.id: slot.tables for slot in instance.slots}
    seen_pairs: set[frozenset[str]] = set()
    busy: set[tuple[str, str]] = set()
    tables: set[tuple[str, int]] = set()
    count: Counter[str] = Counter()
    for meeting in schedule.meetings:
        name = f"meeting {meeting.a}-{meeting.b} in {meeting.slot}"
        if meeting.pair not in weights:
            problems.append(f"{name}: not a requested pair")
        if meeting.pair in seen_pairs:
            problems.append(f"{name}: the pair meets more than once")
        seen_pairs.add(meeting.pair)
        if meeting.slot not in slots:
            problems.append(f"{name}: unknown slot")
        for person in (meeting.a, meeting.b):
            if meeting.slot not in available.get(person, set()):
                problems.append(f"{name}: {person} is not available")
            if (person, meeting.slot) in busy:
                problems.append(f"{name}: {person} has another meeting then")
            busy.add((person, meeting.slot))
            count[person] += 1
        limit = slots.get(meeting.slot)
        limit = instance.tables if limit is None else limit
        if not 1 <= meeting.table <= limit:
            problems.append(f"{name}: table {meeting.table} outside 1..{limit}")
        if (meeting.slot, meeting.table) in tables:
            problems.append(f"{name}: table {meeting.table} already taken")
        tables.add((meeting.slot, meeting.table))
    for person, meetings in count.items():
        if meetings > caps.get(person, 0):
            problems.append(
                f"{person}: {meetings} meetings, more than max_meetings {caps.get(person)}"
            )
    return problems


@dataclass(frozen=True)
class ScheduleFigures:
    """The objective's two figures and the number of meetings of a schedule."""

    weight: int
    idle_slots: int
    meetings: int

    @property
    def idle_per_meeting(self) -> float:
        """Idle slots per meeting (0 for an empty schedule)."""
        return self.idle_slots / self.meetings if self.meetings else 0.0


def evaluate(instance: Instance, schedule: Schedule) -> ScheduleFigures:
    """Weight, idle slots and meetings of a schedule, as the objective defines them.

    A participant's idle slots are the slots strictly between their first and last meetings
    in which they are available and have no meeting.

    Examples
    --------
    >>> from clustera.scheduling import Instance, Meeting, Schedule
    >>> instance = Instance.from_dict({
    ...     "slots": [{"id": f"S{i}", "start": f"2027-05-11T0{i}:00", "end": f"2027-05-11T0{i}:20"}
    ...               for i in range(1, 5)],
    ...     "tables": 2,
    ...     "participants": [{"id": p, "available": ["S1", "S2", "S3", "S4"], "max_meetings": 4}
    ...                      for p in "ABC"],
    ...     "requests": [{"a": "A", "b": "B", "weight": 2}, {"a": "A", "b": "C", "weight": 1}]})
    >>> evaluate(instance, Schedule((Meeting("A", "B", "S1", 1), Meeting("A", "C", "S4", 1))))
    ScheduleFigures(weight=3, idle_slots=2, meetings=2)
    """
    weights = {request.pair: request.weight for request in instance.requests}
    order = {slot.id: number for number, slot in enumerate(instance.slots)}
    available = {person.id: set(person.available) for person in instance.participants}
    meeting_slots: dict[str, set[int]] = defaultdict(set)
    for meeting in schedule.meetings:
        meeting_slots[meeting.a].add(order[meeting.slot])
        meeting_slots[meeting.b].add(order[meeting.slot])
    idle = 0
    for person, taken in meeting_slots.items():
        idle += sum(
            1
            for slot in instance.slots[min(taken) : max(taken) + 1]
            if slot.id in available[person] and order[slot.id] not in taken
        )
    weight = sum(weights.get(meeting.pair, 0) for meeting in schedule.meetings)
    return ScheduleFigures(weight, idle, len(schedule.meetings))
