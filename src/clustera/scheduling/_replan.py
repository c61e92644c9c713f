"""Re-planning after changes (cancellations, late registrations) and self-booked common slots."""

from __future__ import annotations

import random
import time
from collections.abc import Collection

from clustera.errors import InvalidInputError
from clustera.scheduling import _cpsat
from clustera.scheduling._bound import lp_bound
from clustera.scheduling._greedy import greedy_order, insert_requests
from clustera.scheduling._model import Instance, Schedule
from clustera.scheduling._problem import Assignment, Problem
from clustera.scheduling._solve import SolveResult

__all__ = ["replan", "free_common_slots"]


def _kept(
    problem: Problem, previous: Schedule, locked: Collection[frozenset[str]]
) -> tuple[Assignment, dict[int, int], Assignment]:
    """The previous meetings still valid (locked ones first), their tables, and all of them."""
    assignment, tables = problem.assignment_of(previous)
    known = {frozenset(_pair(problem, r)): r for r in assignment if locked}
    for pair in locked:
        if pair not in known:
            raise InvalidInputError(
                "a locked meeting is not a request of the instance or its slot is unknown",
                source="locked",
                value="-".join(sorted(pair)),
            )
    locked_requests = {known[pair] for pair in locked}
    order = sorted(assignment, key=lambda r: (r not in locked_requests, -problem.weight[r], r))
    kept: Assignment = {}
    busy = [0] * len(problem.people)
    count = [0] * len(problem.people)
    for r in order:
        a, b, slot = problem.request_a[r], problem.request_b[r], assignment[r]
        fits = (
            problem.common[r] >> slot & 1
            and not (busy[a] | busy[b]) >> slot & 1
            and count[a] < problem.capacity[a]
            and count[b] < problem.capacity[b]
        )
        if not fits:
            if r in locked_requests:
                raise InvalidInputError(
                    "a locked meeting no longer fits (availability, cap or a clash)",
                    source="locked",
                    value=f"{problem.people[a]}-{problem.people[b]}",
                )
            continue
        kept[r] = slot
        busy[a] |= 1 << slot
        busy[b] |= 1 << slot
        count[a] += 1
        count[b] += 1
    return kept, tables, assignment


def replan(
    instance: Instance,
    previous: Schedule,
    locked: Collection[tuple[str, str]] = (),
    time_limit: float = 2.0,
    seed: int = 0,
    workers: int = 2,
) -> SolveResult:
    """Re-plan ``previous`` for a changed ``instance``: locked meetings stay, few others move.

    Order of priorities: locked meetings stay put; then the weight; then the number of
    previous meetings moved or dropped. Previous meetings still valid are kept (a meeting whose
    participant or request disappeared, or whose slot is no longer available, is dropped); new
    and unscheduled requests are inserted where they fit without moving anything; the requests
    that still do not fit although both participants have room are re-placed with CP-SAT in
    the neighbourhood of their participants (weight first, then meetings left where they were),
    until ``time_limit``. Idle slots are not re-optimised, since that would move meetings.

    Parameters
    ----------
    instance : Instance
        The event as it is now.
    previous : Schedule
        The schedule published before the change.
    locked : collection of (str, str)
        Participant pairs whose previous meetings must stay in their slot and table.
    time_limit : float
        Seconds for the neighbourhood repair.
    seed, workers : int
        CP-SAT's seed and number of workers.

    Returns
    -------
    SolveResult
        The new schedule; ``schedule.summary["changed"]`` counts the previous meetings of
        requests still in the instance that were moved or dropped.

    Raises
    ------
    InvalidInputError
        If a locked meeting is not in ``previous`` as a request of ``instance``, or no longer fits.

    Examples
    --------
    >>> from clustera.scheduling import generate_instance, solve
    >>> instance = generate_instance(participants=60, seed=4)
    >>> first = solve(instance, time_limit=1).schedule
    >>> locked = [(m.a, m.b) for m in first.meetings[:5]]
    >>> again = replan(instance, first, locked)
    >>> again.schedule.summary["changed"], set(first.meetings[:5]) <= set(again.schedule.meetings)
    (0, True)
    """
    started = time.monotonic()
    problem = Problem.from_instance(instance)
    pairs = {frozenset(pair) for pair in locked}
    kept, tables, before = _kept(problem, previous, pairs)
    locked_requests = {r for r in kept if frozenset(_pair(problem, r)) in pairs}
    order = greedy_order(problem)
    assignment = insert_requests(problem, kept, order)
    assignment = _repair(
        problem, assignment, locked_requests, before, order, started + time_limit, seed, workers
    )
    changed = sum(1 for r, slot in before.items() if assignment.get(r) != slot)
    schedule = problem.to_schedule(
        assignment, {r: t for r, t in tables.items() if assignment.get(r) == before.get(r)}
    )
    weight, idle = problem.weight_of(assignment), problem.idle(assignment)
    bound = lp_bound(problem, "matching")
    summary = {"weight": weight, "idle_slots": idle, "bound": round(bound, 3), "changed": changed}
    return SolveResult(
        schedule=Schedule(schedule.meetings, summary),
        weight=weight,
        idle_slots=idle,
        bound=bound,
        seconds=time.monotonic() - started,
        method="replan",
    )


