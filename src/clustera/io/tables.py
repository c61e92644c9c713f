"""Read back any table the portal exports: CSV, TSV, Parquet, JSON or Excel, codes kept as text.

The portal's downloads (the directory, the observatory's tables and observations,
event statistics, API pages) come back here without edits:

- every cell is read as text first; a column becomes numeric only when all its
  cells are numbers and it is not a code column (``region``, ``category``,
  ``nace``..., or any column with a value such as ``"01.11"`` or ``"0123"`` whose
  leading zero a number would lose), so NUTS ``FR10``, NACE ``01.11`` and ``C10``
  stay text;
- cells a spreadsheet export protected with a leading quote (``'=1+2``) get their
  text back (:func:`clustera.io.spreadsheet.restore_formula`);
- the separator is detected (``,`` ``;`` tab ``|``: a spreadsheet in French or
  German saves with ``;``);
- a file that cannot be read fails with :class:`clustera.errors.DataFormatError`
  naming the file, and the line and column where known; never a raw parser error.

:func:`analysis_table` then shapes a table for :mod:`clustera.analytics`: long
(region, activity, value, optionally year), wide (region, then one number per
activity) or a list of organisations (region and their ``;``-joined NACE codes,
counted per region and activity).

>>> import io
>>> frame = read_table(io.StringIO("region;category;value\\nFR10;01.11;3\\nDE21;C10;4\\n"))
>>> frame["category"].tolist(), frame["value"].tolist()
(['01.11', 'C10'], [3, 4])
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import IO, Any

import pandas as pd

from clustera.errors import DataFormatError
from clustera.io.spreadsheet import restore_formula

__all__ = ["analysis_table", "read_table"]

#: Column names whose cells are codes, never numbers (lower case).
CODE_COLUMNS = frozenset(
    {
        "region", "region__code", "region_code", "geo", "nuts", "country", "category",
        "activity", "nace", "technology", "technology__code", "code", "id", "key",
        "parent", "ecosystem", "indicator", "group", "figure", "quadrant",
    }
)  # fmt: skip
_REGION = ("region", "region__code", "region_code", "geo", "nuts", "country")
_ACTIVITY = ("activity", "category", "nace", "activities", "technology", "technology__code")
#: Activity columns of organisation lists (``;``-joined codes, counted when there is no value).
_LISTED = ("nace", "activities")
_VALUE = ("value", "count", "n", "total", "applications", "services")
_LEADING_ZERO = re.compile(r"0\d")
_SEPARATORS = ",;\t|"


def _source(path: Any) -> str:
    return str(getattr(path, "name", path))


def read_table(path: str | Path | IO[str], *, sheet: str | int = 0) -> pd.DataFrame:
    """A table file as a DataFrame: text cells, numbers where a column holds only numbers.

    Parameters
    ----------
    path
        ``.csv``, ``.tsv``, ``.txt``, ``.parquet``, ``.json`` (records, the exchange
        document of the registry or an API page with ``items``) or ``.xlsx``; a text
        stream is read as CSV.
    sheet
        The Excel sheet (name or position).

    Raises
    ------
    DataFormatError
        Unknown file type, unreadable or malformed file, naming file, line and column.
    """
    source = _source(path)
    suffix = Path(source).suffix.lower() if not hasattr(path, "read") else ".csv"
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)  # type: ignore[arg-type]
        except Exception as error:  # pyarrow raises many kinds; the message is what matters
            raise DataFormatError(f"not a readable Parquet file ({error})", source=source) from None
        for column in frame.columns:  # list cells (the directory's codes) as ";"-joined text
            if frame[column].dtype == object:
                frame[column] = frame[column].map(_parquet_cell)
        return _typed(frame.astype({c: str for c in frame.columns if _is_code(c, frame[c])}))
    if suffix == ".json":
        return _typed(_json_records(path, source))
    if suffix in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False)
        except Exception as error:
            raise DataFormatError(f"not a readable Excel file ({error})", source=source) from None
        return _typed(frame)
    if suffix in (".csv", ".tsv", ".txt"):
        return _typed(_read_text(path, source))
    raise DataFormatError(
        "unsupported file type (use .csv, .tsv, .parquet, .json or .xlsx)",
        source=source,
        value=suffix,
    )


def _text(path: str | Path | IO[str], source: str) -> str:
    if hasattr(path, "read"):
        return str(path.read())
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFormatError(
            "not UTF-8 text (save the file as CSV UTF-8)", source=source, line=line
        ) from None


def _read_text(path: str | Path | IO[str], source: str) -> pd.DataFrame:
    text = _text(path, source)
    if not text.strip():
        raise DataFormatError("the file is empty", source=source, line=1)
    header = text.splitlines()[0]
    separator = max(_SEPARATORS, key=header.count) if any(s in header for s in _SEPARATORS) else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=separator))
    width = len(rows[0])
    names = [name.strip() for name in rows[0]]
    if any(not name for name in names) and width > 1:
        column = names.index("") + 1
        raise DataFormatError(f"column {column} has no name", source=source, line=1)
    duplicated = [name for name in names if names.count(name) > 1]
    if duplicated:
        raise DataFormatError("repeated column name", source=source, line=1, value=duplicated[0])
    body, lines = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        lines.append(line)
        if len(row) != width:
            raise DataFormatError(
                f"expected {width} cells, found {len(row)}",
                source=source,
                line=line,
                value=separator.join(row)[:80],
            )
        body.append(row)
    frame = pd.DataFrame(body, columns=names, dtype=str)
    frame.attrs["lines"] = lines
    return frame


def _json_records(path: str | Path | IO[str], source: str) -> pd.DataFrame:
    text = _text(path, source)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFormatError(
            f"not valid JSON ({error.msg}, column {error.colno})", source=source, line=error.lineno
        ) from None
    records = document
    if isinstance(document, dict):
        lists = [value for value in document.values() if isinstance(value, list)]
        records = document.get("items", lists[0] if len(lists) == 1 else None)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataFormatError(
            "expected a list of records, or an object with one list of records (e.g. 'items')",
            source=source,
        )
    frame = pd.DataFrame.from_records(records)
    for column in frame.columns:
        frame[column] = frame[column].map(_json_cell)
    return frame.astype(str)


def _json_cell(value: Any) -> str:
    """A JSON value as one text cell: lists ``;``-joined, a term or region object as its code."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("code", value.get("key", value.get("id", json.dumps(value)))))
    if isinstance(value, list):
        return ";".join(_json_cell(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parquet_cell(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return "" if value is None else value
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        value = value.tolist()
    return _json_cell(value) if isinstance(value, (list, dict)) else value


def _is_code(name: Any, series: pd.Series) -> bool:
    if str(name).strip().lower() in CODE_COLUMNS:
        return True
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        return False
    text = series.dropna().astype(str).str.strip()
    return bool(text.str.match(_LEADING_ZERO).any())


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells restored; each non-code column of numbers only made numeric."""
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        text = series.fillna("").astype(str).map(restore_formula)
        out[column] = text
        if _is_code(column, text):
            continue
        filled = text.str.strip()
        numbers = pd.to_numeric(filled.where(filled != ""), errors="coerce")
        if filled.ne("").any() and numbers[filled != ""].notna().all():
            whole = numbers.dropna()
            out[column] = numbers.astype("Int64") if (whole == whole.round()).all() else numbers
    return out


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {column.lower(): column for column in columns}
    return next((lowered[name] for name in names if name in lowered), None)


def analysis_table(
    frame: pd.DataFrame, *, source: str = "", value: str | None = None
) -> pd.DataFrame:
    """``frame`` shaped for :mod:`clustera.analytics`: long, wide (panel) or counted.

    - long: a region column (``region``, ``region__code``, ``geo``, ``country``...), an
      activity column (``activity``, ``category``, ``nace``, ``technology``...) and a
      value column (``value``, ``count``, ``total``..., or ``value=`` names it);
      optionally ``year``. Rows without a value are left out (a long table lists the
      cells it knows).
    - an organisation list (the directory's export): ``region`` and ``nace`` with
      ``;``-joined codes, counted per region and activity.
    - wide: the first column is the region (or ``year`` and ``region``), every other
      column a number.

    Raises
    ------
    DataFormatError
        The table is none of these, naming the columns found and the columns needed.
    """
    columns = [str(c) for c in frame.columns]
    region, activity = _find(columns, _REGION), _find(columns, _ACTIVITY)
    measure = value if value is not None else _find(columns, _VALUE)
    if value is not None and value not in columns:
        raise DataFormatError("no such column", source=source, field="value", value=value)
    if region and activity and measure:
        keep = {region: "region", activity: "activity", measure: "value"}
        if "year" in columns:
            keep = {"year": "year", **keep}
        long = frame[list(keep)].rename(columns=keep)
        long = long[long["value"].astype(str).str.strip().ne("") & long["value"].notna()]
        _check_long(long, frame.attrs.get("lines"), source, measure)
        return long.reset_index(drop=True)
    if region and activity and not measure:
        if activity.lower() in _LISTED:
            return _counted(frame, region, activity)
        raise DataFormatError(
            f"a long table needs a value column besides {region!r} and {activity!r} "
            f"(one of {list(_VALUE)}, or name it with --value); found columns {columns}",
            source=source,
            line=1,
        )
    numeric = [c for c in columns if pd.api.types.is_numeric_dtype(frame[c])]
    if {"year", "region"} <= set(columns) and len(numeric) == len(columns) - 1:
        return frame.set_index(["year", "region"])
    wide = len(columns) > 1 and "year" not in columns and columns[0] not in numeric
    if wide and len(numeric) == len(columns) - 1:
        return frame.set_index(columns[0]).rename_axis("region")
    raise DataFormatError(
        "not a table of values by region: expected a long table (region, activity, value, "
        "optionally year), a wide table (region, then one numeric column per activity) or an "
        f"organisation list (region, nace); found columns {columns}",
        source=source,
        line=1,
    )


def _counted(frame: pd.DataFrame, region: str, activity: str) -> pd.DataFrame:
    """Organisations per region and activity, from ``;``-joined activity codes."""
    pairs = frame[[region, activity]].rename(columns={region: "region", activity: "activity"})
    pairs = pairs.assign(activity=pairs["activity"].astype(str).str.split(";")).explode("activity")
    pairs["activity"] = pairs["activity"].str.strip()
    pairs = pairs[pairs["region"].astype(str).str.strip().ne("") & pairs["activity"].ne("")]
    counted = pairs.groupby(["region", "activity"]).size().rename("value").reset_index()
    return counted.astype({"value": "int64"})


def _check_long(long: pd.DataFrame, lines: list[int] | None, source: str, measure: str) -> None:
    """Refuse a text, negative or repeated value, naming the file's line."""

    def line_of(position: int) -> int | None:
        return lines[position] if lines else None

    numbers = pd.to_numeric(long["value"], errors="coerce")
    for problem, bad in (
        ("not a number", numbers.isna()),
        ("negative count", numbers < 0),
    ):
        if bad.any():
            position = int(bad.to_numpy().argmax())
            raise DataFormatError(
                problem,
                source=source,
                line=line_of(int(long.index[position])),
                field=measure,
                value=long["value"].iloc[position],
            )
    keys = [key for key in ("year", "region", "activity") if key in long.columns]
    repeated = long.duplicated(keys, keep="first").to_numpy()
    if repeated.any():
        position = int(repeated.argmax())
        cell = tuple(str(value) for value in long[keys].iloc[position])
        raise DataFormatError(
            f"({', '.join(keys)}) {cell} appears more than once",
            source=source,
            line=line_of(int(long.index[position])),
        )
