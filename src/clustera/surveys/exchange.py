"""Survey files in and out: the form as XLSForm, responses as CSV, XLSX, JSON or SPSS (one row
per response), and responses exported from LimeSurvey or EUSurvey, imported all or nothing."""

from __future__ import annotations

import json
import secrets
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from django.db import transaction
from django.utils import timezone

from clustera.errors import InvalidInputError
from clustera.io.spreadsheet import neutralise_formula
from clustera.questionnaires import (
    read_eusurvey_csv,
    read_limesurvey_csv,
    responses_table,
    to_spss,
    to_xlsform,
)
from clustera.surveys import selectors
from clustera.surveys.models import Response, ResponseStatus, Survey

ExportFormat = Literal["csv", "xlsx", "json", "sav"]
_META = ("response_id", "version", "submitted", "language", "actor_type", "country", "region")


def export_form(survey: Survey, out: str | PathLike[str]) -> Path:
    """Write the survey's newest version as an XLSForm workbook that re-imports to the same."""
    definition = selectors.definition(selectors.current_version(survey))
    to_xlsform(definition, out)
    return Path(out)


def _taxonomy_labels() -> dict[str, dict[str, str]]:
    return {kind: dict(pairs) for kind, pairs in selectors.taxonomy_choices().items()}


def responses_frame(survey: Survey, *, labels: bool = False) -> pd.DataFrame:
    """Complete responses as a table: metadata columns, then one column per question."""
    definition = selectors.definition(selectors.current_version(survey))
    rows = list(
        selectors.complete_responses(survey).select_related("version").order_by("submitted", "pk")
    )
    table = responses_table(
        definition,
        [r.answers for r in rows],
        labels=labels,
        taxonomy_labels=_taxonomy_labels() if labels else None,
    )
    meta = pd.DataFrame(
        {
            "response_id": [r.pk for r in rows],
            "version": [r.version.number for r in rows],
            "submitted": [r.submitted.isoformat() if r.submitted else "" for r in rows],
            "language": [r.language for r in rows],
            "actor_type": [r.actor_type for r in rows],
            "country": [r.country for r in rows],
            "region": [r.region for r in rows],
        },
        index=table.index,
    )
    # A question may be named like a metadata column (the SME survey asks for "region"): the
    # respondent's own value is then "respondent_region", so that every column name is unique
    # and the export reads back (pandas refuses repeated names in JSON, analysts' tools too).
    meta = meta.rename(columns={c: f"respondent_{c}" for c in meta.columns if c in table.columns})
    return pd.concat([meta, table], axis=1)


def export_responses(
    survey: Survey, out: str | PathLike[str], fmt: ExportFormat, *, labels: bool = False
) -> int:
    """Write the complete responses to ``out``; return how many rows were written.

    Text cells of CSV and XLSX are neutralised so a spreadsheet never evaluates them as formulas.
    """
    path = Path(out)
    if fmt == "sav":
        definition = selectors.definition(selectors.current_version(survey))
        rows = list(selectors.complete_responses(survey).order_by("submitted", "pk"))
        to_spss(definition, [r.answers for r in rows], path, taxonomy_labels=_taxonomy_labels())
        return len(rows)
    frame = responses_frame(survey, labels=labels)
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(frame)
    safe = frame.apply(
        lambda column: column.map(lambda v: neutralise_formula(v) if isinstance(v, str) else v)
    )
    if fmt == "csv":
        safe.to_csv(path, index=False)
    elif fmt == "xlsx":
        safe.to_excel(path, index=False, sheet_name="responses")
    else:
        raise InvalidInputError("unknown export format", field="format", value=fmt)
    return len(frame)


def import_responses(
    survey: Survey, path: str | PathLike[str], source: Literal["limesurvey", "eusurvey"]
) -> int:
    """Import responses exported from LimeSurvey or EUSurvey onto the survey's newest version.

    All or nothing: any unknown column or refused answer raises ``ResponsesImportError`` naming
    the file, line and field, and nothing is stored.
    """
    version = selectors.current_version(survey)
    definition = selectors.definition(version)
    reader = {"limesurvey": read_limesurvey_csv, "eusurvey": read_eusurvey_csv}.get(source)
    if reader is None:
        raise InvalidInputError("unknown source", field="from", value=source)
    answers: list[dict[str, Any]] = reader(
        path, definition, taxonomy_codes=selectors.taxonomy_codes()
    )
    now = timezone.now()
    with transaction.atomic():
        Response.objects.bulk_create(
            Response(
                survey=survey,
                version=version,
                resume_key=secrets.token_urlsafe(24),
                answers=clean,
                consent=True,
                status=ResponseStatus.COMPLETE,
                submitted=now,
                region=str(clean.get("region", ""))[:16],
                country=str(clean.get("region", ""))[:2],
            )
            for clean in answers
        )
    return len(answers)
