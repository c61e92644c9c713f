"""Eurostat readers on the real samples in every format, plus hand-made edge cases."""

from __future__ import annotations

import gzip
import json
import math

import numpy as np
import pytest

from clustera.errors import DataFormatError, InvalidInputError
from clustera.io import (
    detect_eurostat_format,
    read_eurostat,
    read_eurostat_tsv,
    read_jsonstat,
    read_sdmx_csv,
)
from clustera.testing import require_shared

OBSERVATION = ["time", "value", "obs_flag", "conf_status"]


def _sample(name: str):
    return require_shared("data", "eurostat", name)


def _cell(table, **key):
    mask = np.ones(len(table), dtype=bool)
    for column, code in key.items():
        mask &= (table[column] == code).to_numpy()
    assert mask.sum() == 1, key
    return table[mask].iloc[0]


def test_legacy_bulk_tsv_sample_keeps_values_flags_and_confidentiality():
    table = read_eurostat(_sample("eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv"))
    assert table.attrs["layout"] == "legacy"
    assert list(table.columns) == ["nace_r2", "indic_sb", "geo", *OBSERVATION]
    assert len(table) == 348 * 8
    assert table["value"].dtype == np.float64
    cell = _cell(table, nace_r2="B", indic_sb="V13320", geo="DE25", time="2009")
    assert (cell["value"], cell["obs_flag"], cell["conf_status"]) == (15.3, "d", "")
    confidential = _cell(table, nace_r2="B", indic_sb="V13320", geo="DE25", time="2008")
    assert math.isnan(confidential["value"])
    assert (confidential["obs_flag"], confidential["conf_status"]) == ("d", "C")
    provisional = _cell(table, nace_r2="B", indic_sb="V11210", geo="CZ04", time="2008")
    assert (provisional["obs_flag"], provisional["conf_status"]) == ("p", "C")
    assert _cell(table, nace_r2="C26", indic_sb="V11210", geo="AT", time="2015")["value"] == 748.0
    # descending years in the file come out ascending per series
    first_series = table.iloc[:8]
    assert first_series["time"].tolist() == [str(year) for year in range(2008, 2016)]
    assert set(table["conf_status"]) == {"", "C"}
    assert table.loc[table["conf_status"] == "C", "value"].isna().all()
    assert (table["value"] < 0).any()  # negative growth rates are numbers, not '-' markers


def test_api_tsv_sample_reads_freq_first_and_ascending_years():
    table = read_eurostat(_sample("eurostat_nama_10r_3empers_api_tsv_excerpt.tsv"))
    assert table.attrs["layout"] == "api"
    assert list(table.columns[:5]) == ["freq", "unit", "wstatus", "nace_r2", "geo"]
    assert len(table) == 22 * 28
    cell = _cell(table, wstatus="SAL", nace_r2="F", geo="DE234", time="2020")
    assert (cell["value"], cell["obs_flag"]) == (3.16, "p")
    assert math.isnan(_cell(table, wstatus="SAL", nace_r2="F", geo="DE234", time="2022")["value"])
    assert _cell(table, wstatus="EMP", nace_r2="TOTAL", geo="ITH43", time="2000")["value"] == 52.5


def test_sdmx_csv_sample_keeps_dataflow_and_last_update():
    table = read_eurostat(_sample("eurostat_pat_ep_rtot_sdmxcsv_excerpt.csv"))
    assert list(table.columns) == ["freq", "unit", "geo", *OBSERVATION]
    assert len(table) == 112
    assert table.attrs["dataset"] == "ESTAT:PAT_EP_RTOT(1.0)"
    assert table.attrs["last_update"] == "29/04/16 23:00:00"
    cell = _cell(table, unit="GDP_BEUR", geo="AT", time="2012")
    assert (cell["value"], cell["obs_flag"]) == (5.062, "p")
    assert _cell(table, unit="NR", geo="CZ051", time="1993")["value"] == 2.17


def test_jsonstat_sample_with_sparse_values_and_a_confidential_cell():
    table = read_eurostat(_sample("eurostat_jsonstat2_rd_e_gerdreg_trimmed.json"))
    assert list(table.columns) == ["freq", "sectperf", "unit", "geo", *OBSERVATION]
    assert len(table) == 13  # 12 values + the confidential position 17
    cell = _cell(table, sectperf="BES", geo="DE11", time="2023")
    assert (cell["value"], cell["obs_flag"]) == (6.9, "b")
    confidential = _cell(table, sectperf="BES", geo="ES43", time="2024")
    assert math.isnan(confidential["value"]) and confidential["conf_status"] == "C"
    assert _cell(table, sectperf="TOTAL", geo="EU27_2020", time="2022")["obs_flag"] == "e"
    assert table.attrs["dataset"] == "RD_E_GERDREG"
    assert table.attrs["flag_labels"]["b"] == "break in time series"
    assert table.attrs["category_labels"]["geo"]["ES43"] == "Extremadura"
    # position 3 (TOTAL, DE11, 2022) has no value and no status: no row
    assert not (
        (table["geo"] == "DE11") & (table["sectperf"] == "TOTAL") & (table["time"] == "2022")
    ).any()


