"""SDMX-CSV files as served by the Eurostat SDMX 2.1 API (``format=SDMX-CSV``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clustera.errors import DataFormatError
from clustera.io._observations import cell_error, from_codes, read_text, tidy_frame

__all__ = ["read_sdmx_csv"]

_SERVICE_COLUMNS = ("DATAFLOW", "LAST UPDATE", "STRUCTURE", "STRUCTURE_ID", "ACTION")


def read_sdmx_csv(path: str | Path) -> pd.DataFrame:
    """Read an SDMX-CSV file into the tidy observation table.

    Parameters
    ----------
    path : str or Path
        ``.csv`` or ``.csv.gz``; comma- or semicolon-separated, one observation
        per line with ``TIME_PERIOD`` and ``OBS_VALUE`` columns, optionally
        ``OBS_FLAG`` and ``CONF_STATUS``.

    Returns
    -------
    pandas.DataFrame
        One column per dimension (all columns other than the SDMX service and
        observation columns, in file order), ``time``, ``value`` (float64,
        NaN when empty or confidential), ``obs_flag``, ``conf_status``.
        ``attrs`` holds ``dataset`` (the DATAFLOW), ``last_update``,
        ``format`` and ``source``.

    Raises
    ------
    DataFormatError
        Missing observation columns, a line with the wrong number of fields, or
        an ``OBS_VALUE`` that is not a number (with file, line and column).

    Examples
    --------
    >>> import tempfile, os
    >>> text = ("DATAFLOW,LAST UPDATE,freq,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\\n"
    ...         "ESTAT:X(1.0),29/04/16 23:00:00,A,AT,2012,5.062,p,\\n"
    ...         "ESTAT:X(1.0),29/04/16 23:00:00,A,AT,2013,,,C\\n")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.csv")
    ...     _ = open(path, "w").write(text)
    ...     table = read_sdmx_csv(path)
    >>> table[["geo", "time", "value", "obs_flag", "conf_status"]].values.tolist()
    [['AT', '2012', 5.062, 'p', ''], ['AT', '2013', nan, '', 'C']]
    >>> table.attrs["dataset"]
    'ESTAT:X(1.0)'
    """
    source = str(path)
    text = read_text(path)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return _read_fast(text, delimiter, source)
    except (_Malformed, pa.ArrowInvalid):
        return _read_checked(text, delimiter, source)


class _Malformed(Exception):
    """The fast path cannot vouch for the file; the checked path names the problem."""


def _read_fast(text: str, delimiter: str, source: str) -> pd.DataFrame:
    """Arrow's CSV reader: fast on well-formed files, raises on anything doubtful."""
    raw_header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    table = pacsv.read_csv(
        pa.py_buffer(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(use_threads=False),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
        convert_options=pacsv.ConvertOptions(
            strings_can_be_null=False, column_types=dict.fromkeys(raw_header, pa.string())
        ),
    )
    header = [name.strip() for name in table.column_names]
    if "TIME_PERIOD" not in header or "OBS_VALUE" not in header or len(set(header)) != len(header):
        raise _Malformed
    table = table.rename_columns(header)
    columns = {name: table.column(name).combine_chunks() for name in header}
    if any(column.type != pa.string() for column in columns.values()):
        raise _Malformed
    observation_columns = {"TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"}
    dimensions = [
        name for name in header if name not in observation_columns and name not in _SERVICE_COLUMNS
    ]
    raw = pc.utf8_trim_whitespace(columns["OBS_VALUE"])
    values = pc.cast(pc.if_else(pc.equal(raw, ""), None, raw), pa.float64())

    def encoded(name: str) -> pd.Categorical:
        if name not in columns:
            return from_codes(np.zeros(table.num_rows, dtype=np.int64), [""])
        dictionary = pc.utf8_trim_whitespace(columns[name]).dictionary_encode()
        return from_codes(
            dictionary.indices.to_numpy(zero_copy_only=False), dictionary.dictionary.to_pylist()
        )

    attrs = {"format": "sdmx-csv", "source": source}
    for column, key in (("DATAFLOW", "dataset"), ("LAST UPDATE", "last_update")):
        if column in columns and table.num_rows:
            attrs[key] = str(columns[column][0].as_py())
    return tidy_frame(
        {name: encoded(name) for name in dimensions},
        encoded("TIME_PERIOD"),
        values.to_numpy(zero_copy_only=False),
        encoded("OBS_FLAG"),
        encoded("CONF_STATUS"),
        attrs,
    )


def _read_checked(text: str, delimiter: str, source: str) -> pd.DataFrame:
    """Line-by-line reading that names the first bad line and column."""
    first_line = text.split("\n", 1)[0]
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise DataFormatError("empty file", source=source, line=1)
    header = [name.strip() for name in rows[0]]
    for required in ("TIME_PERIOD", "OBS_VALUE"):
        if required not in header:
            raise DataFormatError(
                f"missing SDMX-CSV column {required!r}",
                source=source,
                line=1,
                value=first_line[:120],
            )
    observation_columns = {"TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS"}
    dimensions = [
        name for name in header if name not in observation_columns and name not in _SERVICE_COLUMNS
    ]
    body = [row for row in rows[1:] if row]
    for index, row in enumerate(body):
        if len(row) != len(header):
            raise cell_error(
                f"expected {len(header)} fields, found {len(row)}",
                source=source, line=index + 2, column=min(len(row), len(header)),
                column_name=header[min(len(row), len(header)) - 1], value=delimiter.join(row)[:80],
            )  # fmt: skip
    # Blank lines were dropped above; recover true line numbers for messages.
    line_numbers = [number for number, row in enumerate(rows, start=1) if row][1:]
    table = pd.DataFrame(body, columns=header, dtype=str)
    raw_values = table["OBS_VALUE"].str.strip()
    values = pd.to_numeric(raw_values.where(raw_values != ""), errors="coerce")
    bad = values.isna() & (raw_values != "")
    if bad.any():
        row_index = int(np.flatnonzero(bad.to_numpy())[0])
        raise cell_error(
            "OBS_VALUE is not a number",
            source=source, line=line_numbers[row_index], column=header.index("OBS_VALUE") + 1,
            column_name="OBS_VALUE", value=raw_values.iloc[row_index],
        )  # fmt: skip
    empty = np.full(len(table), "", dtype=object)
    attrs = {"format": "sdmx-csv", "source": source}
    for column, key in (("DATAFLOW", "dataset"), ("LAST UPDATE", "last_update")):
        if column in table.columns and len(table):
            attrs[key] = str(table[column].iloc[0])
    return tidy_frame(
        {name: table[name].str.strip().to_numpy() for name in dimensions},
        table["TIME_PERIOD"].str.strip().to_numpy(),
        values.to_numpy(dtype=np.float64),
        table["OBS_FLAG"].str.strip().to_numpy() if "OBS_FLAG" in table.columns else empty,
        table["CONF_STATUS"].str.strip().to_numpy() if "CONF_STATUS" in table.columns else empty,
        attrs,
    )
