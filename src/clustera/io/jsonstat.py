"""JSON-stat 2.0 datasets as served by the Eurostat statistics API (``format=JSON``).

References
----------
JSON-stat format, version 2.0, https://json-stat.org/format/ (``value`` and
``status`` as arrays or objects keyed by the row-major flat index).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clustera.errors import DataFormatError
from clustera.io._observations import read_text, tidy_frame

__all__ = ["read_jsonstat"]


def _categories(dimension: Any, name: str, size: int, source: str) -> list[str]:
    try:
        index = dimension["category"]["index"]
    except (KeyError, TypeError):
        index = None
    if index is None:
        labels = dimension.get("category", {}).get("label") if isinstance(dimension, dict) else None
        if isinstance(labels, dict) and len(labels) == 1 == size:
            return [str(next(iter(labels)))]
        raise DataFormatError(
            "dimension has no category index", source=source, field=f"dimension.{name}"
        )
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        codes = [""] * len(index)
        for code, position in index.items():
            if not isinstance(position, int) or not 0 <= position < len(index) or codes[position]:
                raise DataFormatError(
                    "category positions must be 0..n-1, each once",
                    source=source, field=f"dimension.{name}.category.index", value={code: position},
                )  # fmt: skip
            codes[position] = str(code)
    else:
        raise DataFormatError(
            "category index must be a list or an object", source=source, field=f"dimension.{name}"
        )
    if len(codes) != size:
        raise DataFormatError(
            f"{len(codes)} categories but size says {size}",
            source=source,
            field=f"dimension.{name}",
            value=codes,
        )
    return codes


def _by_position(member: Any, total: int, name: str, source: str) -> dict[int, Any]:
    """Return ``value`` or ``status`` as {flat position: entry}, dropping nulls."""
    if member is None:
        return {}
    if isinstance(member, str) and name == "status":
        return dict.fromkeys(range(total), member)
    if isinstance(member, list):
        if len(member) != total:
            raise DataFormatError(
                f"{name} has {len(member)} entries, the sizes give {total}",
                source=source,
                field=name,
            )
        return {position: entry for position, entry in enumerate(member) if entry is not None}
    if isinstance(member, dict):
        result: dict[int, Any] = {}
        for key, entry in member.items():
            if not str(key).isdigit() or int(key) >= total:
                raise DataFormatError(
                    f"key is not a flat index below {total}",
                    source=source,
                    field=f"{name}[{key!r}]",
                    value=entry,
                )
            if entry is not None:
                result[int(key)] = entry
        return result
    raise DataFormatError(f"{name} must be an array or an object", source=source, field=name)


def _flags(positions: np.ndarray, statuses: dict[int, object]) -> tuple[list[str], list[str]]:
    """The observation flag and confidentiality status of each position's status text."""
    obs_flags, conf_statuses = [], []
    for position in positions.tolist():
        text = str(statuses.get(position, ""))
        if "|" in text:
            flag, _, status = text.partition("|")
        else:  # the older single-letter convention: "c" marks a confidential value
            flag, status = text.replace("c", ""), "C" if "c" in text else ""
        obs_flags.append(flag)
        conf_statuses.append(status)
    return obs_flags, conf_statuses


