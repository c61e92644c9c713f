"""The registry exchange schema: tables, columns, types, and parsing of one row.

This module does not touch the database: it turns raw cells (CSV strings or
JSON values) into typed Python values, or raises an error naming the source,
line, field and value. ``docs/registry-schema.md`` documents the same tables;
a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from clustera.errors import InvalidInputError
from clustera.taxonomies import actors
from clustera.taxonomies.actors import ORGANISATION_TYPES

FORMAT_NAME = "clustera-registry"
FORMAT_VERSION = 1

SIZE_CLASSES = ("", *actors.SIZE_CLASSES)
CLUSTER_LABELS = ("", *actors.CLUSTER_LABELS)
OFFER_KINDS = tuple(actors.OFFER_KINDS)
SERVICE_KINDS = tuple(actors.SERVICE_KINDS)
NUTS_VERSIONS = ("2010", "2013", "2016", "2021", "2024", "SYN")

_LANGUAGE = re.compile(r"^[a-z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Characters no cell may hold: C0 controls but tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Field lengths shared with the API's schemas (``clustera.registry.api_schemas``) and the
#: database columns, so a file cannot hold what the API would refuse.
MAX_KEY = 64
MAX_NAME = 300
MAX_TITLE = 500
MAX_CITY = 120
MAX_ADDRESS = 400
MAX_URL = 400
MAX_DESCRIPTION = 20_000
MAX_CODE = 64


class RowError(InvalidInputError):
    """A cell that does not fit its column."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, dict, list)):
        raise ValueError("expected text")
    return str(value).strip()


