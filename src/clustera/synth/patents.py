"""Synthetic patent microdata: applications with fractional region and class shares.

One record is one (application, region, technology class) combination, laid out
like REGPAT joined to a fractional technology-field table: ``region_share`` is the
share of the application's inventors living in ``region`` and ``class_share`` the
application's fractional share in ``tech_class``. For every application the shares
of its distinct regions sum to 1, and so do the shares of its distinct classes, so
the fractional count of a record is ``region_share * class_share`` and these sum to
1 per application.

Regions specialise: each region draws the main class of its applications from its
own propensity row, and further classes are the main class's neighbours in the
class list, so co-classification and regional co-specialisation carry signal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from clustera.errors import InvalidInputError
from clustera.io.patents import PATENT_RECORD_COLUMNS

__all__ = [
    "PATENT_COLUMNS",
    "PatentModel",
    "PatentRecordsFile",
    "generate_patent_table",
    "write_model_records",
    "write_patent_records",
]

PATENT_COLUMNS = PATENT_RECORD_COLUMNS  # the stored layout, defined once in clustera.io

_SCHEMA = pa.schema(
    [
        ("appln_id", pa.int64()),
        ("year", pa.int32()),
        ("region", pa.string()),
        ("region_share", pa.float64()),
        ("tech_class", pa.string()),
        ("class_share", pa.float64()),
    ]
)

# Probabilities of 1, 2, 3 inventor regions and 1, 2, 3 classes per application.
_REGION_COUNT_PROBABILITIES = np.array([0.72, 0.20, 0.08])
_CLASS_COUNT_PROBABILITIES = np.array([0.55, 0.30, 0.15])
_ROWS_PER_CHUNK = 1_000_000
_PATENT_STREAM = 7


@dataclass(frozen=True)
class PatentModel:
    """What drives synthetic patenting: who patents, in what, and when.

    ``propensity`` has one row per region and one column per class; row ``r``
    is proportional to the probability that an application of region ``r`` has
    its main class in each column. ``region_weights`` sets how many
    applications each region files; ``year_weights`` how they spread over years.
    """

    region_codes: tuple[str, ...]
    class_codes: tuple[str, ...]
    region_weights: npt.NDArray[np.float64]
    propensity: npt.NDArray[np.float64]
    years: tuple[int, ...]
    year_weights: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        n_regions, n_classes = len(self.region_codes), len(self.class_codes)
        if self.propensity.shape != (n_regions, n_classes):
            raise InvalidInputError(
                f"propensity must have shape ({n_regions}, {n_classes})",
                field="propensity",
                value=self.propensity.shape,
            )
        if len(self.year_weights) != len(self.years) or not self.years:
            raise InvalidInputError(
                "one weight per year is needed", field="years", value=self.years
            )


@dataclass(frozen=True)
class PatentRecordsFile:
    """A Parquet file of synthetic patent records and what it holds."""

    path: Path
    n_records: int
    n_applications: int
    n_row_groups: int


def _cumulative(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    cumulative = np.cumsum(weights, dtype=np.float64)
    result: npt.NDArray[np.float64] = cumulative / cumulative[-1]
    return result


class _Sampler:
    """Precomputed cumulative tables for fast vectorised draws."""

    def __init__(self, model: PatentModel) -> None:
        self.model = model
        self.region_cumulative = _cumulative(model.region_weights)
        self.year_cumulative = _cumulative(model.year_weights)
        rows = model.propensity / model.propensity.sum(axis=1, keepdims=True)
        within = np.cumsum(rows, axis=1)
        within[:, -1] = 1.0
        # Row r's cumulative sits in [r, r + 1]: one sorted array serves every region.
        self.flat_cumulative = (within + np.arange(len(rows))[:, None]).ravel()
        self.region_array = pa.array(model.region_codes, type=pa.string())
        self.class_array = pa.array(model.class_codes, type=pa.string())
        self.years = np.asarray(model.years, dtype=np.int32)

    def draw_counts(
        self, rng: np.random.Generator, n_applications: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        n_regions, n_classes = len(self.model.region_codes), len(self.model.class_codes)
        region_counts = rng.choice(3, size=n_applications, p=_REGION_COUNT_PROBABILITIES) + 1
        class_counts = rng.choice(3, size=n_applications, p=_CLASS_COUNT_PROBABILITIES) + 1
        return np.minimum(region_counts, n_regions), np.minimum(class_counts, n_classes)

    def chunk(self, rng: np.random.Generator, n_records: int, first_id: int) -> pa.Table:
        """Exactly ``n_records`` records of whole applications numbered from ``first_id``."""
        region_counts, class_counts = self.draw_counts(rng, n_records // 2 + 8)
        rows_per_application = region_counts * class_counts
        taken = int(np.searchsorted(np.cumsum(rows_per_application), n_records, side="right"))
        region_counts, class_counts = region_counts[:taken], class_counts[:taken]
        remainder = n_records - int((region_counts * class_counts).sum())
        # Top up with single-region, single-class applications to hit the count exactly.
        region_counts = np.concatenate([region_counts, np.ones(remainder, dtype=np.int64)])
        class_counts = np.concatenate([class_counts, np.ones(remainder, dtype=np.int64)])
        n_applications = len(region_counts)
        n_regions, n_classes = len(self.model.region_codes), len(self.model.class_codes)

        main_region = np.searchsorted(self.region_cumulative, rng.random(n_applications))
        main_region = np.minimum(main_region, n_regions - 1)
        flat = np.searchsorted(self.flat_cumulative, main_region + rng.random(n_applications))
        main_class = np.clip(flat - main_region * n_classes, 0, n_classes - 1)
        year_index = np.searchsorted(self.year_cumulative, rng.random(n_applications))
        year = self.years[np.minimum(year_index, len(self.years) - 1)]

        # Co-inventor regions and further classes are near neighbours in the code lists.
        region_steps = rng.integers(1, 4, size=(n_applications, 3))
        region_steps[:, 0] = 0
        region_offsets = np.cumsum(region_steps, axis=1)
        class_steps = rng.choice(np.array([1, 2]), size=(n_applications, 3))
        class_steps[:, 0] = 0
        class_offsets = np.cumsum(class_steps, axis=1)
        inventors = rng.integers(1, 4, size=(n_applications, 3)).astype(np.float64)
        inventors[:, 0] += 1.0  # most inventors live in the applicant's main region
        inventors[np.arange(3)[None, :] >= region_counts[:, None]] = 0.0
        inventor_totals = inventors.sum(axis=1)

        rows = region_counts * class_counts
        application = np.repeat(np.arange(n_applications), rows)
        starts = np.cumsum(rows) - rows
        position = np.arange(len(application)) - starts[application]
        region_slot = position // class_counts[application]
        class_slot = position % class_counts[application]

        region_index = (
            main_region[application] + region_offsets[application, region_slot]
        ) % n_regions
        class_index = (main_class[application] + class_offsets[application, class_slot]) % n_classes
        region_share = inventors[application, region_slot] / inventor_totals[application]
        class_share = 1.0 / class_counts[application].astype(np.float64)
        return pa.table(
            {
                "appln_id": pa.array(first_id + application, type=pa.int64()),
                "year": pa.array(year[application], type=pa.int32()),
                "region": self.region_array.take(pa.array(region_index)),
                "region_share": pa.array(region_share, type=pa.float64()),
                "tech_class": self.class_array.take(pa.array(class_index)),
                "class_share": pa.array(class_share, type=pa.float64()),
            },
            schema=_SCHEMA,
        )


def _tables(
    model: PatentModel, *, seed: int, n_records: int, rows_per_chunk: int = _ROWS_PER_CHUNK
) -> Iterator[pa.Table]:
    """The records in chunks of ``rows_per_chunk`` whole applications, one random stream each."""
    sampler = _Sampler(model)
    first_id = 1
    for index, start in enumerate(range(0, n_records, rows_per_chunk)):
        size = min(rows_per_chunk, n_records - start)
        table = sampler.chunk(np.random.default_rng([seed, _PATENT_STREAM, index]), size, first_id)
        first_id = int(table.column("appln_id")[-1].as_py()) + 1
        yield table


def generate_patent_table(model: PatentModel, *, seed: int, n_records: int) -> pa.Table:
    """All ``n_records`` records of ``model`` in memory, as written by the streaming writer."""
    tables = list(_tables(model, seed=seed, n_records=n_records))
    return pa.concat_tables(tables) if tables else _SCHEMA.empty_table()


def benchmark_patent_model(
    *, seed: int, n_regions: int, n_classes: int, years: tuple[int, int] | range
) -> PatentModel:
    """A patent model with heavy-tailed region sizes and regional specialisation."""
    if n_regions < 1 or n_classes < 1:
        raise InvalidInputError(
            "n_regions and n_classes must be at least 1",
            field="n_regions/n_classes",
            value=(n_regions, n_classes),
        )
    year_list = _year_list(years)
    rng = np.random.default_rng([seed, _PATENT_STREAM, 1_000_003])
    from clustera.synth.geography import level3_codes_for

    region_codes = level3_codes_for(n_regions)
    width = max(2, len(str(n_classes)))
    class_codes = tuple(f"SF{index:0{width}d}" for index in range(1, n_classes + 1))
    region_weights = rng.lognormal(0.0, 1.2, size=n_regions)
    # Regions and classes sit on a circle; regions patent mostly in classes near them.
    region_angle = rng.uniform(0.0, 2 * np.pi, size=n_regions)
    class_angle = np.linspace(0.0, 2 * np.pi, n_classes, endpoint=False)
    class_weight = rng.lognormal(0.0, 0.6, size=n_classes)
    if n_regions * n_classes > 20_000_000:
        raise InvalidInputError(
            "n_regions * n_classes is too large for the propensity table",
            field="n_regions",
            value=n_regions,
        )
    affinity = np.exp(3.0 * np.cos(class_angle[None, :] - region_angle[:, None]))
    propensity = class_weight[None, :] * (affinity + 0.05)
    year_weights = 1.04 ** np.arange(len(year_list), dtype=np.float64)
    return PatentModel(
        region_codes=region_codes,
        class_codes=class_codes,
        region_weights=region_weights,
        propensity=propensity,
        years=year_list,
        year_weights=year_weights,
    )


def _year_list(years: tuple[int, int] | range) -> tuple[int, ...]:
    if isinstance(years, range):
        year_list = tuple(years)
    else:
        first, last = years
        year_list = tuple(range(int(first), int(last) + 1))
    if not year_list:
        raise InvalidInputError("the year range is empty", field="years", value=years)
    return year_list


def write_patent_records(
    path: str | Path,
    *,
    seed: int,
    n_records: int,
    n_regions: int = 250,
    n_classes: int = 35,
    years: tuple[int, int] | range = (2005, 2022),
    rows_per_row_group: int = _ROWS_PER_CHUNK,
) -> PatentRecordsFile:
    """Stream synthetic patent records to one Parquet file, one row group at a time.

    Memory stays bounded by one row group whatever ``n_records`` is. The columns
    are :data:`PATENT_COLUMNS`; ``years`` is ``(first, last)``, both included, or
    a ``range``. The same arguments give the same file content.

    Examples
    --------
    >>> import tempfile, pyarrow.parquet as pq
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_patent_records(f"{folder}/p.parquet", seed=1, n_records=1000)
    ...     table = pq.read_table(written.path)
    >>> table.num_rows, table.column_names[:3]
    (1000, ['appln_id', 'year', 'region'])
    """
    if n_records < 0:
        raise InvalidInputError(
            "n_records must not be negative", field="n_records", value=n_records
        )
    if rows_per_row_group < 1:
        raise InvalidInputError(
            "rows_per_row_group must be positive",
            field="rows_per_row_group",
            value=rows_per_row_group,
        )
    model = benchmark_patent_model(seed=seed, n_regions=n_regions, n_classes=n_classes, years=years)
    return write_model_records(
        path, model, seed=seed, n_records=n_records, rows_per_row_group=rows_per_row_group
    )


def write_model_records(
    path: str | Path,
    model: PatentModel,
    *,
    seed: int,
    n_records: int,
    rows_per_row_group: int = _ROWS_PER_CHUNK,
) -> PatentRecordsFile:
    """Stream ``n_records`` records drawn from ``model`` to a Parquet file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    n_applications = n_row_groups = 0
    with pq.ParquetWriter(target, _SCHEMA, compression="snappy") as writer:
        for table in _tables(
            model, seed=seed, n_records=n_records, rows_per_chunk=rows_per_row_group
        ):
            writer.write_table(table, row_group_size=max(table.num_rows, 1))
            n_applications = int(table.column("appln_id")[-1].as_py())
            n_row_groups += 1
    return PatentRecordsFile(
        path=target, n_records=n_records, n_applications=n_applications, n_row_groups=n_row_groups
    )