def test_jsonstat_all_confidential_slice():
    table = read_jsonstat(_sample("eurostat_jsonstat2_sts_inpr_m_ie_confidential.json"))
    assert len(table) == 6
    assert table["value"].isna().all()
    assert set(table["conf_status"]) == {"C"} and set(table["obs_flag"]) == {""}
    assert table["time"].tolist() == [f"2023-0{month}" for month in range(1, 7)]


def test_jsonstat_positions_with_no_data_are_absent():
    table = read_eurostat(_sample("eurostat_jsonstat2_une_rt_m_de_last3_sparse.json"))
    assert table["time"].tolist() == ["2026-06", "2026-07"]
    assert table["value"].tolist() == [4.0, 4.0]
    assert table.attrs["last_update"] == "2026-09-22T11:00:00+0200"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv", "tsv"),
        ("eurostat_nama_10r_3empers_api_tsv_excerpt.tsv", "tsv"),
        ("eurostat_pat_ep_rtot_sdmxcsv_excerpt.csv", "sdmx-csv"),
        ("eurostat_jsonstat2_rd_e_gerdreg_trimmed.json", "json-stat"),
    ],
)
def test_format_is_detected_from_content(name, expected):
    assert detect_eurostat_format(_sample(name)) == expected


def test_gzipped_tsv_is_read_like_the_plain_file(tmp_path):
    plain = _sample("eurostat_nama_10r_3empers_api_tsv_excerpt.tsv")
    packed = tmp_path / "nama.tsv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert read_eurostat(packed).equals(read_eurostat(plain))


def test_not_applicable_dash_exponent_and_negative_cells(tmp_path):
    path = tmp_path / "edge.tsv"
    path.write_text("unit,geo\\time\t2021 \t2020 \nPC,AT\t- \t-1.5e1 u\nPC,BE\t- b\t.5 \n")
    table = read_eurostat_tsv(path)
    assert table["time"].tolist() == ["2020", "2021", "2020", "2021"]
    assert table["value"].iloc[[0, 2]].tolist() == [-15.0, 0.5]
    assert table["value"].iloc[[1, 3]].isna().all()
    assert table["obs_flag"].tolist() == ["u", "-", "", "-b"]


def test_malformed_tsv_cell_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("unit,geo\\time\t2021 \t2020 \nNR,AT\t1 \t2 \nNR,BE\t3 \t4,5 p\n")
    with pytest.raises(DataFormatError) as error:
        read_eurostat(path)
    message = str(error.value)
    assert "bad.tsv" in message and "line 3" in message and "column 3" in message
    assert "field '2020'" in message and "'4,5 p'" in message


def test_tsv_line_with_missing_cells_is_refused(tmp_path):
    path = tmp_path / "short.tsv"
    path.write_text("freq,geo\\TIME_PERIOD\t2020\t2021\nA,AT\t1 \t2 \nA,BE\t3 \n")
    with pytest.raises(DataFormatError, match="line 3.*expected 3 tab-separated cells"):
        read_eurostat(path)


def test_tsv_line_with_wrong_number_of_codes_is_refused(tmp_path):
    path = tmp_path / "codes.tsv"
    path.write_text("freq,geo\\TIME_PERIOD\t2020\nA\t1 \n")
    with pytest.raises(
        DataFormatError, match="line 2.*field 'freq,geo.*expected 2 comma-separated codes"
    ):
        read_eurostat_tsv(path)


def test_tsv_header_without_time_label_is_refused(tmp_path):
    path = tmp_path / "header.tsv"
    path.write_text("freq,geo\\year\t2020\nA,AT\t1 \n")
    with pytest.raises(DataFormatError, match="line 1"):
        read_eurostat_tsv(path)


