"""The greedy baseline: requests by weight, most constrained first, each in its least idle slot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from clustera.scheduling._problem import Assignment, Problem

__all__ = ["greedy", "greedy_order", "insert_requests"]


def greedy_order(problem: Problem, requests: Iterable[int] | None = None) -> list[int]:
    """Requests in the greedy's order (all of them by default)."""
    # heavier first; among equals, the pair with the fewest common slots and the scarcer
    # capacity (requests per remaining meeting) first, since they have the fewest alternatives
    pressure = [
        len(problem.incident[person]) / max(problem.capacity[person], 1)
        for person in range(len(problem.people))
    ]
    return sorted(
        range(len(problem.weight)) if requests is None else requests,
        key=lambda r: (
            -problem.weight[r],
            problem.common[r].bit_count(),
            -max(pressure[problem.request_a[r]], pressure[problem.request_b[r]]),
            r,
        ),
    )


def insert_requests(
    problem: Problem,
    assignment: Assignment,
    requests: Iterable[int],
    balance: bool = False,
) -> Assignment:
    """Add the given requests, in that order, where they fit without moving any meeting.

    Each goes into the common free slot (with a free table) that adds the fewest idle slots to
    its two participants, earliest on ties; with ``balance``, into the least used slot (fewest
    idle slots on ties), which keeps tables free where they are scarce. ``assignment`` is
    copied, not changed.
    """
    result = dict(assignment)
    busy = problem.busy_masks(result)
    count = [0] * len(problem.people)
    per_slot = [0] * problem.n_slots
    for request, slot in result.items():
        count[problem.request_a[request]] += 1
        count[problem.request_b[request]] += 1
        per_slot[slot] += 1
    full_slots = 0
    for slot, used in enumerate(per_slot):
        if used >= problem.slot_tables[slot]:
            full_slots |= 1 << slot
    for request in requests:
        if request in result:
            continue
        a, b = problem.request_a[request], problem.request_b[request]
        if count[a] >= problem.capacity[a] or count[b] >= problem.capacity[b]:
            continue
        free = problem.common[request] & ~busy[a] & ~busy[b] & ~full_slots
        if not free:
            continue
        idle_a, idle_b = problem.idle_of(a, busy[a]), problem.idle_of(b, busy[b])
        best_slot, best_cost = -1, (0, 0)
        while free:
            bit = free & -free
            free ^= bit
            added = (
                problem.idle_of(a, busy[a] | bit)
                - idle_a
                + problem.idle_of(b, busy[b] | bit)
                - idle_b
            )
            load = per_slot[bit.bit_length() - 1] - problem.slot_tables[bit.bit_length() - 1]
            cost = (load, added) if balance else (added, 0)
            if best_slot < 0 or cost < best_cost:
                best_slot, best_cost = bit.bit_length() - 1, cost
        result[request] = best_slot
        busy[a] |= 1 << best_slot
        busy[b] |= 1 << best_slot
        count[a] += 1
        count[b] += 1
        per_slot[best_slot] += 1
        if per_slot[best_slot] >= problem.slot_tables[best_slot]:
            full_slots |= 1 << best_slot
    return result


def greedy(problem: Problem, fixed: Mapping[int, int] | None = None) -> Assignment:
    """Most-constrained-first greedy schedule, around the ``fixed`` meetings if any."""
    return insert_requests(problem, dict(fixed or {}), greedy_order(problem))
