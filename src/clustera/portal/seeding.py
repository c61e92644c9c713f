"""Seeding the whole demo site: the synthetic world into the registry, then the observatory.

This use case spans two apps, so it lives above both (the registry must not import the
observatory): ``clustera demo`` calls it, and so do tests that need a seeded world.
"""

from __future__ import annotations

from clustera.content.services import seed_demo as seed_demo_content
from clustera.events.demo_world import seed_demo as seed_demo_events
from clustera.observatory.services import Progress, load_world_datasets
from clustera.partnering.services import seed_demo
from clustera.partnerships.services import seed_demo as seed_partnerships
from clustera.registry.importing import ImportReport
from clustera.registry.seeding import import_world
from clustera.surveys.services import seed_demo as seed_surveys


def seed_world(
    seed: int, scale: str | int, progress: Progress | None = None, with_datasets: bool = True
) -> ImportReport:
    """Generate the synthetic world for ``seed`` and ``scale`` and import it (one transaction).

    With ``with_datasets`` its employment and patent datasets are loaded into the observatory
    and their indicators computed too.
    """
    from clustera.synth import generate_world

    world = generate_world(seed=seed, scale=scale)
    report = import_world(world, progress=progress)
    seed_partnerships(seed)
    if with_datasets:
        load_world_datasets(world, progress=progress)
    seed_surveys(world, seed)
    seed_demo(seed)  # demo people acting for organisations, a conversation, a request
    seed_demo_events(seed)
    seed_demo_content(seed)  # last: its items link to the demo's events, calls and partnerships
    return report
