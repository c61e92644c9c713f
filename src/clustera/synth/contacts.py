"""Fictional contact persons of synthetic organisations, marked as personal data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clustera.synth.naming import slug
from clustera.synth.organisations import OrganisationChunk
from clustera.synth.text import place_names

__all__ = ["generate_contacts"]


_ROLES = {
    "cluster": ("Cluster manager", "Project officer"),
    "university": ("Technology transfer officer", "Head of research"),
    "rto": ("Business development manager", "Head of research"),
    "technology_centre": ("Head of services", "Business development manager"),
    "dih": ("Hub coordinator", "Innovation advisor"),
    "public_authority": ("Head of smart specialisation", "Policy officer"),
}


def generate_contacts(rng: np.random.Generator, chunk: OrganisationChunk) -> pd.DataFrame:
    """Zero to two fictional contact persons per organisation, marked as personal data."""
    rows = []
    given = place_names(rng, 120)
    family = place_names(rng, 240)
    for identifier, kind, website in chunk.organisations[["id", "type", "website"]].itertuples(
        index=False
    ):
        domain = str(website).removeprefix("https://")
        roles = _ROLES.get(str(kind), ("Chief executive officer", "Innovation manager"))
        for slot in range(int(rng.choice(3, p=[0.3, 0.5, 0.2]))):
            first, last = given[rng.integers(len(given))], family[rng.integers(len(family))]
            rows.append(
                {
                    "organisation": identifier,
                    "name": f"{first} {last}",
                    "email": f"{slug(first)}.{slug(last)}@{domain}",
                    "role": roles[slot],
                    "is_personal_data": True,
                }
            )
    return pd.DataFrame(rows, columns=["organisation", "name", "email", "role", "is_personal_data"])
