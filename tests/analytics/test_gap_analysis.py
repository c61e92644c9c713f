"""Gap analysis: a hand-computed case, the capability rule, great-circle costs and validation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import GAP_COLUMNS, capable, gap_analysis, great_circle_km, trl_band
from clustera.errors import DataFormatError, InvalidInputError, UnknownCodeError

REGIONS = pd.DataFrame({"region": ["R1", "R2", "R3"], "lat": [0.0, 1.0, 2.0], "lon": 0.0})
OFFERS = pd.DataFrame(
    {
        "centre": ["c1", "c2", "c2"],
        "lat": [0.0, 1.0, 1.0],
        "lon": [0.0, 0.0, 0.0],
        "technology": "ai",
        "service": ["prototyping", "prototyping", "testing"],
        "trl_min": [4, 3, 1],
        "trl_max": [6, 9, 3],
        "capacity": [6.0, 4.0, 10.0],
        "languages": ["en", "en;de", "en"],
    }
)
# Travel cost in km, given rather than computed so the arithmetic below is exact.
COST = pd.DataFrame({"c1": [10.0, 40.0, 90.0], "c2": [60.0, 20.0, 70.0]}, index=["R1", "R2", "R3"])


def _needs(rows):
    return pd.DataFrame(rows, columns=["region", "technology", "service", "trl", "language"])


NEEDS = _needs(
    [("R1", "ai", "prototyping", 5, "")] * 8
    + [("R2", "ai", "prototyping", 5, ""), ("R2", "ai", "prototyping", 5, "de")]
    + [("R2", "ai", "prototyping", 8, ""), ("R2", "ai", "testing", 2, "fr")]
    + [("R3", "ai", "prototyping", 5, "")] * 2
)


def _cell(table, service, band, region):
    found = table[
        (table["service"] == service) & (table["trl_band"] == band) & (table["region"] == region)
    ]
    assert len(found) == 1
    return found.iloc[0]


def test_hand_computed_three_regions_two_centres():
    table = gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=50, cost=COST)
    assert tuple(table.columns) == GAP_COLUMNS
    # Group (ai, prototyping, 4-6): c1 offers 6 (TRL 4-6), c2 offers 4 (TRL 3-9 overlaps 4-6).
    # Within 50 km: R1 reaches c1; R2 reaches c1 and c2; R3 reaches nothing.
    # Step 1: R_c1 = 6 / (8 + 2) = 0.6; R_c2 = 4 / 2 = 2.
    # Step 2: A_R1 = 0.6; A_R2 = 0.6 + 2 = 2.6; A_R3 = 0.
    # Unmet = P * max(0, 1 - A): R1 8 * 0.4 = 3.2; R2 0; R3 2 * 1 = 2.
    r1, r2, r3 = (_cell(table, "prototyping", "4-6", region) for region in ("R1", "R2", "R3"))
    assert (r1.demand, r2.demand, r3.demand) == (8.0, 2.0, 2.0)
    assert (r1.supply, r2.supply, r3.supply) == (6.0, 10.0, 0.0)
    assert [r1.access, r2.access, r3.access] == pytest.approx([0.6, 2.6, 0.0], abs=1e-15)
    assert [r1.unmet, r2.unmet, r3.unmet] == pytest.approx([3.2, 0.0, 2.0], abs=1e-15)
    # Need level: R1's needs have c1 at 10 km; R2's plain need c2 at 20 km (c1 at 40),
    # its German-speaking need only c2 (20 km); R3's nearest is c2 at 70 km > 50.
    assert (r1.uncovered_share, r2.uncovered_share, r3.uncovered_share) == (0.0, 0.0, 1.0)
    assert (r1.nearest_distance, r2.nearest_distance, r3.nearest_distance) == (10.0, 20.0, 70.0)
    # Group (ai, prototyping, 7-9): only c2 (TRL 3-9); only R2 reaches it: R_c2 = 4 / 1 = 4.
    high = _cell(table, "prototyping", "7-9", "R2")
    assert (high.demand, high.supply, high.access, high.unmet) == (1.0, 4.0, 4.0, 0.0)
    # Group (ai, testing, 1-3): c2 has 10 in reach of R2 (access 10), but the need asks for
    # French and c2 speaks en only: capacity counts for access, the need stays uncovered.
    testing = _cell(table, "testing", "1-3", "R2")
    assert (testing.access, testing.unmet) == (10.0, 0.0)
    assert testing.uncovered_share == 1.0 and math.isinf(testing.nearest_distance)
    # Ranking: the capacity shortage in R1 (3.2) first, then R3's absence (2).
    assert table[["region", "unmet"]].iloc[:2].values.tolist() == [["R1", 3.2], ["R3", 2.0]]
    # Zero-demand cells are kept with NaN need-level measures; one row per group x region.
    assert len(table) == 3 * 3
    assert np.isnan(_cell(table, "testing", "1-3", "R1").uncovered_share)


def test_enhanced_weights_change_access_as_hand_computed():
    # W = 1 up to 25 km, 0.5 up to 50. Group 4-6: c1 catchment = 1*8 + 0.5*2 = 9, R_c1 = 6/9;
    # c2 catchment = 1*2 = 2, R_c2 = 2. A_R1 = 6/9; A_R2 = 0.5 * 6/9 + 2.
    table = gap_analysis(
        NEEDS, OFFERS, REGIONS, max_distance=50, cost=COST, weights={25: 1, 50: 0.5}
    )
    assert _cell(table, "prototyping", "4-6", "R1").access == pytest.approx(6 / 9, abs=1e-15)
    assert _cell(table, "prototyping", "4-6", "R2").access == pytest.approx(1 / 3 + 2, abs=1e-15)
    assert _cell(table, "prototyping", "4-6", "R1").unmet == pytest.approx(8 * (1 - 6 / 9))


def test_default_cost_is_great_circle_km_between_label_points_and_centres():
    # One degree of latitude on the mean-radius sphere: 6371.0088 * pi / 180 = 111.195 km.
    degree = 6371.0088 * math.pi / 180
    distances = great_circle_km(
        REGIONS.set_index("region"), OFFERS.drop_duplicates("centre").set_index("centre")
    )
    np.testing.assert_allclose(
        distances.to_numpy(), [[0, degree], [degree, 0], [2 * degree, degree]], atol=1e-9
    )
    table = gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=120)
    # R3 is one degree from c2: now within reach.
    r3 = _cell(table, "prototyping", "4-6", "R3")
    assert r3.nearest_distance == pytest.approx(degree) and r3.uncovered_share == 0.0


def test_parent_technology_serves_a_narrower_need_only_with_a_hierarchy():
    needs = _needs([("R1", "3d-printing", "prototyping", 5, "")])
    offers = OFFERS.iloc[:1].assign(technology="manufacturing")
    without = gap_analysis(needs, offers, REGIONS, max_distance=50, cost=COST[["c1"]])
    with_parent = gap_analysis(
        needs,
        offers,
        REGIONS,
        max_distance=50,
        cost=COST[["c1"]],
        hierarchy={"3d-printing": "additive", "additive": "manufacturing"},
    )
    assert without.iloc[0].unmet == 1.0 and without.iloc[0].uncovered_share == 1.0
    cell = with_parent[with_parent["region"] == "R1"].iloc[0]
    assert (cell.supply, cell.access, cell.uncovered_share) == (6.0, 6.0, 0.0)


def test_nearest_distance_matches_the_scalar_capability_rule_on_random_data():
    rng = np.random.default_rng(4)
    regions = pd.DataFrame(
        {
            "region": [f"R{i}" for i in range(12)],
            "lat": rng.uniform(40, 50, 12),
            "lon": rng.uniform(0, 10, 12),
        }
    )
    n = 40
    offers = pd.DataFrame(
        {
            "centre": [f"C{i // 2}" for i in range(n)],
            "technology": rng.choice(["a", "b", "c"], n),
            "service": rng.choice(["s", "t"], n),
            "trl_min": rng.integers(1, 6, n),
            "capacity": 5.0,
            "languages": rng.choice(["en", "en;fr", "de"], n),
        }
    )
    offers["trl_max"] = offers["trl_min"] + rng.integers(0, 4, n)
    centre_lat = dict(zip([f"C{i}" for i in range(n // 2)], rng.uniform(40, 50, n // 2)))
    offers["lat"], offers["lon"] = offers["centre"].map(centre_lat), 5.0
    needs = pd.DataFrame(
        {
            "region": rng.choice(regions["region"], 200),
            "technology": rng.choice(["a", "b", "c"], 200),
            "service": rng.choice(["s", "t"], 200),
            "trl": rng.integers(1, 10, 200),
            "language": rng.choice(["", "fr", "de"], 200),
        }
    )
    table = gap_analysis(needs, offers, regions, max_distance=300).set_index(
        ["technology", "service", "trl_band", "region"]
    )
    distance = great_circle_km(
        regions.set_index("region"), offers.groupby("centre")[["lat", "lon"]].first()
    )
    brute = []
    for need in needs.to_dict("records"):
        found = [
            distance.loc[need["region"], o["centre"]]
            for o in offers.to_dict("records")
            if capable(need, o)
        ]
        brute.append(min(found, default=math.inf))
    needs["nearest"], needs["trl_band"] = brute, needs["trl"].map(trl_band)
    expected = needs.groupby(["technology", "service", "trl_band", "region"])["nearest"].mean()
    np.testing.assert_allclose(table.loc[expected.index, "nearest_distance"], expected, atol=1e-9)
    share = needs.assign(out=needs["nearest"] > 300).groupby(expected.index.names)["out"].mean()
    np.testing.assert_allclose(table.loc[share.index, "uncovered_share"], share, atol=1e-12)


def test_capable_rule():
    need = {"technology": "ai", "service": "prototyping", "trl": 7, "language": "de"}
    offer = {
        "technology": "ai",
        "service": "prototyping",
        "trl_min": 5,
        "trl_max": 7,
        "languages": ["EN", "de"],
    }
    assert capable(need, offer)
    assert not capable({**need, "trl": 8}, offer)
    assert not capable({**need, "service": "testing"}, offer)
    assert not capable({**need, "language": "fr"}, offer)
    assert capable({**need, "language": ""}, offer)
    assert [trl_band(t) for t in (1, 3, 4, 6, 7, 9)] == ["1-3", "1-3", "4-6", "4-6", "7-9", "7-9"]
    with pytest.raises(InvalidInputError, match="TRL"):
        trl_band(10)


@pytest.mark.parametrize(
    ("table", "change", "error", "message", "value"),
    [
        (
            "needs",
            lambda t: t.drop(columns="trl"),
            DataFormatError,
            "needs, field 'trl': missing column",
            None,
        ),
        (
            "needs",
            lambda t: t.replace({"region": {"R3": "R9"}}),
            UnknownCodeError,
            "not in the regions",
            "R9",
        ),
        (
            "needs",
            lambda t: t.assign(trl=[5] * 13 + [10]),
            InvalidInputError,
            "TRL is an integer",
            10,
        ),
        ("needs", lambda t: t.assign(weight=-1.0), InvalidInputError, "weight must be >= 0", -1.0),
        ("offers", lambda t: t.assign(trl_max=[6, 2, 3]), InvalidInputError, "trl_max is below", 2),
        (
            "offers",
            lambda t: t.assign(capacity=[6.0, -4.0, 1.0]),
            InvalidInputError,
            "capacity",
            -4.0,
        ),
        (
            "offers",
            lambda t: t.assign(lat=[0.0, 1.0, 1.5]),
            InvalidInputError,
            "disagree on its position",
            1.5,
        ),
        ("regions", lambda t: t.assign(lat=[0.0, 95.0, 2.0]), InvalidInputError, "latitude", 95.0),
        (
            "regions",
            lambda t: t.assign(region=["R1", "R1", "R3"]),
            InvalidInputError,
            "duplicated region",
            "R1",
        ),
    ],
)
def test_invalid_tables_name_the_table_row_column_and_value(table, change, error, message, value):
    tables = {"needs": NEEDS, "offers": OFFERS, "regions": REGIONS}
    tables[table] = change(tables[table])
    with pytest.raises(error, match=message) as info:
        gap_analysis(
            tables["needs"], tables["offers"], tables["regions"], max_distance=50, cost=COST
        )
    assert info.value.source == table
    if value is not None:
        assert info.value.value == value


def test_invalid_arguments():
    with pytest.raises(InvalidInputError, match="cycle"):
        gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=50, hierarchy={"ai": "ml", "ml": "ai"})
    with pytest.raises(InvalidInputError, match="max_distance"):
        gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=-5)
    with pytest.raises(InvalidInputError, match="cost rows lack label") as info:
        gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=50, cost=COST.iloc[:2])
    assert info.value.value == "R3"
    with pytest.raises(InvalidInputError, match="weights"):
        gap_analysis(NEEDS, OFFERS, REGIONS, max_distance=50, weights={0: 1.0})


def test_access_column_is_spatial_access_of_each_group_with_capacity_as_supply():
    from clustera.analytics import spatial_access

    table = gap_analysis(
        NEEDS, OFFERS, REGIONS, max_distance=50, cost=COST, weights={25: 1, 50: 0.6}
    )
    group = table[(table["service"] == "prototyping") & (table["trl_band"] == "4-6")]
    demand = group.set_index("region")["demand"].astype(float).rename(index=str)
    # Both prototyping offers overlap the 4-6 band: c1 6, c2 4.
    supply = pd.Series({"c1": 6.0, "c2": 4.0})
    expected = spatial_access(demand, supply, COST, max_cost=50, weights={25: 1, 50: 0.6})
    np.testing.assert_allclose(
        group.set_index("region")["access"].rename(index=str).loc[expected.index],
        expected,
        atol=1e-15,
    )


def test_capable_reads_languages_joined_by_semicolons_or_commas_or_listed():
    need = {"technology": "ai", "service": "s", "trl": 4, "language": "FR"}
    offer = {"technology": "ai", "service": "s", "trl_min": 1, "trl_max": 9}
    assert [
        capable(need, {**offer, "languages": languages})
        for languages in ("en;fr", "en, fr", ("en", "fr"), "en", "", None)
    ] == [True, True, True, False, False, False]
