"""NUTS code lists, geometries and simplification, and remapping between versions."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from clustera.errors import DataFormatError, InvalidInputError, UnknownCodeError
from clustera.regions import (
    NutsCodeList,
    NutsConverter,
    douglas_peucker,
    nuts_level,
    nuts_parent,
    read_nuts_codes,
    read_nuts_converter,
    read_nuts_geojson,
    regions_to_geojson,
    remap_regions,
    simplify_geometry,
)
from clustera.testing import require_shared


def _nuts(name: str):
    return require_shared("data", "nuts", name)


def test_level_and_parent_follow_from_the_code():
    assert [nuts_level(code) for code in ("PT", "PT1", "PT19", "PT191")] == [0, 1, 2, 3]
    assert nuts_parent("PT191") == "PT19"
    with pytest.raises(UnknownCodeError):
        nuts_level("pt19")


def test_nuts2021_code_list_counts_levels_and_strips_gisco_newlines():
    codes = read_nuts_codes(_nuts("nuts2021_codes_from_gisco_LB.csv"), "2021")
    assert len(codes) == 2010
    assert [len(codes.at_level(level)) for level in range(4)] == [37, 125, 334, 1514]
    assert codes["NO0B"].name == "Jan Mayen and Svalbard"
    assert codes["EL30"].country == "EL"
    assert codes.ancestors("DE111") == ["DE11", "DE1", "DE"]
    assert "DE11" in codes.children("DE1")
    frame = codes.to_frame()
    assert frame.loc["ITC4", "parent"] == "ITC" and frame.loc["ITC4", "level"] == 2


def test_nuts2024_code_list_has_the_new_portuguese_regions_and_no_uk():
    codes = read_nuts_codes(_nuts("nuts2024_codes_from_gisco_RG20M.csv"), "2024")
    assert len(codes) == 1798
    level_2 = set(codes.at_level(2))
    assert {"PT19", "PT1A", "PT1D", "NL35", "XK00"} <= level_2
    assert not any(code.startswith("UK") for code in level_2)
    assert "PT16" not in codes


def test_code_lists_from_geojson_agree_with_the_csv():
    from_geojson = read_nuts_codes(_nuts("NUTS_LB_2021_4326.geojson"), "2021")
    from_csv = read_nuts_codes(_nuts("nuts2021_codes_from_gisco_LB.csv"), "2021")
    assert sorted(region.code for region in from_geojson) == sorted(
        region.code for region in from_csv
    )
    nuts2json = read_nuts_codes(_nuts("nuts2json_v2_2021_4326_20M_nutsrg_2_excerpt.json"), "2021")
    assert [region.code for region in nuts2json] == ["CZ08", "DE30", "DEC0"]


def test_nuts2016_level2_list_comes_from_the_converter_sources():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2016_v2021.csv"))
    codes = NutsCodeList.from_codes(converter.pairs["source"], converter.source_version)
    assert codes.version == "2016"
    assert "HR04" in codes and "UKM6" in codes
    assert codes["HR04"].parent == "HR0"


def test_code_list_with_wrong_level_names_the_line(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("NUTS_ID,LEVL_CODE,CNTR_CODE,NAME_LATN\nDE,0,DE,Deutschland\nDE1,2,DE,BW\n")
    with pytest.raises(DataFormatError, match="line 3, field 'LEVL_CODE'"):
        read_nuts_codes(path, "2021")
    with pytest.raises(InvalidInputError, match="version"):
        read_nuts_codes(path, "2013")


def test_geojson_regions_and_simplification_for_the_web():
    regions = read_nuts_geojson(_nuts("NUTS_RG_20M_2024_4326_LEVL_2.geojson"))
    assert len(regions) == 299
    assert regions.loc["ITC4", "name"] == "Lombardia"
    full = regions_to_geojson(regions, tolerance=0.0, precision=None)
    light = regions_to_geojson(regions, tolerance=0.01, precision=4)
    assert len(json.dumps(light)) < 0.6 * len(json.dumps(full))
    assert light["attribution"].startswith("© EuroGeographics")
    for feature in light["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]


def test_simplified_vertices_stay_within_tolerance_of_the_original_line():
    rng = np.random.default_rng(0)
    x = np.linspace(0, 10, 400)
    line = np.column_stack([x, np.sin(x) + rng.normal(0, 0.01, len(x))])
    kept = douglas_peucker(line, 0.05)
    assert 5 < len(kept) < 100
    # every dropped vertex lies within the tolerance of the simplified polyline
    starts, ends = kept[:-1], kept[1:]
    direction = ends - starts
    along = np.clip(
        np.einsum("psk,sk->ps", line[:, None, :] - starts[None], direction) / (direction**2).sum(1),
        0,
        1,
    )
    nearest = starts[None] + along[..., None] * direction[None]
    distance_to_simplified = np.linalg.norm(line[:, None, :] - nearest, axis=2).min(axis=1)
    assert distance_to_simplified.max() <= 0.05 + 1e-9
    assert douglas_peucker(line, 0.0).shape == line.shape


def test_unsupported_geometry_is_refused():
    with pytest.raises(InvalidInputError, match="GeometryCollection"):
        simplify_geometry({"type": "GeometryCollection", "geometries": []}, 0.1)


def test_remap_2021_to_2024_splits_portugal_by_population_by_hand():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2021_v2024.csv"))
    assert (converter.source_version, converter.target_version) == ("2021", "2024")
    counts = pd.Series({"PT16": 1000.0, "PT18": 100.0, "PT17": 10.0, "AT11": 7.0})
    result = remap_regions(counts, converter, weight="pop21")
    pt16_to_pt19 = 1653511.0 / (1653511.0 + 573689.0)
    pt18_to_pt1d = 235909.0 / (468690.0 + 235909.0)
    assert math.isclose(result["PT19"], 1000 * pt16_to_pt19)
    assert math.isclose(result["PT1D"], 1000 * (1 - pt16_to_pt19) + 100 * pt18_to_pt1d)
    assert result["AT11"] == 7.0
    assert math.isclose(result.sum(), counts.sum())
    by_area = remap_regions(counts, converter, weight="areaKm")
    assert math.isclose(
        by_area["PT19"], 1000 * 23216.072935592958 / (23216.072935592958 + 4924.956191381407)
    )


def test_remap_conserves_totals_over_all_regions_and_years():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2016_v2021.csv"))
    sources = sorted(set(converter.pairs["source"]))
    rng = np.random.default_rng(1)
    table = pd.DataFrame(
        rng.uniform(1, 100, (len(sources), 3)), index=sources, columns=[2018, 2019, 2020]
    )
    result = remap_regions(table, converter, weight="areaKm")
    assert np.allclose(result.sum(), table.sum())
    assert "HR02" in result.index and "HR04" not in result.index


def test_remap_intensive_rates_are_overlap_weighted_means():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2021_v2024.csv"))
    rates = pd.Series({"PT16": 2.0, "PT18": 4.0})
    result = remap_regions(rates, converter, weight="pop21", kind="intensive")
    assert result["PT19"] == 2.0
    expected = (573689.0 * 2.0 + 235909.0 * 4.0) / (573689.0 + 235909.0)
    assert math.isclose(result["PT1D"], expected)


def test_remap_propagates_missing_values_instead_of_zero():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2021_v2024.csv"))
    result = remap_regions(pd.Series({"PT16": 1.0, "PT18": np.nan}), converter)
    assert not math.isnan(result["PT19"])
    assert math.isnan(result["PT1D"])


def test_remap_unknown_codes_raise_or_drop():
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2021_v2024.csv"))
    data = pd.Series({"AT11": 1.0, "AT111": 2.0})
    with pytest.raises(UnknownCodeError, match="AT111"):
        remap_regions(data, converter)
    assert remap_regions(data, converter, unknown="drop").to_dict() == {"AT11": 1.0}


def test_remap_unpopulated_region_falls_back_to_area():
    pairs = pd.DataFrame(
        {
            "source": ["X1", "X1"],
            "target": ["Y1", "Y2"],
            "areaKm": [1.0, 3.0],
            "pop11": 0.0,
            "pop21": 0.0,
            "artif_surf12": 0.0,
            "artif_surf18": 0.0,
            "bu_vol": 0.0,
        }
    )
    result = remap_regions(pd.Series({"X1": 8.0}), NutsConverter(pairs, "2021", "2024"))
    assert result.to_dict() == {"Y1": 2.0, "Y2": 6.0}


def test_converter_with_bad_weight_names_the_line(tmp_path):
    path = tmp_path / "conv.csv"
    path.write_text(
        "code_v2021,code_v2024,uniqueID,areaKm,pop11,pop21,artif_surf12,artif_surf18,bu_vol\n"
        "AT11,AT11,AT11AT11,1,1,1,1,1,1\nAT12,AT12,AT12AT12,1,1,x,1,1,1\n"
    )
    with pytest.raises(DataFormatError, match="line 3, field 'pop21', value 'x'"):
        read_nuts_converter(path)


def test_regions_table_joins_codes_geometries_and_label_points():
    from clustera.regions import nuts_regions_table

    codes = read_nuts_codes(_nuts("nuts2021_codes_from_gisco_LB.csv"), "2021")
    geometries = read_nuts_geojson(_nuts("NUTS_RG_60M_2021_4326_LEVL_2.geojson"))
    points = read_nuts_geojson(_nuts("NUTS_LB_2021_4326.geojson"))
    table = nuts_regions_table(codes, geometries, points, tolerance=0.01)
    assert len(table) == 2010
    assert table["level"].is_monotonic_increasing  # parents are loaded before children
    level_2 = table[table["level"] == 2]
    assert (level_2["geometry"] != "").sum() == 334
    assert json.loads(table.loc["DEF0", "geometry"])["type"] in {"Polygon", "MultiPolygon"}
    assert table.loc["DEF0", ["label_lon", "label_lat"]].tolist() == [9.8212, 54.0804]
    assert table.loc["DE", "parent"] is None and table.loc["DEF0", "parent"] == "DEF"
    assert table.loc["DEF01", "geometry"] == ""  # no level-3 geometries were given


def test_remap_observations_keeps_keys_flags_and_confidentiality():
    from clustera.io import read_eurostat
    from clustera.regions import remap_observations

    table = read_eurostat(
        require_shared("data", "eurostat", "eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv")
    )
    level_2 = table[table["geo"].astype(str).str.len() == 4]
    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2016_v2021.csv"))
    with pytest.raises(
        UnknownCodeError, match="FR23"
    ):  # a NUTS 2013 code, not in the 2016 converter
        remap_observations(level_2, converter)
    result = remap_observations(level_2, converter, unknown="drop")
    assert list(result.columns) == [
        "geo",
        "nace_r2",
        "indic_sb",
        "time",
        "value",
        "obs_flag",
        "conf_status",
    ]
    key = ["geo", "nace_r2", "indic_sb", "time"]
    before = level_2.astype({column: str for column in key}).set_index(key)
    after = result.set_index(key)
    common = after.index.intersection(before.index)
    assert len(common) == len(after)  # these regions did not change between 2016 and 2021
    assert np.allclose(after.loc[common, "value"], before.loc[common, "value"], equal_nan=True)
    cell = after.loc[("CZ04", "B", "V11210", "2008")]
    assert math.isnan(cell["value"]) and cell["conf_status"] == "C" and cell["obs_flag"] == "p"
    assert (after["obs_flag"] == "d").sum() == (before.loc[common, "obs_flag"] == "d").sum()


def test_remap_observations_splits_a_region_and_merges_flags():
    from clustera.regions import remap_observations

    converter = read_nuts_converter(_nuts("jrc_nutsconverter_n2_cm_v2021_v2024.csv"))
    table = pd.DataFrame(
        {"geo": ["PT16", "PT18", "PT16", "PT18"], "time": ["2021", "2021", "2022", "2022"],
         "value": [1000.0, 100.0, 1.0, np.nan], "obs_flag": ["p", "e", "", ""], "conf_status": ["", "", "", "C"]}
    )  # fmt: skip
    result = remap_observations(table, converter).set_index(["geo", "time"])
    share = 1653511.0 / (1653511.0 + 573689.0)
    assert math.isclose(result.loc[("PT19", "2021"), "value"], 1000 * share)
    assert result.loc[("PT1D", "2021"), "obs_flag"] == "ep"
    assert (
        math.isnan(result.loc[("PT1D", "2022"), "value"])
        and result.loc[("PT1D", "2022"), "conf_status"] == "C"
    )
    assert result.loc[("PT19", "2022"), "conf_status"] == ""


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(
    points=arrays(
        np.float64, st.tuples(st.integers(3, 40), st.just(2)), elements=st.floats(-50, 50)
    ),
    tolerance=st.floats(0, 5),
)
def test_douglas_peucker_keeps_ends_and_a_subsequence(points, tolerance):
    kept = douglas_peucker(points, tolerance)
    assert np.array_equal(kept[0], points[0]) and np.array_equal(kept[-1], points[-1])
    positions = [int(np.flatnonzero((points == row).all(axis=1))[0]) for row in kept]
    assert len(kept) <= len(points)
    assert all(isinstance(position, int) for position in positions)
