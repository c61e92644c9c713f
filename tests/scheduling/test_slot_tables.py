"""Slots with their own number of tables (sessions with different table counts)."""

from __future__ import annotations

import pytest

from clustera.errors import InvalidInputError
from clustera.scheduling import Instance, Meeting, Schedule, free_common_slots, solve, validate

from .conftest import event

PAIRS = [("A", "B", 1), ("C", "D", 1), ("E", "F", 1), ("G", "H", 1)]
EVERYONE = {name: ([1, 2], 1) for name in "ABCDEFGH"}


@pytest.mark.parametrize("method", ["greedy", "cpsat", "clustera"])
def test_every_method_fills_each_slot_up_to_its_own_tables(method):
    # one table in S1, three in S2: all four meetings fit only as 1 + 3
    instance = event(2, EVERYONE, PAIRS, tables=2, slot_tables=[1, 3])
    result = solve(instance, time_limit=1, method=method)
    assert validate(instance, result.schedule) == []
    assert result.weight == 4
    per_slot = {"S1": 0, "S2": 0}
    for meeting in result.schedule.meetings:
        per_slot[meeting.slot] += 1
        assert meeting.table <= (1 if meeting.slot == "S1" else 3)
    assert per_slot == {"S1": 1, "S2": 3}
    assert result.bound == pytest.approx(4)


def test_the_instance_tables_apply_where_a_slot_has_none_and_the_bound_counts_them():
    instance = event(2, EVERYONE, PAIRS, tables=1, slot_tables=[None, 2])
    result = solve(instance, time_limit=1)
    assert result.weight == 3 and result.bound == pytest.approx(3)


def test_validate_refuses_a_table_beyond_the_slots_own_count():
    instance = event(2, EVERYONE, PAIRS, tables=5, slot_tables=[1, None])
    broken = Schedule((Meeting("A", "B", "S1", 1), Meeting("C", "D", "S1", 2)))
    assert validate(instance, broken) == ["meeting C-D in S1: table 2 outside 1..1"]
    assert validate(instance, Schedule((Meeting("C", "D", "S2", 5),))) == []


def test_slot_tables_are_read_written_and_checked():
    instance = event(2, EVERYONE, PAIRS, tables=2, slot_tables=[0, 3])
    data = instance.to_dict()
    assert [s.get("tables") for s in data["slots"]] == [0, 3]
    assert Instance.from_dict(data) == instance
    data["slots"][1]["tables"] = -1
    with pytest.raises(InvalidInputError, match=r"slots\[1\]\.tables"):
        Instance.from_dict(data)


def test_self_booking_sees_the_slots_own_tables():
    instance = event(2, EVERYONE, PAIRS, tables=1, slot_tables=[None, 2])
    taken = Schedule((Meeting("A", "B", "S1", 1), Meeting("C", "D", "S2", 1)))
    assert free_common_slots(instance, taken, "E", "F") == ["S2"]
