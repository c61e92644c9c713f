"""CP-SAT models: the plain time-indexed model, and re-placing the requests of a neighbourhood.

OR-Tools is imported here only, so the rest of the package works without the ``scheduling``
dependency group.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from typing import Any

from clustera.errors import ClusteraError
from clustera.scheduling._problem import Assignment, Problem

__all__ = ["require_ortools", "place", "solve_time_indexed"]


def require_ortools() -> Any:
    """The ``ortools.sat.python.cp_model`` module, or an error saying how to install it."""
    try:
        from ortools.sat.python import cp_model
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ClusteraError(
            "the scheduler needs OR-Tools: install the 'scheduling' dependency group "
            "(uv sync --group scheduling)"
        ) from error
    return cp_model


def _solve(model: Any, time_limit: float, seed: int, workers: int) -> tuple[Any, int]:
    cp_model = require_ortools()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    return solver, status


def _found(status: int) -> bool:
    cp_model = require_ortools()
    return bool(status in (cp_model.OPTIMAL, cp_model.FEASIBLE))


def _domains(
    problem: Problem, fixed: Mapping[int, int], variables: Collection[int]
) -> tuple[dict[int, list[int]], list[int], list[int]]:
    busy = problem.busy_masks(fixed)
    per_slot = [0] * problem.n_slots
    count = [0] * len(problem.people)
    for request, slot in fixed.items():
        per_slot[slot] += 1
        count[problem.request_a[request]] += 1
        count[problem.request_b[request]] += 1
    full = sum(1 << s for s in range(problem.n_slots) if per_slot[s] >= problem.slot_tables[s])
    domains = {}
    for r in variables:
        a, b = problem.request_a[r], problem.request_b[r]
        mask = problem.common[r] & ~busy[a] & ~busy[b] & ~full
        if mask and count[a] < problem.capacity[a] and count[b] < problem.capacity[b]:
            domains[r] = [s for s in range(problem.n_slots) if mask >> s & 1]
    return domains, per_slot, count


def _table_limits(
    problem: Problem,
    model: Any,
    slot_var: Mapping[int, Any],
    domains: Mapping[int, list[int]],
    per_slot: list[int],
    slots: Collection[int],
) -> None:
    # added lazily, for the slots a solution overfilled: tables rarely bind, and a reified
    # boolean per request and slot would make the model as large as the plain one
    for slot in slots:
        candidates = [r for r, domain in domains.items() if slot in domain]
        flags = []
        for r in candidates:
            flag = model.NewBoolVar(f"t{r}_{slot}")
            model.Add(slot_var[r] == slot).OnlyEnforceIf(flag)
            model.Add(slot_var[r] != slot).OnlyEnforceIf(flag.Not())
            flags.append(flag)
        model.Add(sum(flags) <= problem.slot_tables[slot] - per_slot[slot])


def _solve_with_tables(
    problem: Problem,
    model: Any,
    slot_var: Mapping[int, Any],
    domains: Mapping[int, list[int]],
    per_slot: list[int],
    budget: tuple[float, int, int],
) -> dict[int, int] | None:
    """Solve; while a slot holds more meetings than tables, add its limit and solve again."""
    time_limit, seed, workers = budget
    deadline = time.monotonic() + time_limit
    limited: set[int] = set()
    while True:
        solver, status = _solve(model, deadline - time.monotonic(), seed, workers)
        if not _found(status):
            return None
        values = {r: int(solver.Value(var)) for r, var in slot_var.items()}
        used = list(per_slot)
        for value in values.values():
            if value < problem.n_slots:
                used[value] += 1
        over = {s for s in range(problem.n_slots) if used[s] > problem.slot_tables[s]} - limited
        if not over:
            return values
        if deadline - time.monotonic() <= 0:
            return None
        _table_limits(problem, model, slot_var, domains, per_slot, over)
        limited |= over


def place(
    problem: Problem,
    assignment: Mapping[int, int],
    free: Collection[int],
    time_limit: float,
    seed: int = 0,
    workers: int = 2,
    keep: Mapping[int, int] | None = None,
) -> Assignment | None:
    """Re-place the ``free`` requests (scheduled or not) around the other meetings, by weight.

    Each free request gets a slot variable whose domain is its common slots not taken by the
    fixed meetings, plus a value of its own meaning "not scheduled"; an AllDifferent per
    participant keeps them apart. The objective is the weight, then (with ``keep``, request ->
    previous slot) the number of requests left where ``keep`` had them. The current placement is
    the hint. Returns None when no solution is found in time.
    """
    cp_model = require_ortools()
    fixed = {r: s for r, s in assignment.items() if r not in free}
    domains, per_slot, count = _domains(problem, fixed, free)
    if not domains:
        return dict(fixed)
    model = cp_model.CpModel()
    slot_var: dict[int, Any] = {}
    placed: dict[int, Any] = {}
    for r, domain in domains.items():
        unscheduled = problem.n_slots + r
        slot_var[r] = model.NewIntVarFromDomain(
            cp_model.Domain.FromValues([*domain, unscheduled]), f"s{r}"
        )
        placed[r] = model.NewBoolVar(f"p{r}")
        model.Add(slot_var[r] != unscheduled).OnlyEnforceIf(placed[r])
        model.Add(slot_var[r] == unscheduled).OnlyEnforceIf(placed[r].Not())
        model.AddHint(slot_var[r], assignment.get(r, unscheduled))
        model.AddHint(placed[r], r in assignment)
    touched = {problem.request_a[r] for r in domains} | {problem.request_b[r] for r in domains}
    for person in touched:
        own = [r for r in problem.incident[person] if r in domains]
        if len(own) > 1:
            model.AddAllDifferent([slot_var[r] for r in own])
        if len(own) > problem.capacity[person] - count[person]:
            model.Add(sum(placed[r] for r in own) <= problem.capacity[person] - count[person])
    objective = sum(problem.weight[r] * placed[r] for r in domains)
    if keep:
        stays = []
        for r, slot in keep.items():
            if r in domains and slot in domains[r]:
                flag = model.NewBoolVar(f"k{r}")
                model.Add(slot_var[r] == slot).OnlyEnforceIf(flag)
                stays.append(flag)
        objective = (len(stays) + 1) * objective + sum(stays)
    model.Maximize(objective)
    values = _solve_with_tables(
        problem, model, slot_var, domains, per_slot, (time_limit, seed, workers)
    )
    if values is None:
        return None
    result = dict(fixed)
    result.update({r: s for r, s in values.items() if s < problem.n_slots})
    return result


def solve_time_indexed(
    problem: Problem,
    time_limit: float,
    hint: Mapping[int, int] | None = None,
    seed: int = 0,
    workers: int = 2,
) -> tuple[Assignment, float]:
    """Plain CP-SAT on the straightforward model: a boolean per request and common slot.

    The baseline the benchmark compares with, and the exact solver of the tests' tiny
    instances. Returns the best assignment found (empty if none) and CP-SAT's proved bound.
    """
    cp_model = require_ortools()
    model = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    by_person_slot: dict[tuple[int, int], list[Any]] = {}
    by_person: list[list[Any]] = [[] for _ in problem.people]
    by_slot: list[list[Any]] = [[] for _ in range(problem.n_slots)]
    for r in range(len(problem.weight)):
        if not problem.placeable(r):
            continue
        options = []
        for s in range(problem.n_slots):
            if problem.common[r] >> s & 1:
                var = model.NewBoolVar(f"x{r}_{s}")
                x[r, s] = var
                options.append(var)
                by_slot[s].append(var)
                for person in (problem.request_a[r], problem.request_b[r]):
                    by_person_slot.setdefault((person, s), []).append(var)
                    by_person[person].append(var)
                if hint is not None:
                    model.AddHint(var, hint.get(r) == s)
        model.AddAtMostOne(options)
    for group in by_person_slot.values():
        if len(group) > 1:
            model.AddAtMostOne(group)
    for person, group in enumerate(by_person):
        if len(group) > problem.capacity[person]:
            model.Add(sum(group) <= problem.capacity[person])
    for group, tables in zip(by_slot, problem.slot_tables, strict=True):
        if len(group) > tables:
            model.Add(sum(group) <= tables)
    model.Maximize(sum(problem.weight[r] * var for (r, _), var in x.items()))
    solver, status = _solve(model, time_limit, seed, workers)
    if not _found(status):
        return {}, float(solver.BestObjectiveBound()) if x else 0.0
    return {r: s for (r, s), var in x.items() if solver.BooleanValue(var)}, float(
        solver.BestObjectiveBound()
    )
