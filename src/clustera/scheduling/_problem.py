"""The solvers' indexed view of an instance: integers and slot bitmasks instead of ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clustera.scheduling._model import Instance, Meeting, Schedule

__all__ = ["Problem", "Assignment"]

# request index -> slot index (slots in time order)
Assignment = dict[int, int]


@dataclass
class Problem:
    """An instance as arrays; requests whose pair shares no available slot are kept but unplaceable."""

    instance: Instance
    slot_ids: list[str]
    people: list[str]
    available: list[int]
    capacity: list[int]
    tables: int  # the most tables of any slot
    request_a: list[int]
    request_b: list[int]
    weight: list[int]
    common: list[int]
    incident: list[list[int]]
    slot_tables: list[int]  # tables per slot

    @classmethod
    def from_instance(cls, instance: Instance) -> Problem:
        """Index an (already validated) instance."""
        slot_ids = [slot.id for slot in instance.slots]
        slot_index = {slot_id: number for number, slot_id in enumerate(slot_ids)}
        people = [person.id for person in instance.participants]
        person_index = {name: number for number, name in enumerate(people)}
        available = []
        for person in instance.participants:
            mask = 0
            for slot_id in person.available:
                mask |= 1 << slot_index[slot_id]
            available.append(mask)
        capacity = [
            min(person.max_meetings, mask.bit_count())
            for person, mask in zip(instance.participants, available, strict=True)
        ]
        request_a = [person_index[request.a] for request in instance.requests]
        request_b = [person_index[request.b] for request in instance.requests]
        incident: list[list[int]] = [[] for _ in people]
        for number, (a, b) in enumerate(zip(request_a, request_b, strict=True)):
            incident[a].append(number)
            incident[b].append(number)
        return cls(
            instance=instance,
            slot_ids=slot_ids,
            people=people,
            available=available,
            capacity=capacity,
            tables=max((instance.tables_in(s) for s in instance.slots), default=instance.tables),
            request_a=request_a,
            request_b=request_b,
            weight=[request.weight for request in instance.requests],
            common=[available[a] & available[b] for a, b in zip(request_a, request_b, strict=True)],
            incident=incident,
            slot_tables=[instance.tables_in(slot) for slot in instance.slots],
        )

    @property
    def n_slots(self) -> int:
        """Number of slots."""
        return len(self.slot_ids)

    def placeable(self, request: int) -> bool:
        """Whether the request could be scheduled at all (common slot, both capacities positive)."""
        a, b = self.request_a[request], self.request_b[request]
        return bool(self.common[request]) and self.capacity[a] > 0 and self.capacity[b] > 0

    def weight_of(self, assignment: Mapping[int, int]) -> int:
        """Total weight of the scheduled requests."""
        return sum(self.weight[request] for request in assignment)

    def busy_masks(self, assignment: Mapping[int, int]) -> list[int]:
        """Per participant, the bitmask of the slots in which they meet."""
        busy = [0] * len(self.people)
        for request, slot in assignment.items():
            busy[self.request_a[request]] |= 1 << slot
            busy[self.request_b[request]] |= 1 << slot
        return busy

    def idle_of(self, person: int, busy: int) -> int:
        """Available slots without a meeting between the person's first and last meetings."""
        if not busy:
            return 0
        first = (busy & -busy).bit_length() - 1
        last = busy.bit_length() - 1
        span = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1)
        return (self.available[person] & span & ~busy).bit_count()

    def idle(self, assignment: Mapping[int, int]) -> int:
        """Total idle slots of a schedule."""
        busy = self.busy_masks(assignment)
        return sum(self.idle_of(person, mask) for person, mask in enumerate(busy))

    def to_schedule(
        self,
        assignment: Mapping[int, int],
        tables: Mapping[int, int] | None = None,
    ) -> Schedule:
        """Meetings with table numbers; ``tables`` (request -> table) is kept where given."""
        used: dict[int, set[int]] = {}
        numbered: dict[int, int] = {}
        for request, slot in assignment.items():
            table = (tables or {}).get(request)
            if table is None or not 1 <= table <= self.slot_tables[slot]:
                continue
            if table not in used.get(slot, ()):
                used.setdefault(slot, set()).add(table)
                numbered[request] = table
        next_free: dict[int, int] = {}
        for request in sorted(assignment):
            if request in numbered:
                continue
            slot = assignment[request]
            taken = used.setdefault(slot, set())
            table = next_free.get(slot, 1)
            while table in taken:
                table += 1
            taken.add(table)
            next_free[slot] = table + 1
            numbered[request] = table
        meetings = tuple(
            Meeting(
                self.people[self.request_a[request]],
                self.people[self.request_b[request]],
                self.slot_ids[slot],
                numbered[request],
            )
            for request, slot in assignment.items()
        )
        return Schedule(meetings)

    def assignment_of(self, schedule: Schedule) -> tuple[Assignment, dict[int, int]]:
        """The requests and slots (and tables) of a schedule's meetings that this problem knows."""
        request_of = {
            (a, b) if a < b else (b, a): number
            for number, (a, b) in enumerate(zip(self.request_a, self.request_b, strict=True))
        }
        person_index = {name: number for number, name in enumerate(self.people)}
        slot_index = {slot_id: number for number, slot_id in enumerate(self.slot_ids)}
        assignment: Assignment = {}
        tables: dict[int, int] = {}
        for meeting in schedule.meetings:
            a, b = person_index.get(meeting.a, -1), person_index.get(meeting.b, -1)
            request = request_of.get((a, b) if a < b else (b, a))
            if request is not None and meeting.slot in slot_index:
                assignment[request] = slot_index[meeting.slot]
                tables[request] = meeting.table
        return assignment, tables
