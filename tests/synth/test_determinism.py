"""Same seed and scale, same tables byte for byte; another seed, another world."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from clustera.synth import generate_world, write_world_parquet
from clustera.synth import world as world_module


def _csv_bytes(world) -> dict[str, bytes]:
    exported = {}
    for name, frame in world.tables().items():
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        exported[name] = buffer.getvalue().encode()
    return exported


def test_the_same_seed_exports_identical_csv():
    first, second = (
        _csv_bytes(generate_world(seed=11, scale=300)),
        _csv_bytes(generate_world(seed=11, scale=300)),
    )
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], name


def test_another_seed_gives_another_world():
    first, second = (
        _csv_bytes(generate_world(seed=11, scale=300)),
        _csv_bytes(generate_world(seed=12, scale=300)),
    )
    differing = [name for name in first if first[name] != second[name]]
    assert {"regions", "organisations", "employment", "patents", "projects"} <= set(differing)


@pytest.mark.parametrize("chunk", [50_000, 90])
def test_streamed_parquet_equals_the_world_in_memory(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(world_module, "CHUNK_ORGANISATIONS", chunk)
    paths = write_world_parquet(tmp_path, seed=4, scale=250)
    world = generate_world(seed=4, scale=250)
    for name, frame in world.tables().items():
        pd.testing.assert_frame_equal(
            pd.read_parquet(paths[name]), frame, check_dtype=True, obj=name
        )
    assert world.organisations["id"].is_unique and world.offers["id"].is_unique
    assert world.projects["id"].is_unique and world.services["id"].is_unique
