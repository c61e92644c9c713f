"""The example in docs/scheduling.md is a valid instance and schedules as the page says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clustera.scheduling import Instance, solve, validate

PAGE = Path(__file__).resolve().parents[2] / "docs" / "scheduling.md"


def test_the_documented_instance_is_valid_and_scheduled():
    example = re.search(r"```json\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert example is not None
    instance = Instance.from_dict(json.loads(example.group(1)), source="docs/scheduling.md")
    result = solve(instance, time_limit=0.5)
    assert validate(instance, result.schedule) == []
    assert [(m.a, m.b, m.slot, m.table) for m in result.schedule.meetings] == [
        ("P00001", "P00042", "S02", 1)
    ]
    assert (result.weight, result.idle_slots, result.bound) == (2, 0, 2.0)


def test_every_public_name_is_on_the_page():
    import clustera.scheduling

    text = PAGE.read_text(encoding="utf-8")
    missing = [name for name in clustera.scheduling.__all__ if f"`{name}" not in text]
    assert missing == []