def test_semicolon_sdmx_csv_without_flag_columns(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("freq;geo;TIME_PERIOD;OBS_VALUE\nA;AT;2020;1.25\nA;AT;2021;\n")
    table = read_sdmx_csv(path)
    assert table["value"].tolist()[0] == 1.25 and math.isnan(table["value"].iloc[1])
    assert table["obs_flag"].tolist() == ["", ""]


def test_sdmx_csv_bad_value_and_bad_line_are_located(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("freq,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nA,AT,2020,1,\nA,AT,2021,x1,\n")
    with pytest.raises(DataFormatError, match=r"line 3, field 'OBS_VALUE', value 'x1'.*column 4"):
        read_sdmx_csv(path)
    path.write_text("freq,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nA,AT,2020,1\n")
    with pytest.raises(DataFormatError, match="line 2.*expected 5 fields"):
        read_sdmx_csv(path)


def test_sdmx_csv_confidential_status_hides_a_value(tmp_path):
    path = tmp_path / "conf.csv"
    path.write_text("geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG,CONF_STATUS\nAT,2020,7,,C\nAT,2021,8,,F\n")
    table = read_sdmx_csv(path)
    assert math.isnan(table["value"].iloc[0]) and table["value"].iloc[1] == 8.0
    assert table["conf_status"].tolist() == ["C", "F"]


def _write_json(tmp_path, document):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document))
    return path


def _dataset(**members):
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["geo", "time"],
        "size": [2, 2],
        "dimension": {
            "geo": {"category": {"index": {"AT": 0, "BE": 1}}},
            "time": {"category": {"index": ["2020", "2021"]}},
        },
    }
    document.update(members)
    return document


def test_jsonstat_dense_arrays_with_nulls_and_one_status_string(tmp_path):
    path = _write_json(tmp_path, _dataset(value=[1.0, None, 3, 4.5], status="p"))
    table = read_jsonstat(path)
    assert table[["geo", "time"]].values.tolist() == [
        ["AT", "2020"],
        ["AT", "2021"],
        ["BE", "2020"],
        ["BE", "2021"],
    ]
    assert table["value"].tolist()[2:] == [3.0, 4.5] and math.isnan(table["value"].iloc[1])
    assert set(table["obs_flag"]) == {"p"}


def test_jsonstat_structural_errors_name_the_member(tmp_path):
    with pytest.raises(DataFormatError, match="value\\['9'\\]"):
        read_jsonstat(_write_json(tmp_path, _dataset(value={"9": 1.0})))
    with pytest.raises(DataFormatError, match="field 'dimension.geo'"):
        read_jsonstat(_write_json(tmp_path, _dataset(size=[3, 2], value={})))
    with pytest.raises(DataFormatError, match="value is not a number"):
        read_jsonstat(_write_json(tmp_path, _dataset(value={"0": "1.0"})))


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"version": "2.0",\n "class": "dataset",\n "value": {"0": 1,,}}')
    with pytest.raises(DataFormatError, match=r"broken.json, line 3: invalid JSON.*column"):
        read_eurostat(path)


def test_unknown_file_and_unknown_format_name_are_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(DataFormatError, match="not a Eurostat"):
        read_eurostat(path)
    with pytest.raises(InvalidInputError, match="format"):
        read_eurostat(path, format="xlsx")


def test_tsv_with_windows_line_ends_blank_lines_and_no_series(tmp_path):
    path = tmp_path / "crlf.tsv"
    path.write_bytes(b"freq,geo\\TIME_PERIOD\t2020\t2021\r\nA,AT\t1 \t2 p\r\n\r\nA,BE\t: c\t4 \r\n")
    table = read_eurostat(path)
    assert table["value"].tolist()[:2] == [1.0, 2.0] and table["value"].iloc[3] == 4.0
    assert table["conf_status"].tolist() == ["", "", "C", ""]
    empty = tmp_path / "empty.tsv"
    empty.write_text("freq,geo\\TIME_PERIOD\t2020\t2021\n")
    assert read_eurostat(empty).empty


def test_bad_cell_after_a_blank_line_reports_the_true_line(tmp_path):
    path = tmp_path / "gap.tsv"
    path.write_text("freq,geo\\TIME_PERIOD\t2020\t2021\nA,AT\t1 \t2 p\n\nA,BE\t1 2\t4 \n")
    with pytest.raises(DataFormatError, match="line 4, field '2020', value '1 2'"):
        read_eurostat(path)


def test_sdmx_csv_fast_and_checked_paths_agree_on_the_sample():
    from clustera.io import sdmx_csv

    path = _sample("eurostat_pat_ep_rtot_sdmxcsv_excerpt.csv")
    text = path.read_text()
    fast = sdmx_csv._read_fast(text, ",", str(path))
    checked = sdmx_csv._read_checked(text, ",", str(path))
    for column in ["freq", "unit", "geo", "time", "obs_flag", "conf_status"]:
        assert fast[column].astype(str).tolist() == checked[column].astype(str).tolist()
    assert np.allclose(fast["value"], checked["value"], equal_nan=True)
    assert fast.attrs == checked.attrs
