"""One entry point for Eurostat files: detect the format, call its reader."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError
from clustera.io._observations import read_text
from clustera.io.eurostat_tsv import read_eurostat_tsv
from clustera.io.jsonstat import read_jsonstat
from clustera.io.sdmx_csv import read_sdmx_csv

__all__ = ["EurostatFormat", "detect_eurostat_format", "read_eurostat"]

EurostatFormat = Literal["tsv", "sdmx-csv", "json-stat"]

_ALIASES: dict[str, EurostatFormat] = {
    "tsv": "tsv",
    "legacy-tsv": "tsv",
    "api-tsv": "tsv",
    "sdmx-csv": "sdmx-csv",
    "csv": "sdmx-csv",
    "json": "json-stat",
    "json-stat": "json-stat",
    "jsonstat": "json-stat",
}


def detect_eurostat_format(path: str | Path) -> EurostatFormat:
    r"""Tell which Eurostat format a file is in, from its first characters.

    JSON-stat starts with ``{``; TSV has a tab and a first cell ending in
    ``\time`` or ``\TIME_PERIOD``; SDMX-CSV has ``TIME_PERIOD`` and
    ``OBS_VALUE`` columns. Gzipped files are looked into.
    """
    text = read_text(path)
    head = text.lstrip()[:1]
    if head == "{":
        return "json-stat"
    first_line = text.split("\n", 1)[0]
    first_cell = first_line.split("\t", 1)[0]
    if "\t" in first_line and "\\" in first_cell:
        return "tsv"
    if "TIME_PERIOD" in first_line and "OBS_VALUE" in first_line:
        return "sdmx-csv"
    raise DataFormatError(
        "not a Eurostat TSV, SDMX-CSV or JSON-stat file",
        source=str(path),
        line=1,
        value=first_line[:80],
    )


def read_eurostat(path: str | Path, format: str | None = None) -> pd.DataFrame:  # noqa: A002
    r"""Read any Eurostat data file into one tidy long table, keeping the flags.

    Parameters
    ----------
    path : str or Path
        A legacy bulk or API TSV, an SDMX-CSV or a JSON-stat 2.0 file, plain
        or gzipped.
    format : {"tsv", "sdmx-csv", "json-stat"}, optional
        Detected from the content when omitted (aliases: ``legacy-tsv``,
        ``api-tsv``, ``csv``, ``json``).

    Returns
    -------
    pandas.DataFrame
        One column per dimension (``geo``, ``nace_r2``, ...), ``time`` (str),
        ``value`` (float64, NaN when missing or confidential), ``obs_flag``
        (``""`` when none) and ``conf_status`` (``"C"`` for confidential).
        ``attrs["format"]`` and ``attrs["source"]`` record where it came from;
        SDMX-CSV and JSON-stat add ``dataset`` and ``last_update``.

    Raises
    ------
    DataFormatError
        An unrecognised or malformed file, naming file, line and column.

    See Also
    --------
    read_eurostat_tsv, read_sdmx_csv, read_jsonstat

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.tsv")
    ...     _ = open(path, "w").write("freq,geo\\TIME_PERIOD\t2021\t2022\nA,AT\t1.5 \t2 p\n")
    ...     table = read_eurostat(path)
    >>> table.attrs["layout"], float(table["value"].sum())
    ('api', 3.5)
    """
    if format is None:
        chosen = detect_eurostat_format(path)
    elif format.lower() in _ALIASES:
        chosen = _ALIASES[format.lower()]
    else:
        raise InvalidInputError(
            f"unknown Eurostat format; use one of {sorted(set(_ALIASES.values()))}",
            field="format",
            value=format,
        )
    if chosen == "tsv":
        return read_eurostat_tsv(path)
    if chosen == "sdmx-csv":
        return read_sdmx_csv(path)
    return read_jsonstat(path)
