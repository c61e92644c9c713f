"""Errors raised by Clustera's pure core and services.

Every error about user input names where the bad value came from (file, line,
field) and the value itself, so a user can find and fix it without a debugger.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ClusteraError",
    "InvalidInputError",
    "DataFormatError",
    "UnknownCodeError",
    "DuplicateError",
    "ConvergenceError",
    "DownloadError",
    "OfflineError",
]


class ClusteraError(Exception):
    """Base class of every error Clustera raises on purpose."""


class InvalidInputError(ClusteraError, ValueError):
    """Input that Clustera refuses: it names the source, line, field and value.

    >>> str(InvalidInputError("not a number", source="emp.csv", line=4, field="value", value="x"))
    "emp.csv, line 4, field 'value', value 'x': not a number"
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.source is not None:
            where.append(str(self.source))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class DataFormatError(InvalidInputError):
    """A file whose layout does not match the format it claims (columns, header, encoding)."""


class UnknownCodeError(InvalidInputError):
    """A code (region, activity, technology...) that is not in the code list in force."""


class DuplicateError(InvalidInputError):
    """A key that must be unique appears more than once."""


class ConvergenceError(ClusteraError):
    """An iterative method did not converge."""


class DownloadError(ClusteraError):
    """An explicit data download failed (HTTP error, checksum mismatch, timeout)."""


class OfflineError(DownloadError):
    """The source could not be reached at all (no network, DNS failure, refused)."""
