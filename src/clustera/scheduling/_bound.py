"""Upper bounds on the scheduled weight from linear-programming relaxations, solved with HiGHS."""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from clustera.errors import ConvergenceError
from clustera.scheduling._model import Instance
from clustera.scheduling._problem import Problem

__all__ = ["lp_bound", "matching_relaxation"]

BoundMethod = Literal["matching", "time-indexed"]


def _solve(
    costs: list[float], rows: list[int], cols: list[int], rhs: list[float]
) -> tuple[float, list[float]]:
    if not costs:
        return 0.0, []
    matrix = coo_matrix(
        (np.ones(len(rows)), (np.asarray(rows), np.asarray(cols))), shape=(len(rhs), len(costs))
    ).tocsr()
    result = linprog(
        -np.asarray(costs), A_ub=matrix, b_ub=np.asarray(rhs), bounds=(0.0, 1.0), method="highs"
    )
    if result.status != 0:
        raise ConvergenceError(f"the LP relaxation was not solved: {result.message}")
    return float(-result.fun), [float(value) for value in result.x]


def matching_relaxation(problem: Problem) -> tuple[float, dict[int, float]]:
    """The b-matching LP bound and its optimal solution (request -> value in [0, 1])."""
    # y_r in [0, 1]; each participant within min(cap, available slots); all meetings within
    # the tables (and the available pairs) of every slot
    requests = [r for r in range(len(problem.weight)) if problem.placeable(r)]
    rows: list[int] = []
    cols: list[int] = []
    for column, request in enumerate(requests):
        rows += [problem.request_a[request], problem.request_b[request], len(problem.people)]
        cols += [column, column, column]
    present = [
        sum(1 for mask in problem.available if mask >> slot & 1) for slot in range(problem.n_slots)
    ]
    total = sum(
        min(tables, count // 2) for tables, count in zip(problem.slot_tables, present, strict=True)
    )
    rhs = [float(c) for c in problem.capacity] + [float(total)]
    bound, values = _solve([float(problem.weight[r]) for r in requests], rows, cols, rhs)
    return bound, dict(zip(requests, values, strict=True))


def _time_indexed_bound(problem: Problem) -> float:
    # x_rs in [0, 1] for each common slot; rows: each request once, each participant once per
    # slot, each participant within the cap, each slot within the tables
    people, slots = len(problem.people), problem.n_slots
    requests = [r for r in range(len(problem.weight)) if problem.placeable(r)]
    person_slot_row = len(requests)
    cap_row = person_slot_row + people * slots
    table_row = cap_row + people
    costs: list[float] = []
    rows: list[int] = []
    cols: list[int] = []
    for number, request in enumerate(requests):
        a, b = problem.request_a[request], problem.request_b[request]
        for slot in range(slots):
            if not problem.common[request] >> slot & 1:
                continue
            column = len(costs)
            costs.append(float(problem.weight[request]))
            rows += [
                number,
                person_slot_row + a * slots + slot,
                person_slot_row + b * slots + slot,
                cap_row + a,
                cap_row + b,
                table_row + slot,
            ]
            cols += [column] * 6
    rhs = (
        [1.0] * len(requests)
        + [1.0] * (people * slots)
        + [float(c) for c in problem.capacity]
        + [float(tables) for tables in problem.slot_tables]
    )
    return _solve(costs, rows, cols, rhs)[0]


def lp_bound(instance: Instance | Problem, method: BoundMethod = "matching") -> float:
    """An upper bound on the weight of any valid schedule, from an LP relaxation (HiGHS).

    ``"time-indexed"`` relaxes the exact model (a variable per request and common slot; each
    request once, each participant at most once per slot and within the cap, each slot within
    the tables). ``"matching"`` drops the slots: a fractional b-matching with capacity
    min(max_meetings, available slots) per participant, and all meetings within the sum over
    slots of min(tables, half the participants available then, rounded down), a limit that
    holds for integer schedules only. Neither dominates the other in general (the rounding
    makes the matching bound the tighter on small events); the matching bound is far faster
    (0.1 s against 85 s with HiGHS at 3,000 participants on a busy 2-core machine), and on the
    generated events the two were equal.

    Parameters
    ----------
    instance : Instance or Problem
        The event.
    method : {"time-indexed", "matching"}
        Which relaxation.

    Returns
    -------
    float
        The LP optimum, at least the weight of every valid schedule.

    References
    ----------
    .. [1] Huangfu, Q. and Hall, J. A. J. (2018). Parallelizing the dual revised simplex
       method. Mathematical Programming Computation 10, 119-142 (HiGHS).
    .. [2] Schrijver, A. (2003). Combinatorial Optimization, ch. 31-33 (b-matching polytopes).

    Examples
    --------
    Two participants, one request of weight 2, one slot: the bound is the weight.

    >>> from clustera.scheduling import generate_instance
    >>> instance = generate_instance(participants=2, seed=3, requests_per_participant=3)
    >>> lp_bound(instance) == sum(request.weight for request in instance.requests)
    True
    """
    problem = instance if isinstance(instance, Problem) else Problem.from_instance(instance)
    if method == "matching":
        return matching_relaxation(problem)[0]
    return _time_indexed_bound(problem)
