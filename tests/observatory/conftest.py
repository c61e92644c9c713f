from __future__ import annotations

import pytest

from clustera.observatory.generated_world import build_generated_world
from clustera.observatory.services import load_world_datasets


@pytest.fixture
def world(db):
    """A small generated world (12 regions, 10 activities, 3 years) loaded with its indicators."""
    generated = build_generated_world(n_regions=12, n_activities=10, n_years=3, seed=1)
    datasets = load_world_datasets(generated)
    return {"world": generated, "employment": datasets[0], "patents": datasets[1]}
