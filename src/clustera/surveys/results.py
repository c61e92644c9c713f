"""The results dashboard's figures: responses, completion, median duration, drop-off by page,
and per question a table and a bar chart; small cells suppressed for those who may not see
individual answers."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from clustera.observatory.charts import bar_chart
from clustera.questionnaires import BUILTIN_CHOICES, Definition, responses_table
from clustera.surveys import selectors
from clustera.surveys.models import Response, ResponseStatus, Survey

SMALL_CELL = 5
"""Counts below this are shown as "< 5" to those who see aggregates only."""


@dataclass
class QuestionResult:
    """One question's answers, counted."""

    name: str
    label: str
    kind: str
    answered: int
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, count or "< 5")
    chart: SafeString | None = None
    stats: dict[str, float] = field(default_factory=dict)


@dataclass
class Summary:
    """What the dashboard shows for a survey under its filters."""

    started: int
    complete: int
    completion_rate: float | None
    median_minutes: float | None
    drop_off: list[tuple[str, int]]
    questions: list[QuestionResult]
    suppressed: bool
    table_columns: list[str] = field(default_factory=list)
    table_rows: list[list[Any]] = field(default_factory=list)
    files: list[tuple[int, str, str]] = field(default_factory=list)  # response, question, name


def _labels(
    definition: Definition, name: str, taxonomy: dict[str, list[tuple[str, str]]]
) -> dict[str, str]:
    question = definition.question(name)
    if question.taxonomy in taxonomy:
        return dict(taxonomy[question.taxonomy or ""])
    choices = definition.choices(question) or BUILTIN_CHOICES.get(question.taxonomy or "", ())
    return {c.name: definition.text(c.label) or c.name for c in choices}


def _shown(count: int, suppress: bool) -> str:
    return f"< {SMALL_CELL}" if suppress and 0 < count < SMALL_CELL else str(count)


def _question(
    definition: Definition,
    name: str,
    values: list[Any],
    suppress: bool,
    taxonomy: dict[str, list[tuple[str, str]]],
) -> QuestionResult:
    question = definition.question(name)
    present = [v for v in values if v not in (None, "", [])]
    result = QuestionResult(
        name, definition.text(question.label) or name, question.type, len(present)
    )
    if question.type.startswith("select"):
        counts: Counter[str] = Counter()
        for value in present:
            counts.update(value if isinstance(value, list) else [str(value)])
        labels = _labels(definition, name, taxonomy)
        ordered = counts.most_common(15)
        result.rows = [(labels.get(k, k), _shown(c, suppress)) for k, c in ordered]
        bars = [(labels.get(k, k), float(c)) for k, c in ordered if not suppress or c >= SMALL_CELL]
        if bars:
            result.chart = bar_chart(bars, result.label, unit=gettext("answers"), decimals=0)
    elif question.type in ("integer", "decimal") and present:
        numbers = [float(v) for v in present]
        if not suppress or len(numbers) >= SMALL_CELL:
            result.stats = {
                "median": statistics.median(numbers),
                "mean": statistics.fmean(numbers),
                "min": min(numbers),
                "max": max(numbers),
            }
    return result


def summarise(survey: Survey, filters: dict[str, str], *, detailed: bool) -> Summary:
    """Figures of the survey's newest version under ``filters``; individual rows if ``detailed``."""
    version = selectors.current_version(survey)
    definition = selectors.definition(version)
    every = list(
        selectors.all_responses(survey, filters).values(
            "pk", "status", "started", "submitted", "pages_seen", "answers"
        )
    )
    complete = [r for r in every if r["status"] == ResponseStatus.COMPLETE]
    minutes = [
        (r["submitted"] - r["started"]).total_seconds() / 60 for r in complete if r["submitted"]
    ]
    pages = [getattr(p, "label", {}) or {} for p in definition.children]
    reached = Counter(r["pages_seen"] for r in every if r["status"] != ResponseStatus.COMPLETE)
    drop_off = [
        (
            definition.text(label) or gettext("Page %(number)d") % {"number": i + 1},
            reached.get(i, 0),
        )
        for i, label in enumerate(pages)
    ]
    suppress = not detailed
    taxonomy = selectors.taxonomy_choices(selectors.picker_kinds(definition))
    questions = [
        _question(
            definition, q.name, [r["answers"].get(q.name) for r in complete], suppress, taxonomy
        )
        for q in definition.questions()
        if q.type != "note" and not q.personal_data
    ]
    summary = Summary(
        started=len(every),
        complete=len(complete),
        completion_rate=len(complete) / len(every) if every else None,
        median_minutes=statistics.median(minutes) if minutes else None,
        drop_off=drop_off,
        questions=questions,
        suppressed=suppress,
    )
    if detailed and complete:
        table = responses_table(definition, [r["answers"] for r in complete[:200]], labels=False)
        summary.table_columns = list(table.columns)
        summary.table_rows = [
            ["" if pd.isna(v) else str(v) for v in row] for row in table.itertuples(index=False)
        ]
        uploaded = [q.name for q in definition.questions() if q.type == "file"]
        summary.files = [
            (r["pk"], name, r["answers"][name]["name"])
            for r in complete[:200]
            for name in uploaded
            if isinstance(r["answers"].get(name), dict) and r["answers"][name].get("key")
        ]
    return summary


def filter_options(survey: Survey) -> dict[str, list[str]]:
    """Values present among the survey's responses for each filter."""
    rows = Response.objects.filter(survey=survey)
    return {
        field_name: sorted(v for v in rows.values_list(field_name, flat=True).distinct() if v)
        for field_name in ("actor_type", "country", "region")
    }
