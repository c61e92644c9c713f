"""Eurostat tab-separated files: the legacy bulk layout and the 2023+ API layout.

Both layouts put the comma-joined dimension codes in the first cell of each
line and one period per column; each cell is ``value flags`` (``12.3 p``,
``: c``). The legacy bulk files end the first header cell in ``\\time`` and list
years in descending order with a trailing space; API files end it in
``\\TIME_PERIOD``, put ``freq`` first and list periods in ascending order.

Well-formed files are parsed by Arrow (its CSV reader and RE2 regular
expressions), so a bulk file of millions of cells reads in seconds; when
anything is off, a line-by-line pass finds the first bad line and cell and
reports it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from clustera.errors import DataFormatError
from clustera.io._observations import cell_error, from_codes, read_text, tidy_frame

__all__ = ["read_eurostat_tsv"]

# ":" not available, "-" not applicable (legacy), else a decimal number; then optional flags.
_CELL = re.compile(
    r"^(?P<value>:|-|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?:\s+(?P<flags>[A-Za-z]*))?\s*$"
)
_TIME_LABELS = {"time": "legacy", "TIME_PERIOD": "api"}
_HEADER_MESSAGE = "first header cell must end in '\\time' or '\\TIME_PERIOD'"


class _Malformed(Exception):
    """The fast path met something it cannot vouch for; the slow path will name it."""


def _header(line: str, source: str) -> tuple[list[str], list[str], str]:
    header = line.split("\t")
    first = header[0]
    if "\\" not in first or first.rsplit("\\", 1)[1].strip() not in _TIME_LABELS:
        raise cell_error(
            _HEADER_MESSAGE, source=source, line=1, column=1, column_name="", value=first
        )
    dimension_part, time_label = first.rsplit("\\", 1)
    dimensions = [name.strip() for name in dimension_part.split(",")]
    periods = [period.strip() for period in header[1:]]
    for column, period in enumerate(periods, start=2):
        if not period:
            raise cell_error(
                "empty period in the header",
                source=source,
                line=1,
                column=column,
                column_name="",
                value=header[column - 1],
            )
    if not periods or len(set(periods)) != len(periods):
        raise DataFormatError(
            "no or repeated periods in the header", source=source, line=1, value=periods
        )
    return dimensions, periods, _TIME_LABELS[time_label.strip()]


def _locate_error(lines: list[str], dimensions: list[str], periods: list[str], source: str) -> None:
    """Walk the file line by line and raise the first problem with its line and column."""
    first = ",".join(dimensions)
    for line_number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(periods) + 1:
            raise cell_error(
                f"expected {len(periods) + 1} tab-separated cells, found {len(fields)}",
                source=source,
                line=line_number,
                column=min(len(fields), len(periods) + 1) + 1,
                column_name="",
                value=line[:80],
            )
        codes = [code.strip() for code in fields[0].split(",")]
        if len(codes) != len(dimensions) or not all(codes):
            raise cell_error(
                f"expected {len(dimensions)} comma-separated codes ({first})",
                source=source,
                line=line_number,
                column=1,
                column_name=first,
                value=fields[0],
            )
        for column, cell in enumerate(fields[1:], start=2):
            if _CELL.match(cell) is None:
                raise cell_error(
                    "not a Eurostat cell ('value flags', ':' or '-')",
                    source=source,
                    line=line_number,
                    column=column,
                    column_name=periods[column - 2],
                    value=cell,
                )
    raise DataFormatError("the file could not be parsed as a Eurostat TSV", source=source)


def _parse(
    body: bytes, dimensions: list[str], periods: list[str]
) -> tuple[dict[str, pd.Categorical], list[pa.Array], list[pa.Array]]:
    names = ["key", *[f"p{index}" for index in range(len(periods))]]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        raise _Malformed from exc
    keys = pc.split_pattern(table.column("key").combine_chunks(), ",")
    if not pc.all(pc.equal(pc.list_value_length(keys), len(dimensions))).as_py():
        raise _Malformed
    codes: dict[str, pd.Categorical] = {}
    for index, name in enumerate(dimensions):
        column = pc.utf8_trim_whitespace(pc.list_element(keys, index))
        if not pc.all(pc.greater(pc.utf8_length(column), 0)).as_py():
            raise _Malformed
        encoded = column.dictionary_encode()
        codes[name] = from_codes(
            encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()
        )
    values, flags = [], []
    for index in range(len(periods)):
        parts = pc.extract_regex(table.column(f"p{index}").combine_chunks(), _CELL.pattern)
        if parts.null_count:
            raise _Malformed
        raw = pc.struct_field(parts, "value")
        missing = pc.or_(pc.equal(raw, ":"), pc.equal(raw, "-"))
        number = pc.cast(pc.if_else(missing, None, raw), pa.float64())
        flag = pc.fill_null(pc.struct_field(parts, "flags"), "")
        # "-" (not applicable) travels as a flag so it is not confused with ":".
        flags.append(
            pc.if_else(pc.equal(raw, "-"), pc.binary_join_element_wise("-", flag, ""), flag)
        )
        values.append(number)
    return codes, values, flags


def read_eurostat_tsv(path: str | Path) -> pd.DataFrame:
    r"""Read a Eurostat TSV file (legacy bulk or API layout, optionally gzipped).

    Parameters
    ----------
    path : str or Path
        ``.tsv`` or ``.tsv.gz`` file.

    Returns
    -------
    pandas.DataFrame
        One row per cell: one column per dimension in file order, ``time``
        (ascending within each series), ``value`` (float64; NaN for ``:``,
        ``-`` and confidential cells), ``obs_flag`` (flags without ``c``;
        ``-`` is kept as a flag) and ``conf_status`` (``"C"`` where the flags
        held ``c``). Code and flag columns are categorical. ``attrs`` holds
        ``format``, ``layout`` and ``source``.

    Raises
    ------
    DataFormatError
        A header without ``\time``/``\TIME_PERIOD``, a line with the wrong number
        of dimension codes or cells, or a cell that is not ``value flags``: the
        message names the file, line and column.

    Examples
    --------
    >>> import tempfile, os
    >>> text = "unit,geo\\time\t2021 \t2020 \nNR,AT\t5.5 p\t: c\n"
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "x.tsv")
    ...     _ = open(path, "w").write(text)
    ...     table = read_eurostat_tsv(path)
    >>> table[["geo", "time", "value", "obs_flag", "conf_status"]].values.tolist()
    [['AT', '2020', nan, '', 'C'], ['AT', '2021', 5.5, 'p', '']]
    """
    source = str(path)
    text = read_text(path)
    head, _, body = text.partition("\n")
    if not head.strip():
        raise DataFormatError("empty file", source=source, line=1)
    dimensions, periods, layout = _header(head.rstrip("\r"), source)
    attrs = {"format": "tsv", "layout": layout, "source": source}
    if not body.strip():  # a header without series: an empty table, not an error
        empty = np.array([], dtype=object)
        return tidy_frame(dict.fromkeys(dimensions, empty), empty, np.array([]), empty, None, attrs)
    try:
        codes, values, flags = _parse(body.encode("utf-8"), dimensions, periods)
    except (_Malformed, pa.ArrowInvalid):
        _locate_error(text.splitlines(), dimensions, periods, source)
        raise  # unreachable: _locate_error always raises
    order = np.argsort(np.array(periods), kind="stable")
    series = len(next(iter(codes.values()))) if codes else 0
    value_grid = np.column_stack([values[i].to_numpy(zero_copy_only=False) for i in order])
    flag_grid = pa.chunked_array([flags[i] for i in order]).dictionary_encode().combine_chunks()
    flag_codes = flag_grid.indices.to_numpy(zero_copy_only=False).reshape(len(periods), series).T
    repeated = {
        name: from_codes(np.repeat(column.codes, len(periods)), list(column.categories))
        for name, column in codes.items()
    }
    return tidy_frame(
        repeated,
        from_codes(np.tile(np.arange(len(periods)), series), [periods[i] for i in order]),
        value_grid.ravel(),
        from_codes(flag_codes.ravel(), flag_grid.dictionary.to_pylist()),
        None,
        attrs,
    )
