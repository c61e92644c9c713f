"""Bad instances are refused with an error naming the item; empty or infeasible ones give empty schedules."""

from __future__ import annotations

import copy

import pytest

from clustera.errors import DuplicateError, InvalidInputError, UnknownCodeError
from clustera.scheduling import Instance, solve, validate

from .conftest import event

GOOD = {
    "slots": [
        {"id": "S01", "start": "2027-05-11T09:00:00", "end": "2027-05-11T09:20:00"},
        {"id": "S02", "start": "2027-05-11T09:20:00", "end": "2027-05-11T09:40:00"},
    ],
    "tables": 1,
    "participants": [
        {"id": "P1", "available": ["S01", "S02"], "max_meetings": 2},
        {"id": "P2", "available": ["S02"], "max_meetings": 2},
        {"id": "P3", "available": ["S01"], "max_meetings": 1},
    ],
    "requests": [{"a": "P1", "b": "P2", "weight": 2}, {"a": "P1", "b": "P3"}],
}


def broken(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "error", "named"),
    [
        (lambda d: d["requests"].append({"a": "P1", "b": "P9"}), UnknownCodeError, "P9"),
        (lambda d: d["participants"][0]["available"].append("S07"), UnknownCodeError, "S07"),
        (lambda d: d["requests"].append({"a": "P2", "b": "P2"}), InvalidInputError, "P2"),
        (lambda d: d["requests"].append({"a": "P2", "b": "P1"}), DuplicateError, "P2-P1"),
        (lambda d: d["participants"].append(dict(d["participants"][0])), DuplicateError, "P1"),
        (lambda d: d["slots"].append(dict(d["slots"][0])), DuplicateError, "S01"),
        (lambda d: d["participants"][1].update(max_meetings=-1), InvalidInputError, "-1"),
        (lambda d: d["requests"][0].update(weight=0), InvalidInputError, "weight"),
        (lambda d: d.update(tables=-3), InvalidInputError, "tables"),
        (lambda d: d["slots"][1].update(start="2027-05-11T09:10:00"), InvalidInputError, "S02"),
        (lambda d: d["slots"][1].update(start="half past nine"), InvalidInputError, "half past"),
        (lambda d: d["participants"][0].pop("available"), InvalidInputError, "available"),
    ],
)
def test_bad_input_is_refused_naming_the_item(change, error, named):
    with pytest.raises(error) as raised:
        Instance.from_dict(broken(change), source="event.json")
    assert named in str(raised.value)
    assert "event.json" in str(raised.value)


def test_the_good_instance_is_accepted_and_scheduled_optimally():
    instance = Instance.from_dict(GOOD)
    result = solve(instance, time_limit=1)
    assert validate(instance, result.schedule) == []
    # P1-P2 only fits S02 and P1-P3 only S01: both, with one table per slot
    assert result.weight == 3
    assert {(m.pair, m.slot) for m in result.schedule.meetings} == {
        (frozenset({"P1", "P2"}), "S02"),
        (frozenset({"P1", "P3"}), "S01"),
    }


@pytest.mark.parametrize("method", ["clustera", "greedy", "cpsat"])
def test_empty_and_infeasible_instances_give_empty_schedules(method):
    empty = event(3, {}, [])
    no_tables = event(2, {"A": ([1, 2], 2), "B": ([1, 2], 2)}, [("A", "B", 1)], tables=0)
    apart = event(2, {"A": ([1], 2), "B": ([2], 2)}, [("A", "B", 1)])
    no_caps = event(2, {"A": ([1, 2], 0), "B": ([1, 2], 2)}, [("A", "B", 1)])
    no_slots = event(0, {"A": ([], 2), "B": ([], 2)}, [("A", "B", 1)])
    for instance in (empty, no_tables, apart, no_caps, no_slots):
        result = solve(instance, time_limit=0.5, method=method)
        assert result.schedule.meetings == ()
        assert result.weight == 0 and result.idle_slots == 0
