"""A generator of realistic B2B event instances, for tests, demos and the benchmark."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from clustera.scheduling._model import Instance, Participant, Request, Slot

__all__ = ["generate_instance"]


def _slots(count: int, day: datetime, minutes: int) -> tuple[Slot, ...]:
    # two sessions: the first half from 09:00, the rest from 14:00
    morning = (count + 1) // 2
    slots = []
    for number in range(count):
        session_start = day.replace(hour=9) if number < morning else day.replace(hour=14)
        offset = number if number < morning else number - morning
        start = session_start + timedelta(minutes=minutes * offset)
        slots.append(Slot(f"S{number + 1:02d}", start, start + timedelta(minutes=minutes)))
    return tuple(slots)


def _availability(rng: np.random.Generator, count: int, blocked_share: float) -> list[int]:
    """Indices of available slots: a contiguous block away (late arrival, early leave) or scattered."""
    blocked_count = min(count - 1, int(rng.binomial(count, blocked_share)))
    if blocked_count and rng.random() < 0.6:
        start = int(
            rng.choice([0, count - blocked_count, int(rng.integers(0, count - blocked_count + 1))])
        )
        blocked = set(range(start, start + blocked_count))
    else:
        blocked = {int(s) for s in rng.choice(count, size=blocked_count, replace=False)}
    return [slot for slot in range(count) if slot not in blocked]


def generate_instance(
    participants: int = 3000,
    seed: int = 0,
    *,
    slots: int | None = None,
    requests_per_participant: float = 14000 / 3000,
    tables_share: float = 0.4,
    blocked_share: float = 0.11,
    sectors: int = 12,
    same_sector_bias: float = 4.0,
    pareto_shape: float = 1.5,
    minutes: int = 20,
    day: datetime = datetime(2027, 5, 11),
) -> Instance:
    """Generate a B2B event: slots in two sessions, partial availability, heavy-tailed requests.

    Each participant belongs to one of ``sectors`` and has an attractiveness drawn from a
    Pareto distribution (shape ``pareto_shape``), so a few participants receive many requests.
    Each sends a Poisson number of requests (mean ``requests_per_participant``) to targets drawn
    with probability proportional to attractiveness, times ``same_sector_bias`` within the sector.
    A pair requested both ways becomes one mutual request of weight 2; 5 % of requests are
    must-meet (weight 3). About ``blocked_share`` of the participant-slots are blocked, as one
    contiguous absence (60 %) or scattered. Caps are 8, 10 or 12 meetings. Tables are
    ``tables_share`` of the participants.

    Parameters
    ----------
    participants : int
        Number of participants.
    seed : int
        Seed of the random generator; the same seed gives the same instance.
    slots : int, optional
        Number of 20-minute slots; drawn from 16-18 when not given.
    requests_per_participant, tables_share, blocked_share, sectors, same_sector_bias, pareto_shape,
    minutes, day
        The shape of the event, as described above.

    Returns
    -------
    Instance
        A valid instance; participant ids ``P00001``..., slot ids ``S01``...

    Examples
    --------
    >>> instance = generate_instance(participants=300, seed=0)
    >>> len(instance.participants), instance.tables, 16 <= len(instance.slots) <= 18
    (300, 120, True)
    """
    rng = np.random.default_rng(seed)
    count = int(slots) if slots is not None else int(rng.integers(16, 19))
    slot_list = _slots(count, day, minutes)
    names = [f"P{number + 1:05d}" for number in range(participants)]
    sector = rng.integers(0, sectors, size=participants)
    attractiveness = rng.pareto(pareto_shape, size=participants) + 1.0
    people = []
    for name in names:
        available = _availability(rng, count, blocked_share)
        cap = int(rng.choice([8, 10, 12, 12, 12]))
        people.append(Participant(name, tuple(slot_list[s].id for s in available), cap))
    directed: set[tuple[int, int]] = set()
    same = sector[:, None] == sector[None, :] if participants <= 4000 else None
    for sender in range(participants):
        wanted = int(rng.poisson(requests_per_participant))
        if wanted == 0 or participants < 2:
            continue
        bias = (
            np.where(same[sender], same_sector_bias, 1.0)
            if same is not None
            else np.where(sector == sector[sender], same_sector_bias, 1.0)
        )
        scores = attractiveness * bias
        scores[sender] = 0.0
        wanted = min(wanted, participants - 1)
        targets = rng.choice(participants, size=wanted, replace=False, p=scores / scores.sum())
        directed.update((sender, int(target)) for target in targets)
    requests = []
    for sender, target in sorted(directed):
        if (target, sender) in directed and target < sender:
            continue
        mutual = (target, sender) in directed
        weight = 3 if rng.random() < 0.05 else (2 if mutual else 1)
        requests.append(Request(names[sender], names[target], weight))
    tables = max(1, round(tables_share * participants))
    return Instance(
        slot_list, tables, tuple(people), tuple(requests), source=f"generated(seed={seed})"
    )
