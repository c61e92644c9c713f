"""What every Eurostat reader shares: reading (gzipped) text, splitting flags, the tidy table."""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError

# CONF_STATUS codes that withhold the value (SDMX cross-domain code list CL_CONF_STATUS):
# C confidential, D secondary confidentiality, N not for publication, S sensitive.
CONFIDENTIAL_STATUSES = frozenset({"C", "D", "N", "S"})

OBSERVATION_COLUMNS = ("time", "value", "obs_flag", "conf_status")


def read_text(path: str | Path) -> str:
    """Return the text of a file, gunzipping it when it starts with the gzip magic bytes."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataFormatError(f"cannot read the file: {exc.strerror}", source=str(path)) from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise DataFormatError(f"corrupt gzip file: {exc}", source=str(path)) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFormatError("not UTF-8 text", source=str(path), line=line) from exc


def cell_error(
    message: str, *, source: str, line: int, column: int, column_name: str, value: Any
) -> DataFormatError:
    """Build the error for one bad cell, naming file, line, column number and header."""
    return DataFormatError(
        f"{message} (column {column})", source=source, line=line, field=column_name, value=value
    )


def from_codes(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """Build a categorical from integer codes and unique string categories."""
    index: pd.Index = pd.Index(categories, dtype=object)
    result: pd.Categorical = pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int64), categories=index
    )
    return result


def categorical(values: Any) -> pd.Categorical:
    """Return codes as a categorical (strings; missing entries become ``""`` only for flags)."""
    if isinstance(values, pd.Categorical):
        return values
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return from_codes(codes, [str(unique) for unique in uniques])


def _relabel(column: pd.Categorical, labels: list[str]) -> pd.Categorical:
    # Map each category through ``labels`` (which may merge categories) without touching rows.
    new_codes, uniques = pd.factorize(np.asarray(labels, dtype=object))
    mapped = new_codes[column.codes] if len(labels) else column.codes
    return from_codes(mapped, [str(unique) for unique in uniques])


def tidy_frame(
    dimensions: Mapping[str, Any],
    time: Any,
    value: np.ndarray,
    obs_flag: Any,
    conf_status: Any | None,
    attrs: dict[str, Any],
) -> pd.DataFrame:
    """Assemble the tidy long table; confidential observations lose their value.

    ``conf_status=None`` means the flags follow the TSV convention, where a
    ``c`` among the flags marks a confidential cell: it moves to ``conf_status``.
    """
    if not isinstance(obs_flag, pd.Categorical):
        obs_flag = pd.Series(obs_flag, dtype=object).fillna("").to_numpy()
    flags = categorical(obs_flag)
    if conf_status is None:
        names = [str(name) for name in flags.categories]
        status = _relabel(flags, ["C" if "c" in name else "" for name in names])
        flags = _relabel(flags, [name.replace("c", "") for name in names])
    else:
        status = categorical(pd.Series(conf_status, dtype=object).fillna("").to_numpy())
    values = np.asarray(value, dtype=np.float64).copy()
    confidential = np.isin(np.asarray(status.categories), list(CONFIDENTIAL_STATUSES))
    if confidential.any():
        values[np.isin(status.codes, np.flatnonzero(confidential))] = np.nan
    columns: dict[str, Any] = {name: categorical(codes) for name, codes in dimensions.items()}
    columns["time"] = categorical(time)
    columns["value"] = values
    columns["obs_flag"] = flags
    columns["conf_status"] = status
    frame = pd.DataFrame(columns)
    frame.attrs.update(attrs)
    return frame
