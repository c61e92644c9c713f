"""Loading datasets with provenance and computing stored indicators keyed by version, method, parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera import analytics
from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.observatory import models, services
from clustera.observatory.computing import DEFAULT_PARAMETERS, PROFILE_METHOD, parameters_key
from clustera.observatory.generated_world import build_generated_world

pytestmark = pytest.mark.django_db


def _info(**changes):
    base = dict(
        code="TEST-EMP",
        title="Test employment",
        source="hand-made",
        unit="persons",
        kind="employment",
        dimension="activity",
        scheme="GEN-NACE",
        nuts_version="GEN",
        licence="CC0",
        attribution="nobody",
    )
    return services.DatasetInfo(**{**base, **changes})


def test_observations_keep_provenance_flags_and_checksum(world):
    dataset = world["employment"]
    assert dataset.is_synthetic and dataset.rows == len(world["world"].employment)
    assert dataset.checksum.startswith("sha256:") and len(dataset.checksum) == 71
    assert models.Observation.objects.filter(dataset=dataset).count() == dataset.rows
    region = world["world"].employment.iloc[0]
    stored = models.Observation.objects.get(
        dataset=dataset,
        region__code=region["region"],
        category=region["activity"],
        year=region["year"],
    )
    assert stored.value == region["value"]


def test_reloading_makes_a_new_current_version():
    build_generated_world(n_regions=6, n_activities=4, n_years=1)
    frame = pd.DataFrame(
        {
            "region": ["GA1000", "GB1001"],
            "category": ["G0000", "G0001"],
            "year": [2023, 2023],
            "value": [5, None],
            "flags": ["", "c"],
        }
    )
    first = services.load_observations(frame, _info())
    second = services.load_observations(frame, _info())
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert not first.is_current and second.is_current
    assert models.Observation.objects.get(dataset=second, flags="c").value is None


def test_loading_rejects_unknown_regions_and_negative_values():
    build_generated_world(n_regions=6, n_activities=4, n_years=1)
    with pytest.raises(UnknownCodeError, match="ZZ9"):
        services.load_observations(
            pd.DataFrame({"region": ["ZZ9"], "category": ["G0000"], "year": [2023], "value": [1]}),
            _info(),
        )
    with pytest.raises(InvalidInputError, match="negative"):
        services.load_observations(
            pd.DataFrame(
                {"region": ["GA1000"], "category": ["G0000"], "year": [2023], "value": [-1]}
            ),
            _info(),
        )
    assert not models.Dataset.objects.exists()


def test_results_are_keyed_by_dataset_method_and_parameters(world):
    results = models.IndicatorResult.objects.filter(dataset=world["employment"])
    assert sorted(results.values_list("level", flat=True)) == [0, 1, 2]
    level2 = results.get(level=2)
    assert level2.method == PROFILE_METHOD
    assert level2.parameters_key == parameters_key({**DEFAULT_PARAMETERS, "level": 2})
    assert level2.status == "done" and (level2.first_year, level2.last_year) == (2021, 2023)


def test_stored_indicators_equal_the_analytics_core(world):
    """The stored LQ, stars, density and ECI are the pure core's values for the same panel."""
    frame = world["world"].employment
    panel = frame.pivot_table(
        index=["year", "region"], columns="activity", values="value", aggfunc="sum", fill_value=0.0
    ).astype(float)
    panel.columns.name = None
    result = models.IndicatorResult.objects.get(dataset=world["employment"], level=2)
    lq = analytics.location_quotient(panel)
    stars = analytics.cluster_stars(panel).table["stars"]
    eci = analytics.complexity(panel).eci
    for cell in models.CellIndicator.objects.filter(result=result, year=2023).select_related(
        "region"
    )[:40]:
        assert cell.location_quotient == pytest.approx(
            lq.loc[(2023, cell.region.code), cell.category]
        )
        assert cell.stars == stars.loc[(2023, cell.region.code, cell.category)]
    for row in models.RegionIndicator.objects.filter(result=result, year=2023).select_related(
        "region"
    ):
        assert row.complexity == pytest.approx(eci.loc[(2023, row.region.code)])
        assert row.total == pytest.approx(panel.loc[(2023, row.region.code)].sum())


def test_coarser_levels_sum_the_regions_below(world):
    result = models.IndicatorResult.objects.get(dataset=world["employment"], level=0)
    frame = world["world"].employment
    country = frame[frame["year"] == 2023].assign(country=frame["region"].str[:2])
    expected = country.groupby("country")["value"].sum()
    stored = dict(
        models.RegionIndicator.objects.filter(result=result, year=2023).values_list(
            "region__code", "total"
        )
    )
    assert stored == pytest.approx(expected.to_dict())


def test_peers_are_the_most_similar_rca_vectors(world):
    result = models.IndicatorResult.objects.get(dataset=world["employment"], level=2)
    rows = {
        r.region.code: r
        for r in models.RegionIndicator.objects.filter(result=result, year=2023).select_related(
            "region"
        )
    }
    code, row = next(iter(rows.items()))
    lq = models.CellIndicator.objects.filter(result=result, year=2023)
    vectors = (
        pd.DataFrame.from_records(
            list(lq.values_list("region__code", "category", "location_quotient")),
            columns=["region", "category", "lq"],
        )
        .pivot(index="region", columns="category", values="lq")
        .fillna(0)
    )
    unit = vectors.div(np.linalg.norm(vectors, axis=1), axis=0)
    similarity = (unit @ unit.loc[code]).drop(code).sort_values(ascending=False)
    assert [peer for peer, _ in row.peers[:3]] == list(similarity.index[:3])
    assert row.peers[0][1] == pytest.approx(similarity.iloc[0], abs=1e-6)


def test_patents_become_fractional_counts(world):
    patents = world["world"].patents
    dataset = world["patents"]
    assert dataset.kind == "patents" and dataset.dimension == "technology"
    total = models.Observation.objects.filter(dataset=dataset).values_list("value", flat=True)
    assert sum(total) == pytest.approx(len(patents))


def test_recompute_job_runs_as_a_background_task_with_progress(world):
    job = services.start_job(
        models.JobKind.INDICATORS, "recompute", {"dataset": world["patents"].pk}
    )
    assert job.status == "done" and job.progress == 1.0 and "3 stored result" in job.message
    assert models.IndicatorResult.objects.filter(dataset=world["patents"]).count() == 3


def test_eurostat_tables_load_with_their_flags():
    build_generated_world(n_regions=6, n_activities=4, n_years=1)
    tidy = pd.DataFrame(
        {
            "freq": ["A"] * 3,
            "geo": ["GA1000", "GB1001", "GC1002"],
            "nace_r2": ["C10", "C10", "C20"],
            "time": ["2021", "2021", "2022"],
            "value": [12.0, None, 3.5],
            "obs_flag": ["e", "", "p"],
            "conf_status": [None, "C", None],
        }
    )
    frame = services.observations_from_eurostat(tidy)
    dataset = services.load_observations(frame, _info(code="sbs_r_nuts06_r2", scheme="NACE2"))
    stored = dict(
        models.Observation.objects.filter(dataset=dataset).values_list("region__code", "flags")
    )
    assert stored == {"GA1000": "e", "GB1001": "C", "GC1002": "p"}
    assert models.Observation.objects.get(dataset=dataset, region__code="GB1001").value is None