def _integer(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("expected a whole number")
        return int(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(\.0+)?", text) is None:
        raise ValueError("expected a whole number")
    return int(float(text))


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("expected a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("expected a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("expected a finite number")
    return number


def _boolean(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ValueError("expected true or false")


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("expected a date as YYYY-MM-DD") from None


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    codes = [str(item).strip() for item in items if str(item).strip()]
    if len(set(codes)) != len(codes):
        raise ValueError("a code is listed twice")
    return codes


def _languages(value: Any) -> list[str]:
    codes = _codes(value)
    for code in codes:
        if not _LANGUAGE.match(code):
            raise ValueError(f"language {code!r} is not an ISO 639-1 code such as 'en'")
    return codes


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value)
        if text not in options:
            shown = ", ".join(repr(o) for o in options if o)
            raise ValueError(f"expected one of {shown}")
        return text

    return parse


def _country(value: Any) -> str:
    text = _text(value)
    if not _COUNTRY.match(text):
        raise ValueError("expected a two-letter upper-case country code")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.match(text):
        raise ValueError("expected an e-mail address")
    return text


def _url(value: Any) -> str:
    text = _text(value)
    if text and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", text):
        raise ValueError("expected an http(s) address")
    return text


def _trl(value: Any) -> int | None:
    number = _integer(value)
    if number is not None and not 1 <= number <= 9:
        raise ValueError("a TRL is between 1 and 9")
    return number


def _year(value: Any) -> int | None:
    number = _integer(value)
    if number is not None and not 1000 <= number <= 2100:
        raise ValueError("expected a year between 1000 and 2100")
    return number


def _level(value: Any) -> int | None:
    number = _integer(value)
    if number is not None and not 0 <= number <= 3:
        raise ValueError("a NUTS level is 0, 1, 2 or 3")
    return number


def _non_negative(value: Any) -> int | None:
    number = _integer(value)
    if number is not None and number < 0:
        raise ValueError("expected zero or more")
    return number


@dataclass(frozen=True)
class Column:
    """One column of an exchange table."""

    name: str
    parse: Callable[[Any], Any]
    required: bool = False
    help: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class Table:
    """One exchange table: its columns and the columns that form its key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _taxonomy(name: str) -> Table:
    return Table(
        name,
        (
            Column(
                "scheme", _text, True, "classification scheme, e.g. NACE2, NACE21, KET, ATI, WIPO35"
            ),
            Column("code", _text, True, "code within the scheme (NACE dotted: C26.1)"),
            Column("name", _text, True),
            Column("parent", _text, help="parent code in the same scheme"),
            Column("level", _non_negative, help="depth in the hierarchy, 0 at the top"),
        ),
        ("scheme", "code"),
    )


TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        (
            Column("code", _text, True, "NUTS code"),
            Column("nuts_version", _choice(NUTS_VERSIONS), True, "2016, 2021, 2024 or SYN"),
            Column("level", _level, True),
            Column("name", _text, True),
            Column("parent", _text, help="code of the parent region in the same version"),
            Column("country", _country, True),
            Column("geometry", _text, help="GeoJSON geometry, lon/lat degrees"),
            Column("label_lon", _number),
            Column("label_lat", _number),
            Column("population", _non_negative),
            Column("area_km2", _number),
        ),
        ("code", "nuts_version"),
    ),
    _taxonomy("activities"),
    _taxonomy("technologies"),
    _taxonomy("ecosystems"),
    _taxonomy("s3_priorities"),
    Table(
        "organisations",
        (
            Column("id", _text, True, "stable identifier", MAX_KEY),
            Column("name", _text, True, max_length=MAX_NAME),
            Column("type", _choice(ORGANISATION_TYPES), True),
            Column("description", _text, max_length=MAX_DESCRIPTION),
            Column("website", _url, max_length=MAX_URL),
            Column("address", _text, max_length=MAX_ADDRESS),
            Column("city", _text, max_length=MAX_CITY),
            Column(
                "region",
                _text,
                help="region code (newest NUTS version holding it)",
                max_length=MAX_CODE,
            ),
            Column("country", _country, True),
            Column("lat", _number),
            Column("lon", _number),
            Column("size_class", _choice(SIZE_CLASSES)),
            Column("employees", _non_negative),
            Column("founded", _year),
            Column(
                "nace", _codes, help="activity codes, ';'-separated; 'SCHEME:code' when ambiguous"
            ),
            Column("technologies", _codes, help="technology codes, ';'-separated"),
            Column("ecosystems", _codes, help="ecosystem codes, ';'-separated"),
            Column("languages", _languages, help="ISO 639-1 codes, ';'-separated"),
            Column("is_public", _boolean, help="true (default) or false"),
        ),
        ("id",),
    ),
    Table(
        "clusters",
        (
            Column("organisation", _text, True, "id of a cluster organisation", MAX_KEY),
            Column("label", _choice(CLUSTER_LABELS), help="gold, silver, bronze or empty"),
            Column("label_date", _date),
            Column("year_founded", _year),
            Column("management_staff", _non_negative),
            Column("s3_priorities", _codes),
            Column("members_count", _non_negative),
            Column("sme_members_count", _non_negative),
        ),
        ("organisation",),
    ),
    Table(
        "memberships",
        (
            Column("cluster", _text, True, "id of the cluster organisation", MAX_KEY),
            Column("member", _text, True, "id of the member organisation", MAX_KEY),
            Column("since", _year),
        ),
        ("cluster", "member"),
    ),
    Table(
        "offers",
        (
            Column("id", _text, True, max_length=MAX_KEY),
            Column("organisation", _text, True, max_length=MAX_KEY),
            Column("kind", _choice(OFFER_KINDS), True),
            Column("title", _text, True, max_length=MAX_NAME),
            Column("description", _text, max_length=MAX_DESCRIPTION),
            Column("technologies", _codes),
            Column("nace", _codes),
            Column("created", _date),
        ),
        ("id",),
    ),
    Table(
        "services",
        (
            Column("id", _text, True, max_length=MAX_KEY),
            Column("organisation", _text, True, max_length=MAX_KEY),
            Column("kind", _choice(SERVICE_KINDS), True),
            Column("name", _text, True, max_length=MAX_NAME),
            Column("description", _text, max_length=MAX_DESCRIPTION),
            Column("technology", _text),
            Column("trl_min", _trl, True),
            Column("trl_max", _trl, True),
            Column("access_conditions", _text),
            Column("languages", _languages),
        ),
        ("id",),
    ),
    Table(
        "projects",
        (
            Column("id", _text, True, "stable identifier, e.g. the CORDIS project id", MAX_KEY),
            Column("title", _text, max_length=MAX_TITLE),
            Column("programme", _text, help="programme part(s), ';'-joined"),
            Column("start_year", _year),
            Column("description", _text),
            Column("source", _text, help="where the record comes from, e.g. CORDIS H2020"),
        ),
        ("id",),
    ),
    Table(
        "participations",
        (
            Column("project", _text, True, "id of the project", MAX_KEY),
            Column("organisation", _text, True, "id of the organisation", MAX_KEY),
            Column("role", _text, help="coordinator, participant, ..."),
        ),
        ("project", "organisation"),
    ),
    Table(
        "contacts",
        (
            Column("organisation", _text, True, max_length=MAX_KEY),
            Column("name", _text, True, max_length=MAX_NAME),
            Column("email", _email, True),
            Column("role", _text),
            Column("is_personal_data", _boolean),
        ),
        ("organisation", "email"),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table_for_columns(columns: list[str], source: str) -> Table:
    """The table whose key columns a CSV header has (for a CSV given without --table)."""
    header = set(columns)
    candidates = [t for t in TABLES if set(c.name for c in t.columns if c.required) <= header]
    exact = [t for t in candidates if header <= set(t.column_names)]
    if len(exact) == 1:
        return exact[0]
    closest = max(TABLES, key=lambda t: len(header & set(t.column_names)))
    missing = [c.name for c in closest.columns if c.required and c.name not in header]
    if not exact and missing and header & set(closest.column_names):
        raise InvalidInputError(
            f"required column(s) missing: {', '.join(missing)} (the header looks like table "
            f"{closest.name!r}; name another with --table)",
            source=source,
            line=1,
            field=missing[0],
        )
    raise InvalidInputError(
        "cannot tell which table this header belongs to; name it with --table "
        f"({', '.join(TABLES_BY_NAME)})",
        source=source,
        line=1,
        value=",".join(columns),
    )


def check_header(table: Table, columns: list[str], source: str) -> None:
    """Refuse unknown, duplicated or missing required columns, naming them."""
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise InvalidInputError("column appears twice", source=source, line=1, field=name)
        seen.add(name)
        if name not in table.column_names:
            raise InvalidInputError(
                f"unknown column for table {table.name!r}; expected some of "
                f"{', '.join(table.column_names)}",
                source=source,
                line=1,
                field=name,
            )
    missing = [c.name for c in table.columns if c.required and c.name not in seen]
    if missing:
        raise InvalidInputError(
            f"required column(s) missing: {', '.join(missing)}",
            source=source,
            line=1,
            field=missing[0],
        )


def _check_characters(value: Any) -> None:
    """Refuse control characters (NUL and the like) in any text cell, naming the first."""
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and (found := _CONTROL.search(text)):
            raise ValueError(
                f"control character U+{ord(found.group()):04X} at position {found.start() + 1}"
            )


def parse_row(
    table: Table, raw: Mapping[str, Any], source: str, line: int | None
) -> dict[str, Any]:
    """Typed values of one row, or a RowError naming the source, line, field and value."""
    row: dict[str, Any] = {}
    for column in table.columns:
        value = raw.get(column.name)
        try:
            _check_characters(value)
            parsed = column.parse(value)
            if column.max_length is not None and len(str(parsed)) > column.max_length:
                raise ValueError(
                    f"{len(str(parsed))} characters, more than the {column.max_length} allowed"
                )
        except ValueError as exc:
            shown = value if not isinstance(value, str) or len(value) <= 80 else value[:80] + "…"
            raise RowError(
                str(exc), source=source, line=line, field=column.name, value=shown
            ) from None
        if column.required and parsed in (None, "", []):
            raise RowError(
                "a value is required", source=source, line=line, field=column.name, value=value
            )
        row[column.name] = parsed
    if table.name == "services" and row["trl_min"] > row["trl_max"]:
        raise RowError(
            "trl_min is above trl_max",
            source=source,
            line=line,
            field="trl_min",
            value=raw.get("trl_min"),
        )
    return row
