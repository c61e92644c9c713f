"""The synthetic world's own code lists: activities, technologies, ecosystems, S3 priorities.

Every list is small, fictional in its codes and plausible in its names. Each
activity and technology has a position in a two-dimensional latent "product
space"; closeness in that space is the hidden relatedness that drives where
activities co-locate, so the observatory's relatedness methods have signal to find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["Taxonomy", "build_taxonomy", "ACTIVITY_SCHEME"]

ACTIVITY_SCHEME = "SYN-NACE"
# The first latent axis runs from simple to complex activities; squeezing the second
# (the "domain" axis) makes sophistication the main direction of specialisation.
_AXES = np.array([1.0, 0.5])

_DATA = "taxonomy.json"


def _load() -> dict[str, Any]:
    """The fictional code lists, stored as data beside this module."""
    text = resources.files("clustera.synth").joinpath("data", _DATA).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class Taxonomy:
    """The code lists and the latent positions behind them."""

    activities: pd.DataFrame
    technologies: pd.DataFrame
    ecosystems: pd.DataFrame
    s3_priorities: pd.DataFrame
    leaf_codes: tuple[str, ...]
    leaf_position: npt.NDArray[np.float64]  # (leaves, 2) latent coordinates
    leaf_complexity: npt.NDArray[np.float64]  # capabilities an activity needs
    field_codes: tuple[str, ...]
    field_position: npt.NDArray[np.float64]
    ati_codes: tuple[str, ...]
    ati_fields: tuple[tuple[int, ...], ...]  # field positions (0-based) behind each ATI code
    ati_ket: tuple[str, ...]
    ecosystem_divisions: tuple[tuple[str, ...], ...]
    s3_ecosystems: tuple[tuple[int, ...], ...]


def _activity_rows(
    rng: np.random.Generator, sections: list[dict[str, Any]]
) -> tuple[
    list[dict[str, object]],
    list[str],
    list[npt.NDArray[np.float64]],
    list[float],
    dict[str, npt.NDArray[np.float64]],
]:
    rows: list[dict[str, object]] = []
    leaf_codes: list[str] = []
    leaf_positions: list[npt.NDArray[np.float64]] = []
    complexity: list[float] = []
    division_position: dict[str, npt.NDArray[np.float64]] = {}
    for section in sections:
        code = section["section"]
        rows.append(
            {
                "scheme": ACTIVITY_SCHEME,
                "code": code,
                "name": section["name"],
                "parent": "",
                "level": 0,
            }
        )
        for division in section["divisions"]:
            number = division["division"]
            rows.append(
                {
                    "scheme": ACTIVITY_SCHEME,
                    "code": number,
                    "name": division["name"],
                    "parent": code,
                    "level": 1,
                }
            )
            centre = np.asarray(section["anchor"], dtype=float) + rng.normal(0.0, 0.55, size=2)
            division_position[number] = centre
            division_complexity = section["complexity"] + rng.normal(0.0, 0.4)
            for index, group_name in enumerate(division["groups"], start=1):
                leaf = f"{number}.{index}"
                rows.append(
                    {
                        "scheme": ACTIVITY_SCHEME,
                        "code": leaf,
                        "name": group_name,
                        "parent": number,
                        "level": 2,
                    }
                )
                leaf_codes.append(leaf)
                leaf_positions.append(centre + rng.normal(0.0, 0.3, size=2))
                complexity.append(max(1.0, division_complexity + rng.normal(0.0, 0.5)))
    return rows, leaf_codes, leaf_positions, complexity, division_position


def build_taxonomy(rng: np.random.Generator) -> Taxonomy:
    """The fixed code lists of ``data/taxonomy.json``, with latent positions drawn from ``rng``."""
    data = _load()
    rows, leaf_codes, leaf_positions, complexity, division_position = _activity_rows(
        rng, data["activities"]
    )
    technology_rows: list[dict[str, str]] = []
    field_codes, field_positions = [], []
    number = 0
    for sector in data["technology_fields"]:
        technology_rows.append(
            {"scheme": "SYN-FIELD", "code": sector["sector"], "name": sector["name"], "parent": ""}
        )
        for field in sector["fields"]:
            number += 1
            code = f"SF{number:02d}"
            technology_rows.append(
                {
                    "scheme": "SYN-FIELD",
                    "code": code,
                    "name": field["name"],
                    "parent": sector["sector"],
                }
            )
            field_codes.append(code)
            field_positions.append(
                division_position[field["division"]] + rng.normal(0.0, 0.35, size=2)
            )
    for ket in data["kets"]:
        technology_rows.append(
            {"scheme": "SYN-KET", "code": ket["code"], "name": ket["name"], "parent": ""}
        )
    ati_codes, ati_fields, ati_ket = [], [], []
    ket_of_field = _ket_of_fields(len(field_codes))
    for index, technology in enumerate(data["advanced_technologies"], start=1):
        code = f"ATI{index:02d}"
        technology_rows.append(
            {"scheme": "SYN-ATI", "code": code, "name": technology["name"], "parent": ""}
        )
        ati_codes.append(code)
        ati_fields.append(tuple(field - 1 for field in technology["fields"]))
        ati_ket.append(ket_of_field[technology["fields"][0] - 1])
    ecosystem_list = data["ecosystems"]
    ecosystems = pd.DataFrame(
        {
            "code": [f"ECO{index:02d}" for index in range(1, len(ecosystem_list) + 1)],
            "name": [ecosystem["name"] for ecosystem in ecosystem_list],
        }
    )
    priorities = data["s3_priorities"]
    s3_ecosystems = [
        tuple(sorted(rng.choice(len(ecosystem_list), size=2, replace=False).tolist()))
        for _ in priorities
    ]
    s3_priorities = pd.DataFrame(
        {
            "code": [f"S3P{index:02d}" for index in range(1, len(priorities) + 1)],
            "name": list(priorities),
        }
    )
    return Taxonomy(
        activities=pd.DataFrame(rows),
        technologies=pd.DataFrame(technology_rows),
        ecosystems=ecosystems,
        s3_priorities=s3_priorities,
        leaf_codes=tuple(leaf_codes),
        leaf_position=np.array(leaf_positions) * _AXES,
        leaf_complexity=np.array(complexity),
        field_codes=tuple(field_codes),
        field_position=np.array(field_positions) * _AXES,
        ati_codes=tuple(ati_codes),
        ati_fields=tuple(ati_fields),
        ati_ket=tuple(ati_ket),
        ecosystem_divisions=tuple(tuple(ecosystem["divisions"]) for ecosystem in ecosystem_list),
        s3_ecosystems=tuple(s3_ecosystems),
    )


def _ket_of_fields(n_fields: int) -> list[str]:
    """The KET most associated with each technology field (by field number)."""
    kets = []
    for number in range(1, n_fields + 1):
        if number in (8, 5, 1, 22):
            kets.append("KET4")
        elif number in (9, 2):
            kets.append("KET5")
        elif number in (3, 4, 6, 7):
            kets.append("KET6")
        elif number in (11, 13, 14, 15, 16):
            kets.append("KET3")
        elif number in (17, 19, 20, 21):
            kets.append("KET2")
        else:
            kets.append("KET1")
    return kets


def activity_ecosystems(taxonomy: Taxonomy) -> list[tuple[int, ...]]:
    """For each leaf activity, the positions of the ecosystems its division belongs to."""
    result = []
    for code in taxonomy.leaf_codes:
        division = code.split(".")[0]
        result.append(
            tuple(
                i
                for i, divisions in enumerate(taxonomy.ecosystem_divisions)
                if division in divisions
            )
        )
    return result


def nearest_fields(taxonomy: Taxonomy, leaf_index: int, count: int) -> list[int]:
    """Positions of the ``count`` technology fields nearest to a leaf activity in latent space."""
    distance = np.hypot(*(taxonomy.field_position - taxonomy.leaf_position[leaf_index]).T)
    return [int(index) for index in np.argsort(distance, kind="stable")[:count]]
