"""Idle-slot compaction by Kempe-chain moves: meetings change slots, none is added or dropped.

For two slots s and t, the meetings held in s or t form paths (each participant has at most one
meeting per slot). Swapping s and t along one path keeps every participant inside it exactly as
busy as before, and changes only the two participants at its ends: the move is cheap to check
and to score. CP-SAT on neighbourhoods of this objective (min/max/element per participant) made
almost no progress at 3,000 participants in the time a move search makes thousands of moves.
"""

from __future__ import annotations

import math
import random
import time

from clustera.scheduling._problem import Assignment, Problem

__all__ = ["compact_idle"]


class _State:
    """The schedule as per-participant slot tables, with idle counts kept up to date."""

    def __init__(self, problem: Problem, assignment: Assignment) -> None:
        self.problem = problem
        self.slot_of = dict(assignment)
        self.at: list[dict[int, int]] = [{} for _ in problem.people]
        self.per_slot = [0] * problem.n_slots
        for request, slot in assignment.items():
            self.at[problem.request_a[request]][slot] = request
            self.at[problem.request_b[request]][slot] = request
            self.per_slot[slot] += 1
        self.busy = problem.busy_masks(assignment)
        self.idle = [problem.idle_of(person, mask) for person, mask in enumerate(self.busy)]
        self.total = sum(self.idle)

    def _chain(self, request: int, s: int, t: int) -> tuple[list[int], set[int]] | None:
        """Meetings on the s/t path through ``request`` and its end participants; None if stuck."""
        problem = self.problem
        both = (1 << s) | (1 << t)
        chain = [request]
        seen = {request}
        ends: set[int] = set()
        for start in (problem.request_a[request], problem.request_b[request]):
            person, current = start, request
            while True:
                if problem.available[person] & both != both:
                    return None
                other = t if self.slot_of[current] == s else s
                following = self.at[person].get(other)
                if following is None:
                    ends.add(person)
                    break
                if following in seen:  # a cycle: nobody's busy slots change
                    break
                seen.add(following)
                chain.append(following)
                person = problem.request_a[following] + problem.request_b[following] - person
                current = following
        return chain, ends

    def try_swap(self, request: int, t: int, accept: float) -> bool:
        """Swap the slots of the s/t path through ``request`` if the idle change is <= accept."""
        problem = self.problem
        s = self.slot_of[request]
        found = self._chain(request, s, t)
        if found is None:
            return False
        chain, ends = found
        moving_to_t = sum(1 for r in chain if self.slot_of[r] == s)
        shift = moving_to_t - (len(chain) - moving_to_t)
        limits = problem.slot_tables
        if self.per_slot[t] + shift > limits[t] or self.per_slot[s] - shift > limits[s]:
            return False
        flip = (1 << s) | (1 << t)
        delta = 0
        new_busy = {}
        for person in ends:
            mask = self.busy[person] ^ flip
            new_busy[person] = mask
            delta += problem.idle_of(person, mask) - self.idle[person]
        if delta > accept:
            return False
        for person in {problem.request_a[r] for r in chain} | {problem.request_b[r] for r in chain}:
            for slot in (s, t):
                self.at[person].pop(slot, None)
        for r in chain:
            self.slot_of[r] = t if self.slot_of[r] == s else s
        for r in chain:
            self.at[problem.request_a[r]][self.slot_of[r]] = r
            self.at[problem.request_b[r]][self.slot_of[r]] = r
        self.per_slot[t] += shift
        self.per_slot[s] -= shift
        for person, mask in new_busy.items():
            self.busy[person] = mask
            idle = problem.idle_of(person, mask)
            self.total += idle - self.idle[person]
            self.idle[person] = idle
        return True


def _slots_of(mask: int) -> list[int]:
    return [slot for slot in range(mask.bit_length()) if mask >> slot & 1]


def compact_idle(
    problem: Problem,
    assignment: Assignment,
    deadline: float,
    rng: random.Random,
    temperature: float = 0.3,
) -> Assignment:
    """Reduce the idle slots before ``deadline`` by Kempe-chain moves; the meetings stay the same.

    Each move takes a participant with idle slots, one of their holes and their first or last
    meeting, and swaps the two slots along that meeting's path; worse moves are accepted with
    the simulated-annealing probability exp(-delta / T), T falling linearly from
    ``temperature`` to 0. The best schedule seen is returned.
    """
    state = _State(problem, assignment)
    best_total, best = state.total, dict(state.slot_of)
    start = time.monotonic()
    span = max(deadline - start, 1e-9)
    people = list(range(len(problem.people)))
    steps = 0
    heat = temperature
    while state.total:
        steps += 1
        if steps % 256 == 0:
            now = time.monotonic()
            if now >= deadline:
                break
            heat = temperature * (1.0 - (now - start) / span)
        person = rng.choice(people)
        if not state.idle[person]:
            continue
        busy = state.busy[person]
        first, last = (busy & -busy).bit_length() - 1, busy.bit_length() - 1
        region = ((1 << (last + 1)) - 1) ^ ((1 << first) - 1)
        holes = _slots_of(problem.available[person] & region & ~busy)
        hole = rng.choice(holes)
        end = first if rng.random() < 0.5 else last
        accept = 0.0
        if heat > 0:
            accept = -heat * math.log(max(rng.random(), 1e-12))
        state.try_swap(state.at[person][end], hole, math.floor(accept))
        if state.total < best_total:
            best_total, best = state.total, dict(state.slot_of)
    return best
