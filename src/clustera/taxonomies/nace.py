"""NACE Rev. 2 and Rev. 2.1 code lists, and Eurostat's undotted codes.

Classification files write NACE codes dotted and without the section letter
(``26.11``); Eurostat datasets write them undotted behind the section letter
(``C2611``). The two functions :func:`nace_to_dotted` and
:func:`nace_to_eurostat` convert between the forms; :func:`read_nace` reads the
code lists (a RAMON export for Rev. 2, the correspondence-tables export for
Rev. 2.1) into one table keyed by the dotted code.

References
----------
Eurostat (2008). *NACE Rev. 2 - Statistical classification of economic
activities in the European Community*. Methodologies and Working Papers.
Commission Delegated Regulation (EU) 2023/137 (NACE Rev. 2.1).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pandas as pd

from clustera.errors import DataFormatError, UnknownCodeError

__all__ = ["NaceRevision", "nace_section", "nace_to_dotted", "nace_to_eurostat", "read_nace"]

NaceRevision = Literal["2", "2.1"]

# Section letter -> (first division, last division), from the classifications.
_SECTIONS: dict[str, dict[str, tuple[int, int]]] = {
    "2": {
        "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39),
        "F": (41, 43), "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63),
        "K": (64, 66), "L": (68, 68), "M": (69, 75), "N": (77, 82), "O": (84, 84),
        "P": (85, 85), "Q": (86, 88), "R": (90, 93), "S": (94, 96), "T": (97, 98),
        "U": (99, 99),
    },
    "2.1": {
        "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39),
        "F": (41, 43), "G": (46, 47), "H": (49, 53), "I": (55, 56), "J": (58, 60),
        "K": (61, 63), "L": (64, 66), "M": (68, 68), "N": (69, 75), "O": (77, 82),
        "P": (84, 84), "Q": (85, 85), "R": (86, 88), "S": (90, 93), "T": (94, 96),
        "U": (97, 98), "V": (99, 99),
    },
}  # fmt: skip

_EUROSTAT = re.compile(r"^([A-Z])(\d{2}(?:\d{1,2})?)?$")
_DOTTED = re.compile(r"^(?:([A-Z])|(\d{2})(?:\.(\d{1,2}))?)$")


def _check_revision(revision: str) -> dict[str, tuple[int, int]]:
    if revision not in _SECTIONS:
        raise UnknownCodeError(
            "NACE revision must be '2' or '2.1'", field="revision", value=revision
        )
    return _SECTIONS[revision]


def nace_section(division: str | int, revision: NaceRevision = "2") -> str:
    """Return the section letter of a NACE division.

    >>> nace_section("26")
    'C'
    >>> nace_section(62, revision="2"), nace_section(62, revision="2.1")
    ('J', 'K')
    """
    sections = _check_revision(revision)
    number = int(division)
    for letter, (first, last) in sections.items():
        if first <= number <= last:
            return letter
    raise UnknownCodeError(f"not a NACE Rev. {revision} division", field="division", value=division)


def nace_to_dotted(code: str, revision: NaceRevision = "2") -> str:
    """Convert a Eurostat NACE code (``C261``) to the classification's dotted form (``26.1``).

    Sections stay letters; the section letter must agree with the division,
    so ``J26`` is refused rather than silently read as ``26``.

    Parameters
    ----------
    code : str
        Undotted Eurostat code: a section letter, optionally followed by the
        2-digit division, 3-digit group or 4-digit class.
    revision : {"2", "2.1"}
        The NACE revision the code belongs to (section letters differ).

    Returns
    -------
    str
        ``"C"``, ``"26"``, ``"26.1"`` or ``"26.11"``.

    Raises
    ------
    UnknownCodeError
        For aggregates such as ``B-E`` or ``TOTAL`` and inconsistent letters.

    Examples
    --------
    >>> nace_to_dotted("C2611"), nace_to_dotted("C26"), nace_to_dotted("G451")
    ('26.11', '26', '45.1')
    """
    match = _EUROSTAT.match(code.strip())
    if match is None:
        raise UnknownCodeError(
            "not a Eurostat NACE code (letter + 0, 2, 3 or 4 digits)", value=code
        )
    letter, digits = match.group(1), match.group(2)
    if digits is None:
        _check_revision(revision)
        return letter
    if nace_section(digits[:2], revision) != letter:
        raise UnknownCodeError(
            f"section letter {letter!r} does not contain division {digits[:2]} "
            f"in NACE Rev. {revision}",
            value=code,
        )
    return digits if len(digits) == 2 else f"{digits[:2]}.{digits[2:]}"


def nace_to_eurostat(code: str, revision: NaceRevision = "2") -> str:
    """Convert a dotted NACE code (``26.1``) to Eurostat's undotted form (``C261``).

    >>> nace_to_eurostat("26.11"), nace_to_eurostat("62"), nace_to_eurostat("62", "2.1")
    ('C2611', 'J62', 'K62')
    >>> nace_to_eurostat("C")
    'C'
    """
    match = _DOTTED.match(code.strip())
    if match is None:
        raise UnknownCodeError(
            "not a dotted NACE code such as 'C', '26', '26.1' or '26.11'", value=code
        )
    letter, division, rest = match.groups()
    if letter is not None:
        if letter not in _check_revision(revision):
            raise UnknownCodeError(f"not a NACE Rev. {revision} section", value=code)
        return str(letter)
    return f"{nace_section(division, revision)}{division}{rest or ''}"


def read_nace(path: str | Path, revision: NaceRevision | None = None) -> pd.DataFrame:
    """Read a NACE code list into a table indexed by the dotted code.

    Reads the Eurostat RAMON export of NACE Rev. 2 (columns ``Order, Level,
    Code, Parent, Description, ...``) and the Rev. 2.1 list (``Code, Level,
    Parent, Description``), comma- or semicolon-separated.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    revision : {"2", "2.1"}, optional
        Detected from the sections when omitted (section ``V`` exists in 2.1 only).

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (dotted, sections as letters); columns ``level`` (1
        section ... 4 class), ``parent``, ``section``, ``description`` and
        ``eurostat_code`` (undotted). ``attrs["revision"]`` names the revision.

    Raises
    ------
    DataFormatError
        Missing columns, a level that does not match the code, a parent that is
        not in the list, or a duplicated code (with the line number).
    """
    source = str(path)
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline()
    separator = ";" if header.count(";") > header.count(",") else ","
    raw = pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = {"Code", "Level", "Parent", "Description"} - set(raw.columns)
    if missing:
        raise DataFormatError(
            f"missing NACE column(s) {sorted(missing)}", source=source, line=1, value=header.strip()
        )
    codes = raw["Code"].str.strip()
    if revision is None:
        revision = "2.1" if "V" in set(codes) else "2"
    _check_revision(revision)
    sections: list[str] = []
    levels: list[int] = []
    seen: set[str] = set()
    for row_number, (code, level_text) in enumerate(zip(codes, raw["Level"], strict=True)):
        line = row_number + 2
        match = _DOTTED.match(code)
        if match is None:
            raise DataFormatError(
                "not a dotted NACE code", source=source, line=line, field="Code", value=code
            )
        if code in seen:
            raise DataFormatError(
                "duplicated NACE code", source=source, line=line, field="Code", value=code
            )
        seen.add(code)
        expected = (
            1 if match.group(1) else (2 if match.group(3) is None else len(match.group(3)) + 2)
        )
        if not level_text.strip().isdigit() or int(level_text) != expected:
            raise DataFormatError(
                f"level does not match the code {code!r} (expected {expected})",
                source=source, line=line, field="Level", value=level_text,
            )  # fmt: skip
        levels.append(expected)
        sections.append(match.group(1) or nace_section(match.group(2), revision))
    parents = raw["Parent"].str.strip()
    for row_number, parent in enumerate(parents):
        if parent and parent not in seen:
            raise DataFormatError(
                "parent is not in the code list",
                source=source,
                line=row_number + 2,
                field="Parent",
                value=parent,
            )
    table = pd.DataFrame(
        {
            "level": levels,
            "parent": parents.where(parents != "", None).tolist(),
            "section": sections,
            "description": raw["Description"].str.strip().tolist(),
            "eurostat_code": [nace_to_eurostat(code, revision) for code in codes],
        },
        index=pd.Index(codes.tolist(), name="code"),
    )
    table.attrs["revision"] = revision
    table.attrs["source"] = source
    return table
