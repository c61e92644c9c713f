"""Clustera's synthetic world: a fictional, deterministic demo and benchmark dataset.

Everything here is invented: the countries ("Synthetic ..."), regions, code
lists, organisations, people and figures. :data:`SYNTHETIC` is the notice to
show wherever the data appears. See ``docs/synth.md`` for how it is generated.
"""

from clustera.synth.patents import PATENT_COLUMNS, PatentRecordsFile, write_patent_records
from clustera.synth.surveys import (
    LANGUAGES,
    SERVICE_TYPES,
    PlantedGap,
    survey_needs,
    survey_regions,
    technology_centres,
)
from clustera.synth.text import SYNTHETIC
from clustera.synth.world import (
    SCALES,
    TABLE_SCHEMAS,
    GroundTruth,
    World,
    generate_world,
    ground_truth,
    organisation_count,
    write_world_parquet,
)

__all__ = [
    "LANGUAGES",
    "SERVICE_TYPES",
    "PlantedGap",
    "survey_needs",
    "survey_regions",
    "technology_centres",
    "PATENT_COLUMNS",
    "SCALES",
    "SYNTHETIC",
    "TABLE_SCHEMAS",
    "PatentRecordsFile",
    "GroundTruth",
    "World",
    "generate_world",
    "ground_truth",
    "organisation_count",
    "write_patent_records",
    "write_world_parquet",
]
