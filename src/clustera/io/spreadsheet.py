"""Cells that a spreadsheet will not run: formula injection neutralised on export, restored on import.

A CSV cell such as ``=cmd|' /C calc'!A0`` is run as a formula by Excel or
LibreOffice when the file is opened. OWASP's advice is to prefix a cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return with a single
quote, which spreadsheets read as "this is text". Two choices of Clustera's:

- a cell that is a plain number (``-3.5``, ``+41``) is left alone, so that
  coordinates and negative values stay numbers in the spreadsheet;
- the prefix is reversible: :func:`restore_formula` undoes
  :func:`neutralise_formula` exactly (a value that itself starts with quotes
  before a risky character gets one more), so an export re-imports to the same
  registry.

References
----------
OWASP (2024). CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re

__all__ = ["RISKY_FIRST_CHARACTERS", "neutralise_formula", "restore_formula"]

RISKY_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _risky(text: str) -> bool:
    return text.startswith(RISKY_FIRST_CHARACTERS) and _NUMBER.fullmatch(text) is None


def neutralise_formula(value: str) -> str:
    """The cell as text a spreadsheet will not evaluate.

    Examples
    --------
    >>> neutralise_formula("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise_formula("-3.5"), neutralise_formula("Lumen Optics")
    ('-3.5', 'Lumen Optics')
    >>> neutralise_formula("'=already quoted")
    "''=already quoted"
    """
    if _risky(value.lstrip("'")):
        return "'" + value
    return value


def restore_formula(value: str) -> str:
    """The original value of a cell written by :func:`neutralise_formula`.

    Examples
    --------
    >>> restore_formula("'=1+2"), restore_formula("''=x"), restore_formula("'quoted")
    ('=1+2', "'=x", "'quoted")
    """
    if value.startswith("'") and _risky(value.lstrip("'")):
        return value[1:]
    return value
