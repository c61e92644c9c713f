"""Consortium-completion queries: one per known participant of a project, the others to find."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from clustera.matching._history import CollaborationHistory

__all__ = ["CompletionQuery", "completion_queries"]


@dataclass(frozen=True)
class CompletionQuery:
    """One query: ``org_id`` prepares ``project_id`` in ``context``; ``relevant`` joined it."""

    org_id: object
    project_id: object
    context: tuple[str, ...]
    relevant: tuple[object, ...]
    warm: bool


def completion_queries(
    history: CollaborationHistory, warm_ids: pd.Index, year: int
) -> list[CompletionQuery]:
    """Queries of the projects starting in ``year``, against the ``warm_ids`` candidates.

    Each project with at least two warm participants gives one query per warm
    participant (relevant: the other warm participants). Each cold participant
    (no earlier participation) of such a project gives a cold-start query with
    the same relevant set, reported separately.

    Examples
    --------
    >>> rows = pd.DataFrame({"project_id": [1, 1, 1, 2, 2], "org_id": ["a", "b", "c", "a", "d"],
    ...     "year": [2019] * 5, "programme_parts": ["SC1"] * 5})
    >>> history = CollaborationHistory.from_frames(rows)
    >>> queries = completion_queries(history, pd.Index(["a", "b"]), 2019)
    >>> [(q.org_id, q.relevant, q.warm) for q in queries]
    [('a', ('b',), True), ('b', ('a',), True), ('c', ('a', 'b'), False)]
    """
    rows = history.in_year(year)
    queries: list[CompletionQuery] = []
    warm_set = set(warm_ids)
    for project_id, group in rows.groupby("project_id", sort=True):
        members = sorted(set(group["org_id"]), key=str)
        warm = [member for member in members if member in warm_set]
        if len(warm) < 2:
            continue
        context = tuple(group["programme_parts"].iloc[0])
        for member in members:
            is_warm = member in warm_set
            relevant = tuple(other for other in warm if other != member)
            queries.append(CompletionQuery(member, project_id, context, relevant, is_warm))
    return queries
