"""Responses as a table: one row per response, one column per question; SPSS through pyreadstat.

>>> from clustera.questionnaires.model import Choice, Definition, Question
>>> form = Definition(form_id="f", version="1", languages={"en": "English"},
...     children=(Question("n", "integer"), Question("t", "select_multiple", list_name="t")),
...     choice_lists={"t": (Choice("ai", {"en": "AI"}), Choice("am", {"en": "Additive"}))})
>>> responses_table(form, [{"n": 3, "t": ["ai", "am"]}, {}])
             n      t
response
0            3  ai am
1         <NA>   None
>>> responses_table(form, [{"t": ["ai", "am"]}], labels=True).loc[0, "t"]
'AI; Additive'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any, cast

import pandas as pd
import pyreadstat

from clustera.questionnaires.model import Definition, Question
from clustera.questionnaires.pickers import BUILTIN_CHOICES

__all__ = ["LABEL_SEPARATOR", "responses_table", "to_spss"]

LABEL_SEPARATOR = "; "
"""Joins the labels of a multiple choice (names are joined by a space, as in XLSForm)."""
_SPSS_NAME = re.compile(r"[^A-Za-z0-9_.]")


def _answered(definition: Definition, personal_data: bool = True) -> list[Question]:
    return [
        q
        for q in definition.questions()
        if q.type != "note" and (personal_data or not q.personal_data)
    ]


def _labels(
    definition: Definition,
    question: Question,
    language: str,
    taxonomy_labels: Mapping[str, Mapping[str, str]],
) -> dict[str, str]:
    """Choice name to label in ``language`` (else the form's default language, else the name)."""
    if question.taxonomy is not None and question.taxonomy in taxonomy_labels:
        return dict(taxonomy_labels[question.taxonomy])
    choices = definition.choices(question) or BUILTIN_CHOICES.get(question.taxonomy or "", ())
    default = definition.default_language
    return {c.name: c.label.get(language) or c.label.get(default) or c.name for c in choices}


def _cell(value: Any, question: Question, labels: Mapping[str, str] | None) -> Any:
    if value is None or value == "" or value == []:
        return None
    if question.type == "select_multiple":
        if labels is None:
            return " ".join(value)
        return LABEL_SEPARATOR.join(labels.get(v, v) for v in value)
    if question.type == "select_one" and labels is not None:
        return labels.get(value, value)
    if question.type == "file":
        return value.get("name") if isinstance(value, Mapping) else value
    return value


def responses_table(
    definition: Definition,
    responses: Sequence[Mapping[str, Any]],
    *,
    labels: bool = False,
    language: str | None = None,
    taxonomy_labels: Mapping[str, Mapping[str, str]] | None = None,
    personal_data: bool = True,
) -> pd.DataFrame:
    """One row per response, one column per question (notes excluded), in form order.

    Parameters
    ----------
    definition
        The survey definition.
    responses
        Clean answers, as returned by :func:`~clustera.questionnaires.validate_answers`.
    labels
        Write choice labels instead of choice names.
    language
        Language of the labels (defaults to the form's default language).
    taxonomy_labels
        Code-to-label maps for platform pickers (``technology``, ``nace``, ``region``); without
        them those columns keep their codes.
    personal_data
        ``False`` leaves out the questions marked ``personal_data`` (an anonymised export).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``response`` (0, 1, ...). Integers are ``Int64`` and decimals ``Float64``
        (missing as ``<NA>``); a multiple choice is its names joined by spaces, as in XLSForm, or
        its labels joined by ``"; "``; dates are ``YYYY-MM-DD``; a file is its name.

    References
    ----------
    KoboToolbox, "Exporting and downloading your data" (one row per submission, select-multiple
    as space-separated names or as labels).
    """
    language = language or definition.default_language
    columns: dict[str, Any] = {}
    for question in _answered(definition, personal_data):
        names = None
        if labels and question.type in ("select_one", "select_multiple"):
            names = _labels(definition, question, language, taxonomy_labels or {})
        values = [_cell(r.get(question.name), question, names) for r in responses]
        if question.type == "integer":
            columns[question.name] = pd.array(values, dtype="Int64")
        elif question.type == "decimal":
            columns[question.name] = pd.array(values, dtype="Float64")
        else:
            columns[question.name] = pd.Series(values, dtype=object)
    table = pd.DataFrame(columns, index=pd.RangeIndex(len(responses), name="response"))
    return table


def to_spss(
    definition: Definition,
    responses: Sequence[Mapping[str, Any]],
    path: str | PathLike[str],
    *,
    language: str | None = None,
    taxonomy_labels: Mapping[str, Mapping[str, str]] | None = None,
    personal_data: bool = True,
) -> pd.DataFrame:
    """Write the responses as an SPSS .sav file with question and value labels; return the table.

    Choice questions keep their names as values with the labels as SPSS value labels; each
    multiple choice on a form list also gets one 0/1 column per choice (``question_choice``),
    as KoboToolbox's SPSS export does; dates become SPSS dates. Variable names are the question
    names with characters SPSS refuses replaced by ``_``.

    References
    ----------
    pyreadstat, ``write_sav``, https://github.com/Roche/pyreadstat
    """
    language = language or definition.default_language
    table = responses_table(definition, responses, personal_data=personal_data)
    column_labels: dict[str, str] = {}
    value_labels: dict[str, dict[str, str]] = {}
    out: dict[str, Any] = {}
    for question in _answered(definition, personal_data):
        name = _SPSS_NAME.sub("_", question.name)
        label = question.label.get(language) or question.label.get(definition.default_language)
        column_labels[name] = label or question.name
        column = table[question.name]
        if question.type == "date":
            column = pd.to_datetime(column, format="%Y-%m-%d")
        out[name] = column
        if question.type not in ("select_one", "select_multiple"):
            continue
        names = _labels(definition, question, language, taxonomy_labels or {})
        if question.type == "select_one" and names:
            value_labels[name] = names
        if question.type == "select_multiple" and question.taxonomy is None:
            for choice, choice_label in names.items():
                dummy = _SPSS_NAME.sub("_", f"{question.name}_{choice}")
                chosen = [None if v is None else float(choice in v.split()) for v in column]
                out[dummy] = pd.array(chosen, dtype="Float64")
                column_labels[dummy] = f"{column_labels[name]}: {choice_label}"
    frame = pd.DataFrame(out)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[column_labels[c] for c in frame.columns],
        # pyreadstat's annotations list numeric keys only; string value labels work (tested)
        variable_value_labels=cast(Any, value_labels),
    )
    return frame
