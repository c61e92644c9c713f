"""``clustera events generate`` and ``schedule`` round trip through files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clustera.cli import main
from clustera.scheduling import Instance, Schedule, evaluate, validate


def test_generate_then_schedule_round_trip(tmp_path):
    runner = CliRunner()
    instance_path, schedule_path = tmp_path / "event.json", tmp_path / "schedule.json"
    made = runner.invoke(
        main,
        ["events", "generate", "--participants", "120", "--seed", "3", "--out", str(instance_path)],
    )
    assert made.exit_code == 0, made.output
    assert "120 participants" in made.output
    done = runner.invoke(
        main,
        [
            "events",
            "schedule",
            str(instance_path),
            "--time-limit",
            "1",
            "--out",
            str(schedule_path),
        ],
    )
    assert done.exit_code == 0, done.output
    instance = Instance.read(instance_path)
    schedule = Schedule.read(schedule_path)
    assert validate(instance, schedule) == []
    figures = evaluate(instance, schedule)
    written = json.loads(schedule_path.read_text())
    assert written["weight"] == figures.weight and written["idle_slots"] == figures.idle_slots
    assert f"weight      {figures.weight}" in done.output
    assert f"idle slots  {figures.idle_slots}" in done.output
    assert "LP bound" in done.output and "gap" in done.output
    tables = {m["table"] for m in written["meetings"]}
    assert min(tables) >= 1 and max(tables) <= instance.tables


def test_bad_instance_is_an_error_and_writes_nothing(tmp_path):
    instance_path, schedule_path = tmp_path / "event.json", tmp_path / "schedule.json"
    instance_path.write_text(
        json.dumps(
            {
                "slots": [
                    {"id": "S01", "start": "2027-05-11T09:00:00", "end": "2027-05-11T09:20:00"}
                ],
                "tables": 3,
                "participants": [{"id": "P1", "available": ["S01"], "max_meetings": 1}],
                "requests": [{"a": "P1", "b": "P404"}],
            }
        )
    )
    done = CliRunner().invoke(
        main, ["events", "schedule", str(instance_path), "--out", str(schedule_path)]
    )
    assert done.exit_code != 0
    assert "P404" in done.output and "event.json" in done.output
    assert not schedule_path.exists()


def test_malformed_json_names_the_line(tmp_path):
    path = tmp_path / "event.json"
    path.write_text('{"slots": [\n}')
    done = CliRunner().invoke(
        main, ["events", "schedule", str(path), "--out", str(tmp_path / "s.json")]
    )
    assert done.exit_code != 0 and "line 2" in done.output
