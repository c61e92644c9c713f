"""XPath 1.0 values as ODK reads answers: conversions to number, boolean and string, and ``=``.

>>> number(""), number("2026-01-02"), boolean("0"), equal("5", 5.0)
(nan, 20455.0, True, True)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

__all__ = ["Value", "boolean", "equal", "number", "string", "to_value"]

Value = bool | float | str | dt.date
_EPOCH = dt.date(1970, 1, 1)
_NUMBER = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_value(answer: object) -> Value:
    """An answer as XPath sees it: a string, with numbers written out and lists space-joined.

    >>> to_value(["a", "b"]), to_value(3.0), to_value(None)
    ('a b', '3', '')
    """
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, int | float):
        return string(float(answer))
    if isinstance(answer, dt.date):
        return answer.isoformat()
    if isinstance(answer, list | tuple):
        return " ".join(str(a) for a in answer)
    if isinstance(answer, Mapping):
        return str(answer.get("name", ""))
    return str(answer)


def equal(left: Value, right: Value) -> bool:
    """XPath ``=``: as booleans if either side is one, else as numbers if either is, else strings."""
    if isinstance(left, bool) or isinstance(right, bool):
        return boolean(left) == boolean(right)
    if isinstance(left, float | dt.date) or isinstance(right, float | dt.date):
        return number(left) == number(right)
    return left == right


def number(value: Value) -> float:
    """XPath ``number()``, plus ISO dates as days since 1970-01-01 (as ODK casts dates)."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date):
        return float((value - _EPOCH).days)
    if _NUMBER.fullmatch(value):
        return float(value)
    if _DATE.fullmatch(value.strip()):
        try:
            return float((dt.date.fromisoformat(value.strip()) - _EPOCH).days)
        except ValueError:
            return math.nan
    return math.nan


def boolean(value: Value) -> bool:
    """XPath ``boolean()``: numbers other than 0 and NaN, non-empty strings, dates are true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, dt.date):
        return True
    return value != ""


def string(value: Value) -> str:
    """XPath ``string()``: integral numbers without a decimal point, NaN and Infinity spelled out."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(int(value)) if value.is_integer() else repr(value)
