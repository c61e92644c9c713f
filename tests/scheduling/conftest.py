"""Small hand-made and random instances for the scheduler's tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from clustera.scheduling import Instance


def event(
    slots: int,
    people: dict[str, tuple[list[int], int]],
    requests: list[tuple[str, str, int]],
    tables: int = 10,
    slot_tables: list[int | None] | None = None,
) -> Instance:
    """An instance from slot numbers (1-based, 20 minutes each from 09:00) and tuples;
    ``slot_tables`` gives slots their own number of tables (None: ``tables``)."""
    times = []
    for number in range(slots):
        start, end = 9 * 60 + 20 * number, 9 * 60 + 20 * (number + 1)
        times.append((f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
    own = slot_tables or [None] * slots
    data: dict[str, Any] = {
        "slots": [
            {"id": f"S{n + 1}", "start": f"2027-05-11T{start}", "end": f"2027-05-11T{end}"}
            | ({} if own[n] is None else {"tables": own[n]})
            for n, (start, end) in enumerate(times)
        ],
        "tables": tables,
        "participants": [
            {"id": name, "available": [f"S{n}" for n in available], "max_meetings": cap}
            for name, (available, cap) in people.items()
        ],
        "requests": [{"a": a, "b": b, "weight": w} for a, b, w in requests],
    }
    return Instance.from_dict(data)


@st.composite
def small_instances(draw: st.DrawFn, max_people: int = 6, max_slots: int = 4) -> Instance:
    """Random valid instances small enough to solve by enumeration."""
    slots = draw(st.integers(1, max_slots))
    count = draw(st.integers(2, max_people))
    names = [f"P{n}" for n in range(count)]
    people = {
        name: (
            draw(st.lists(st.integers(1, slots), unique=True, max_size=slots)),
            draw(st.integers(0, slots)),
        )
        for name in names
    }
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 6)))
    requests = [(a, b, draw(st.integers(1, 3))) for a, b in chosen]
    # sessions with different numbers of tables: some slots have their own
    own = draw(st.lists(st.none() | st.integers(0, 3), min_size=slots, max_size=slots))
    return event(slots, people, requests, tables=draw(st.integers(0, 3)), slot_tables=own)