def read_jsonstat(path: str | Path) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset into the tidy observation table.

    Only positions that carry a value or a status become rows: JSON-stat
    leaves out positions with no data (listed by Eurostat under
    ``extension["positions-with-no-data"]``). A status ``"e"`` is an
    observation flag; ``"|C"`` (Eurostat's ``obs_flag|conf_status``) is a
    confidentiality status, and the value is then missing.

    Parameters
    ----------
    path : str or Path
        ``.json`` or ``.json.gz``.

    Returns
    -------
    pandas.DataFrame
        One column per dimension except ``time``, then ``time``, ``value``
        (float64), ``obs_flag``, ``conf_status``. ``attrs`` holds ``dataset``
        (``extension.id``), ``label``, ``last_update`` (``updated``),
        ``flag_labels``, ``category_labels`` (dimension -> code -> label),
        ``format`` and ``source``.

    Raises
    ------
    DataFormatError
        Invalid JSON (with line and column), a class other than ``dataset``,
        sizes that disagree with the categories, or a value that is not a number.

    Examples
    --------
    >>> import json, tempfile, os
    >>> dataset = {"version": "2.0", "class": "dataset", "id": ["geo", "time"], "size": [1, 3],
    ...            "dimension": {"geo": {"category": {"index": {"DE11": 0}}},
    ...                          "time": {"category": {"index": ["2022", "2023", "2024"]}}},
    ...            "value": {"0": 2.5, "1": 2.6}, "status": {"1": "e", "2": "|C"}}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.json")
    ...     _ = open(path, "w").write(json.dumps(dataset))
    ...     table = read_jsonstat(path)
    >>> table[["geo", "time", "value", "obs_flag", "conf_status"]].values.tolist()
    [['DE11', '2022', 2.5, '', ''], ['DE11', '2023', 2.6, 'e', ''], ['DE11', '2024', nan, '', 'C']]
    """
    source = str(path)
    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise DataFormatError(
            f"invalid JSON: {exc.msg} (column {exc.colno})", source=source, line=exc.lineno
        ) from exc
    if not isinstance(document, dict) or document.get("class", "dataset") != "dataset":
        raise DataFormatError(
            "not a JSON-stat 2.0 dataset (class must be 'dataset')", source=source, field="class"
        )
    if "error" in document and "value" not in document:
        raise DataFormatError(
            "the file is an API error response",
            source=source,
            field="error",
            value=document["error"],
        )
    identifiers, sizes = document.get("id"), document.get("size")
    if (
        not isinstance(identifiers, list)
        or not isinstance(sizes, list)
        or len(identifiers) != len(sizes)
    ):
        raise DataFormatError(
            "'id' and 'size' must be lists of the same length", source=source, field="id"
        )
    dimensions = document.get("dimension", {})
    codes = [
        _categories(dimensions.get(name), str(name), int(size), source)
        for name, size in zip(identifiers, sizes, strict=True)
    ]
    total = math.prod(int(size) for size in sizes)
    values = _by_position(document.get("value"), total, "value", source)
    statuses = _by_position(document.get("status"), total, "status", source)
    positions = np.array(sorted(set(values) | set(statuses)), dtype=np.int64)
    numbers = np.full(len(positions), np.nan)
    for index, position in enumerate(positions.tolist()):
        if position in values:
            entry = values[position]
            if isinstance(entry, bool) or not isinstance(entry, int | float):
                raise DataFormatError(
                    "value is not a number", source=source, field=f"value[{position}]", value=entry
                )
            numbers[index] = float(entry)
    obs_flags, conf_statuses = _flags(positions, statuses)
    coordinates = np.unravel_index(positions, tuple(int(size) for size in sizes)) if total else ()
    columns = {
        str(name): np.array(categories, dtype=object)[coordinates[axis]]
        for axis, (name, categories) in enumerate(zip(identifiers, codes, strict=True))
    }
    time = columns.pop("time", np.full(len(positions), "", dtype=object))
    extension = document.get("extension") or {}
    attrs = {
        "format": "json-stat",
        "source": source,
        "dataset": str(extension.get("id", "")),
        "label": str(document.get("label", "")),
        "last_update": str(document.get("updated", "")),
        "flag_labels": dict((extension.get("status") or {}).get("label") or {}),
        "category_labels": {
            str(name): dict(((dimensions.get(name) or {}).get("category") or {}).get("label") or {})
            for name in identifiers
        },
    }
    return tidy_frame(
        columns,
        time,
        numbers,
        np.array(obs_flags, dtype=object),
        np.array(conf_statuses, dtype=object),
        attrs,
    )
