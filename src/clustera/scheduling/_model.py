"""Instances and schedules of a B2B meeting event, with JSON (de)serialisation checked at the edge."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError

__all__ = ["Slot", "Participant", "Request", "Instance", "Meeting", "Schedule"]


@dataclass(frozen=True)
class Slot:
    """A meeting slot: an id, its start and end times, and its own number of tables (None: the
    instance's ``tables``; sessions of one event may have different numbers of tables)."""

    id: str
    start: datetime
    end: datetime
    tables: int | None = None


@dataclass(frozen=True)
class Participant:
    """A participant: the slots they are available in and their cap on meetings."""

    id: str
    available: tuple[str, ...]
    max_meetings: int


@dataclass(frozen=True)
class Request:
    """A requested meeting between participants ``a`` and ``b``; ``weight`` is its value (>= 1)."""

    a: str
    b: str
    weight: int = 1

    @property
    def pair(self) -> frozenset[str]:
        """The unordered pair of participants."""
        return frozenset((self.a, self.b))


@dataclass(frozen=True)
class Meeting:
    """A scheduled meeting: the pair, the slot id and the table number (1..tables)."""

    a: str
    b: str
    slot: str
    table: int

    @property
    def pair(self) -> frozenset[str]:
        """The unordered pair of participants."""
        return frozenset((self.a, self.b))


def _require(data: Mapping[str, Any], key: str, source: str, where: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise DataFormatError(f"missing {key!r} in {where}", source=source, field=key)
    return data[key]


def _integer(value: Any, source: str, field_name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("must be an integer", source=source, field=field_name, value=value)
    if value < minimum:
        raise InvalidInputError(
            f"must be >= {minimum}", source=source, field=field_name, value=value
        )
    return value


def _time(value: Any, source: str, field_name: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as error:
        raise InvalidInputError(
            "not an ISO 8601 date-time", source=source, field=field_name, value=value
        ) from error


@dataclass(frozen=True)
class Instance:
    """A scheduling instance: slots (kept in time order), tables, participants and requests.

    Built through :meth:`from_dict` (or :meth:`read`), which refuses unknown ids, self-requests,
    duplicates, negative caps and non-positive weights with an error naming the item.
    """

    slots: tuple[Slot, ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    source: str = field(default="instance", compare=False)

    def __post_init__(self) -> None:
        _check_instance(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "instance") -> Instance:
        """Build and validate an instance from the JSON structure described in docs/scheduling.md."""
        if not isinstance(data, Mapping):
            raise DataFormatError("an instance must be a JSON object", source=source)
        slots = []
        for number, item in enumerate(_require(data, "slots", source, "the instance")):
            where = f"slots[{number}]"
            slot_id = str(_require(item, "id", source, where))
            own = item.get("tables")
            slots.append(
                Slot(
                    slot_id,
                    _time(_require(item, "start", source, where), source, f"{where}.start"),
                    _time(_require(item, "end", source, where), source, f"{where}.end"),
                    None if own is None else _integer(own, source, f"{where}.tables", minimum=0),
                )
            )
        participants = []
        for number, item in enumerate(_require(data, "participants", source, "the instance")):
            where = f"participants[{number}]"
            available = _require(item, "available", source, where)
            if not isinstance(available, list):
                raise DataFormatError(
                    "must be a list of slot ids", source=source, field=f"{where}.available"
                )
            participants.append(
                Participant(
                    str(_require(item, "id", source, where)),
                    tuple(str(slot) for slot in available),
                    _integer(
                        item.get("max_meetings", len(slots)),
                        source,
                        f"{where}.max_meetings",
                        minimum=0,
                    ),
                )
            )
        requests = []
        for number, item in enumerate(_require(data, "requests", source, "the instance")):
            where = f"requests[{number}]"
            requests.append(
                Request(
                    str(_require(item, "a", source, where)),
                    str(_require(item, "b", source, where)),
                    _integer(item.get("weight", 1), source, f"{where}.weight", minimum=1),
                )
            )
        tables = _integer(
            _require(data, "tables", source, "the instance"), source, "tables", minimum=0
        )
        return cls(tuple(slots), tables, tuple(participants), tuple(requests), source)

    @classmethod
    def read(cls, path: str | Path) -> Instance:
        """Read an instance from a JSON file."""
        return cls.from_dict(_load_json(path), source=str(path))

    def to_dict(self) -> dict[str, Any]:
        """The JSON structure of the instance."""
        return {
            "slots": [
                {"id": s.id, "start": s.start.isoformat(), "end": s.end.isoformat()}
                | ({} if s.tables is None else {"tables": s.tables})
                for s in self.slots
            ],
            "tables": self.tables,
            "participants": [
                {"id": p.id, "available": list(p.available), "max_meetings": p.max_meetings}
                for p in self.participants
            ],
            "requests": [{"a": r.a, "b": r.b, "weight": r.weight} for r in self.requests],
        }

    def tables_in(self, slot: Slot) -> int:
        """The number of tables of a slot: its own, or the instance's."""
        return self.tables if slot.tables is None else slot.tables

    def write(self, path: str | Path) -> None:
        """Write the instance as JSON."""
        Path(path).write_text(json.dumps(self.to_dict()), encoding="utf-8")


def _check_instance(instance: Instance) -> None:
    source = instance.source
    if instance.tables < 0:
        raise InvalidInputError(
            "must be >= 0", source=source, field="tables", value=instance.tables
        )
    slot_ids: set[str] = set()
    for number, slot in enumerate(instance.slots):
        if slot.id in slot_ids:
            raise DuplicateError(
                "duplicate slot id", source=source, field=f"slots[{number}].id", value=slot.id
            )
        if slot.tables is not None and slot.tables < 0:
            raise InvalidInputError(
                "must be >= 0", source=source, field=f"slots[{number}].tables", value=slot.tables
            )
        if slot.end <= slot.start:
            raise InvalidInputError(
                "a slot must end after it starts",
                source=source,
                field=f"slots[{number}]",
                value=slot.id,
            )
        slot_ids.add(slot.id)
    ordered = sorted(instance.slots, key=lambda slot: slot.start)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.start < before.end:
            raise InvalidInputError(
                f"overlaps slot {before.id!r}", source=source, field="slots", value=after.id
            )
    if tuple(ordered) != instance.slots:
        object.__setattr__(instance, "slots", tuple(ordered))
    people: set[str] = set()
    for number, person in enumerate(instance.participants):
        where = f"participants[{number}]"
        if person.id in people:
            raise DuplicateError(
                "duplicate participant id", source=source, field=f"{where}.id", value=person.id
            )
        people.add(person.id)
        if person.max_meetings < 0:
            raise InvalidInputError(
                "must be >= 0",
                source=source,
                field=f"{where}.max_meetings",
                value=person.max_meetings,
            )
        if len(set(person.available)) != len(person.available):
            raise DuplicateError(
                "a slot is listed twice", source=source, field=f"{where}.available", value=person.id
            )
        for slot_id in person.available:
            if slot_id not in slot_ids:
                raise UnknownCodeError(
                    "unknown slot id", source=source, field=f"{where}.available", value=slot_id
                )
    pairs: set[frozenset[str]] = set()
    for number, request in enumerate(instance.requests):
        where = f"requests[{number}]"
        for name in (request.a, request.b):
            if name not in people:
                raise UnknownCodeError(
                    "unknown participant id", source=source, field=where, value=name
                )
        if request.a == request.b:
            raise InvalidInputError(
                "a participant cannot meet themself", source=source, field=where, value=request.a
            )
        if request.weight < 1:
            raise InvalidInputError(
                "must be >= 1", source=source, field=f"{where}.weight", value=request.weight
            )
        if request.pair in pairs:
            raise DuplicateError(
                "duplicate request for this pair",
                source=source,
                field=where,
                value=f"{request.a}-{request.b}",
            )
        pairs.add(request.pair)


@dataclass(frozen=True)
class Schedule:
    """A set of meetings; the extra figures (weight, idle slots, bound) travel in ``summary``."""

    meetings: tuple[Meeting, ...]
    summary: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "schedule") -> Schedule:
        """Read the meetings of a schedule JSON structure (ids are checked by ``validate``)."""
        meetings = []
        for number, item in enumerate(_require(data, "meetings", source, "the schedule")):
            where = f"meetings[{number}]"
            meetings.append(
                Meeting(
                    str(_require(item, "a", source, where)),
                    str(_require(item, "b", source, where)),
                    str(_require(item, "slot", source, where)),
                    _integer(
                        _require(item, "table", source, where), source, f"{where}.table", minimum=1
                    ),
                )
            )
        summary = {key: value for key, value in data.items() if key != "meetings"}
        return cls(tuple(meetings), summary)

    @classmethod
    def read(cls, path: str | Path) -> Schedule:
        """Read a schedule from a JSON file."""
        return cls.from_dict(_load_json(path), source=str(path))

    def to_dict(self) -> dict[str, Any]:
        """The JSON structure: ``meetings`` then the summary figures."""
        meetings = sorted(self.meetings, key=lambda m: (m.slot, m.table))
        return {
            "meetings": [{"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in meetings],
            **self.summary,
        }

    def write(self, path: str | Path) -> None:
        """Write the schedule as JSON, one meeting a line."""
        data = self.to_dict()
        meetings = ",\n  ".join(json.dumps(meeting) for meeting in data.pop("meetings"))
        rest = "".join(f',\n "{key}": {json.dumps(value)}' for key, value in data.items())
        text = (
            f'{{"meetings": [\n  {meetings}\n ]{rest}\n}}\n'
            if meetings
            else json.dumps({"meetings": [], **data})
        )
        Path(path).write_text(text, encoding="utf-8")


def _load_json(path: str | Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataFormatError(
            f"not valid JSON: {error.msg}", source=str(path), line=error.lineno
        ) from error