def _pair(problem: Problem, request: int) -> tuple[str, str]:
    return problem.people[problem.request_a[request]], problem.people[problem.request_b[request]]


def _repair(
    problem: Problem,
    assignment: Assignment,
    locked: set[int],
    before: Assignment,
    order: list[int],
    deadline: float,
    seed: int,
    workers: int,
) -> Assignment:
    """Re-place, batch by batch, requests left out although both participants have room
    (``order``: the requests in the greedy's order)."""
    rng = random.Random(seed)
    count = [0] * len(problem.people)
    for r in assignment:
        count[problem.request_a[r]] += 1
        count[problem.request_b[r]] += 1
    waiting = [
        r
        for r in order
        if r not in assignment
        and problem.placeable(r)
        and count[problem.request_a[r]] < problem.capacity[problem.request_a[r]]
        and count[problem.request_b[r]] < problem.capacity[problem.request_b[r]]
    ]
    rng.shuffle(waiting)
    for start in range(0, len(waiting), 20):
        left = deadline - time.monotonic()
        if left <= 0.05:
            break
        batch = [r for r in waiting[start : start + 20] if r not in assignment]
        people = {problem.request_a[r] for r in batch} | {problem.request_b[r] for r in batch}
        free = set(batch) | {
            r
            for r in assignment
            if r not in locked
            and (problem.request_a[r] in people or problem.request_b[r] in people)
        }
        keep = {r: before[r] if r in before else assignment[r] for r in free if r in assignment}
        found = _cpsat.place(problem, assignment, free, min(0.5, left), seed, workers, keep=keep)
        if found is not None and problem.weight_of(found) > problem.weight_of(assignment):
            assignment = found
    return assignment


def free_common_slots(instance: Instance, schedule: Schedule, a: str, b: str) -> list[str]:
    """The slots two participants could book themselves: both available and free, a table free.

    Empty when either has reached ``max_meetings`` or they already meet.

    Examples
    --------
    >>> from clustera.scheduling import Instance, Meeting, Schedule
    >>> instance = Instance.from_dict({
    ...     "slots": [{"id": f"S{i}", "start": f"2027-05-11T0{i}:00", "end": f"2027-05-11T0{i}:20"}
    ...               for i in range(1, 4)],
    ...     "tables": 1,
    ...     "participants": [{"id": "A", "available": ["S1", "S2", "S3"], "max_meetings": 3},
    ...                      {"id": "B", "available": ["S2", "S3"], "max_meetings": 3},
    ...                      {"id": "C", "available": ["S1", "S2", "S3"], "max_meetings": 3}],
    ...     "requests": [{"a": "A", "b": "C"}]})
    >>> free_common_slots(instance, Schedule((Meeting("A", "C", "S3", 1),)), "A", "B")
    ['S2']
    """
    people = {person.id: person for person in instance.participants}
    for name in (a, b):
        if name not in people:
            raise InvalidInputError("unknown participant id", source="booking", value=name)
    if a == b:
        raise InvalidInputError("a participant cannot meet themself", source="booking", value=a)
    taken: dict[str, set[str]] = {a: set(), b: set()}
    tables_used: dict[str, int] = {}
    for meeting in schedule.meetings:
        if meeting.pair == frozenset((a, b)):
            return []
        for name in (meeting.a, meeting.b):
            if name in taken:
                taken[name].add(meeting.slot)
        tables_used[meeting.slot] = tables_used.get(meeting.slot, 0) + 1
    if any(len(taken[name]) >= people[name].max_meetings for name in (a, b)):
        return []
    common = set(people[a].available) & set(people[b].available)
    return [
        slot.id
        for slot in instance.slots
        if slot.id in common
        and slot.id not in taken[a] | taken[b]
        and tables_used.get(slot.id, 0) < instance.tables_in(slot)
    ]
