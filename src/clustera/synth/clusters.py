"""Cluster profiles and their members.

A cluster recruits members mostly in its own region, then its own country,
and among organisations whose main activity is related to the cluster's
activities (closeness in the latent activity space), like a real cluster
organisation does.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from clustera.synth.draws import random_date, weighted_draw
from clustera.synth.organisations import Context, OrganisationChunk

__all__ = ["generate_clusters"]

_LABELS = ("gold", "silver", "bronze", "")
_LABEL_PROBABILITIES = (0.08, 0.2, 0.32, 0.4)
_SAME_REGION, _SAME_COUNTRY, _ELSEWHERE = 40.0, 3.0, 0.15
_LAST_YEAR = 2023


def _priorities(
    rng: np.random.Generator,
    ecosystem_cell: str,
    ecosystem_position: dict[str, int],
    s3_ecosystems: Sequence[Collection[int]],
    n_priorities: int,
) -> list[int]:
    """One to three S3 priorities linked to the cluster's ecosystems (any one when none is)."""
    ecosystems = {ecosystem_position[code] for code in ecosystem_cell.split(";") if code}
    priorities = [i for i, linked in enumerate(s3_ecosystems) if ecosystems.intersection(linked)]
    if not priorities:
        priorities = [int(rng.integers(n_priorities))]
    return sorted(
        rng.choice(priorities, size=min(len(priorities), int(rng.integers(1, 4))), replace=False)
    )


def generate_clusters(
    rng: np.random.Generator, context: Context, chunk: OrganisationChunk
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cluster profiles and membership links of one chunk of organisations."""
    organisations = chunk.organisations
    kinds = organisations["type"].to_numpy(dtype=object)
    countries = organisations["country"].to_numpy(dtype=object)
    founded = organisations["founded"].to_numpy()
    identifiers = organisations["id"].to_numpy(dtype=object)
    employees = organisations["employees"].to_numpy()
    ecosystem_cells = organisations["ecosystems"].to_numpy(dtype=object)
    primary = np.array([leaves[0] if leaves else -1 for leaves in chunk.leaves])
    eligible = (kinds != "cluster") & (kinds != "investor")
    s3_ecosystems = context.taxonomy.s3_ecosystems
    s3_codes = context.taxonomy.s3_priorities["code"].tolist()
    ecosystem_position = {code: i for i, code in enumerate(context.taxonomy.ecosystems["code"])}
    profiles, memberships = [], []
    by_country = {country: np.flatnonzero(countries == country) for country in np.unique(countries)}
    for position in np.flatnonzero(kinds == "cluster"):
        # Candidates: the cluster's country, and a few organisations from abroad.
        candidates = np.union1d(
            by_country[countries[position]], rng.integers(0, len(kinds), size=100)
        )
        leaves = chunk.leaves[position]
        closeness = context.leaf_closeness[leaves].max(axis=0)
        relatedness = np.where(
            primary[candidates] >= 0, closeness[np.maximum(primary[candidates], 0)], 0.3
        )
        geography = np.where(
            chunk.region[candidates] == chunk.region[position],
            _SAME_REGION,
            np.where(countries[candidates] == countries[position], _SAME_COUNTRY, _ELSEWHERE),
        )
        weights = np.where(eligible[candidates], geography * (0.02 + relatedness**2), 0.0)
        # Typically 30 members, fewer where the region has few organisations to recruit.
        local = int((chunk.region == chunk.region[position]).sum())
        size = int(max(5, min(round(30 * rng.lognormal(0.0, 0.6)), local)))
        members = candidates[weighted_draw(rng, weights, size)]
        member_kinds = kinds[members]
        for member in members:
            start = int(max(founded[position], founded[member]))
            memberships.append(
                {
                    "cluster": identifiers[position],
                    "member": identifiers[member],
                    "since": int(rng.integers(min(start, _LAST_YEAR), _LAST_YEAR + 1)),
                }
            )
        label = str(rng.choice(_LABELS, p=_LABEL_PROBABILITIES))
        chosen = _priorities(
            rng, str(ecosystem_cells[position]), ecosystem_position, s3_ecosystems, len(s3_codes)
        )
        profiles.append(
            {
                "organisation": identifiers[position],
                "label": label,
                "label_date": random_date(
                    rng, datetime.date(2018, 1, 1), datetime.date(2025, 6, 30)
                )
                if label
                else "",
                "year_founded": int(founded[position]),
                "management_staff": int(employees[position]),
                "s3_priorities": ";".join(s3_codes[i] for i in chosen),
                "members_count": len(members),
                "sme_members_count": int((member_kinds == "sme").sum()),
            }
        )
    cluster_columns = [
        "organisation",
        "label",
        "label_date",
        "year_founded",
        "management_staff",
        "s3_priorities",
        "members_count",
        "sme_members_count",
    ]
    return (
        pd.DataFrame(profiles, columns=cluster_columns),
        pd.DataFrame(memberships, columns=["cluster", "member", "since"]),
    )
