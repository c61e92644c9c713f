"""What a query reads: a pandas DataFrame, local Parquet files, or remote Parquet addresses."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import pandas as pd

from clustera.errors import DataFormatError, InvalidInputError

__all__ = ["RecordSource", "Table", "as_table"]

RecordSource: TypeAlias = "pd.DataFrame | str | os.PathLike[str] | Sequence[str | os.PathLike[str]]"
"""Records to aggregate: a DataFrame, a Parquet file, a folder or glob of them, or a list."""

_GLOB_CHARACTERS = frozenset("*?[")
_PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class Table:
    """One input table, either in memory or as Parquet files an engine reads itself.

    ``files`` are local paths or addresses such as ``s3a://bucket/patents/`` that
    only the engine resolves; ``label`` names the input in error messages.
    """

    label: str
    frame: pd.DataFrame | None = None
    files: tuple[str, ...] = ()


def _is_address(text: str) -> bool:
    return "://" in text


def _expand(entry: str | os.PathLike[str]) -> list[str]:
    text = os.fspath(entry)
    if _is_address(text):
        return [text]
    if _GLOB_CHARACTERS & set(text):
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            raise InvalidInputError("no Parquet file matches this pattern", source=text)
        return matches
    path = Path(text)
    if path.is_dir():
        files = sorted(str(found) for found in path.rglob("*.parquet"))
        if not files:
            raise InvalidInputError("the folder holds no .parquet file", source=text)
        return files
    if not path.is_file():
        raise InvalidInputError("no such file or folder", source=text)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != _PARQUET_MAGIC:
        raise DataFormatError(
            "not a Parquet file (read CSV and other formats with clustera.io, then pass a DataFrame)",
            source=text,
            value=magic,
        )
    return [str(path)]


def as_table(source: RecordSource, *, label: str) -> Table:
    """Normalise ``source`` to a :class:`Table`, failing on missing files or wrong types."""
    if isinstance(source, pd.DataFrame):
        return Table(label=label, frame=source)
    if isinstance(source, str | os.PathLike):
        files = _expand(source)
        return Table(label=os.fspath(source), files=tuple(files))
    if (
        isinstance(source, Sequence)
        and source
        and all(isinstance(item, str | os.PathLike) for item in source)
    ):
        files = [file for item in source for file in _expand(item)]
        return Table(label=", ".join(os.fspath(item) for item in source), files=tuple(files))
    raise InvalidInputError(
        "expected a pandas DataFrame, a Parquet path, folder or glob, or a list of them",
        field=label,
        value=type(source).__name__,
    )
