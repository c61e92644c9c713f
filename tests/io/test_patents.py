"""REGPAT and PATSTAT layouts into the tidy patent table, and fractional counting."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clustera.errors import DataFormatError
from clustera.io.patents import (
    PATENT_COLUMNS,
    fractional_counts,
    patent_class,
    read_patstat,
    read_regpat,
)
from clustera.taxonomies import read_wipo_ipc_concordance
from clustera.testing import require_shared

REGIONS = (
    "appln_id|pub_nbr|reg_code|ctry_code|reg_share|inv_share\n"
    '1|"EP1"|"AT111"|"AT"|1|.5\n'
    '1|"EP1"|"AT130"|"AT"|1|.5\n'
    '2|"EP2"|"DE111"|"DE"|.6|1\n'
    '2|"EP2"|"DE112"|"DE"|.4|1\n'
    '3|"EP3"|"AT111"|"AT"|1|1\n'
)
CLASSES = (
    "appln_id|prio_year|app_year|IPC\n"
    '1|2018|2019|"H01L  21/02"\n'
    '1|2018|2019|"H01L  29/78"\n'
    '1|2018|2019|"B82Y  30/00"\n'
    '2|2019|2019|"A61K  31/00"\n'
    '3|2019|2020|"G06N   3/08"\n'
)


@pytest.fixture
def regpat(tmp_path):
    regions, classes = tmp_path / "202308_EPO_Inv_reg.txt", tmp_path / "202308_EPO_IPC.txt"
    regions.write_text(REGIONS)
    classes.write_text(CLASSES)
    return regions, classes


def test_regpat_table_has_region_and_class_shares(regpat):
    table = read_regpat(*regpat)
    assert tuple(table.columns) == PATENT_COLUMNS
    first = table[table["appln_id"] == "1"]
    # two subclasses (H01L counted once), two regions of half each
    assert sorted(set(first["class"])) == ["B82Y", "H01L"]
    assert first["class_share"].tolist() == [0.5] * 4
    assert first["region_share"].tolist() == [0.5] * 4
    assert set(first["year"]) == {2018}
    second = table[table["appln_id"] == "2"].set_index("region")["region_share"]
    assert second.to_dict() == {"DE111": 0.6, "DE112": 0.4}


def test_fractional_counts_by_hand_and_each_patent_counts_once(regpat):
    counts = fractional_counts(read_regpat(*regpat, region_level=2))
    lookup = counts.set_index(["region", "class", "year"])["count"]
    assert lookup[("AT11", "H01L", 2018)] == 0.25
    assert lookup[("AT13", "B82Y", 2018)] == 0.25
    assert math.isclose(lookup[("DE11", "A61K", 2019)], 1.0)
    assert lookup[("AT11", "G06N", 2019)] == 1.0
    assert math.isclose(counts["count"].sum(), 3.0)


def test_application_year_and_class_levels(regpat):
    table = read_regpat(*regpat, year="application", class_level="section")
    assert table.loc[table["appln_id"] == "3", "year"].tolist() == [2020]
    assert sorted(set(table.loc[table["appln_id"] == "1", "class"])) == ["B", "H"]
    assert patent_class("G06N3/08", "main_group") == "G06N   3"


def test_wipo_fields_feed_the_same_counting(regpat):
    concordance = read_wipo_ipc_concordance(
        require_shared("data", "taxonomy", "wipo_ipc_technology_concordance_35fields.csv")
    )
    by_field = concordance.apply(read_regpat(*regpat, class_level="full"))
    counts = fractional_counts(by_field)
    assert set(counts["class"]) == {
        "8",
        "22",
        "16",
        "6",
    }  # semiconductors, nano, pharma, IT methods
    assert math.isclose(counts["count"].sum(), 3.0)


def test_regpat_share_out_of_range_names_file_line_and_column(tmp_path, regpat):
    bad = tmp_path / "bad_reg.txt"
    bad.write_text(REGIONS.replace('"AT130"|"AT"|1|.5', '"AT130"|"AT"|1.5|.5'))
    with pytest.raises(
        DataFormatError, match=r"bad_reg.txt, line 3, field 'reg_share', value '1.5'.*column 5"
    ):
        read_regpat(bad, regpat[1])


def test_regpat_bad_ipc_symbol_is_located(tmp_path, regpat):
    bad = tmp_path / "bad_ipc.txt"
    bad.write_text(CLASSES.replace("G06N   3/08", "not-ipc"))
    with pytest.raises(DataFormatError, match="line 6, field 'ipc'"):
        read_regpat(regpat[0], bad)


def test_a_file_in_another_layout_is_refused_with_its_columns():
    oecd = require_shared(
        "data", "patents", "oecd_patent_quality_201902_EPO_INDIC_COHORT_head120.txt"
    )
    with pytest.raises(DataFormatError, match="missing column"):
        read_regpat(oecd, oecd)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_patstat_inventors_split_equally_and_technology_field_weights(tmp_path):
    applications = _write(
        tmp_path,
        "tls201_appln.csv",
        "appln_id,appln_filing_year,earliest_filing_year,appln_auth\n10,2021,2020,EP\n11,2021,2021,EP\n",
    )
    persons = _write(
        tmp_path,
        "tls206_person.csv",
        "person_id,person_ctry_code,nuts\n1,AT,AT111\n2,AT,AT130\n3,US,\n4,DE,DE212\n",
    )
    links = _write(
        tmp_path,
        "tls207_pers_appln.csv",
        "person_id,appln_id,applt_seq_nr,invt_seq_nr\n1,10,0,1\n2,10,0,2\n3,10,0,3\n4,10,1,0\n4,11,0,1\n",
    )
    fields = _write(
        tmp_path,
        "tls230_appln_techn_field.csv",
        "appln_id,techn_field_nr,weight\n10,8,0.666667\n10,22,0.333333\n11,6,1\n",
    )
    table = read_patstat(applications, persons, links, fields, region_level=2)
    ten = table[table["appln_id"] == "10"]
    assert set(ten["region"]) == {
        "AT11",
        "AT13",
    }  # the US inventor has no NUTS code; the applicant is no inventor
    assert ten["region_share"].tolist() == pytest.approx([1 / 3] * 4)
    assert set(ten["year"]) == {2020}
    counts = fractional_counts(table).set_index(["region", "class"])["count"]
    assert counts[("AT11", "8")] == pytest.approx(0.666667 / 3)
    assert counts[("DE21", "6")] == 1.0
    applicants = read_patstat(
        applications, persons, links, fields, role="applicant", year="application"
    )
    assert applicants[["region", "year"]].drop_duplicates().values.tolist() == [["DE212", 2021]]


def test_patstat_ipc_symbols_are_split_equally(tmp_path):
    applications = _write(
        tmp_path, "a.csv", "appln_id,appln_filing_year,earliest_filing_year\n1,2020,2019\n"
    )
    persons = _write(tmp_path, "p.csv", "person_id,nuts\n7,FR101\n")
    links = _write(tmp_path, "l.csv", "person_id,appln_id,invt_seq_nr,applt_seq_nr\n7,1,1,0\n")
    ipc = _write(
        tmp_path,
        "i.csv",
        "appln_id,ipc_class_symbol\n1,H04B   1/711\n1,H04W  72/04\n1,H04B   7/00\n",
    )
    table = read_patstat(applications, persons, links, ipc)
    assert table[["class", "class_share"]].values.tolist() == [["H04B", 0.5], ["H04W", 0.5]]
    assert isinstance(table, pd.DataFrame) and table["region"].tolist() == ["FR101", "FR101"]
