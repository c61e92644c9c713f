"""NACE code lists and conversions, patent-class concordances, technology lists."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.errors import DataFormatError, DuplicateError, InvalidInputError, UnknownCodeError
from clustera.taxonomies import (
    TechnologyConcordance,
    nace_to_dotted,
    nace_to_eurostat,
    normalise_patent_class,
    read_concordance,
    read_nace,
    read_technology_list,
    read_wipo_ipc_concordance,
)
from clustera.testing import require_shared


def test_nace_rev2_ramon_export_has_the_published_counts_and_hierarchy():
    nace = read_nace(require_shared("data", "taxonomy", "nace_rev2_eurostat_ramon_codes.csv"))
    assert nace.attrs["revision"] == "2"
    assert nace["level"].value_counts().sort_index().tolist() == [21, 88, 272, 615]
    assert nace.loc["26.11", "parent"] == "26.1"
    assert nace.loc["26", "parent"] == "C"
    assert nace.loc["26.11", "eurostat_code"] == "C2611"
    assert nace.loc["62.01", "section"] == "J"


def test_nace_rev21_list_places_computer_programming_in_section_k():
    nace = read_nace(require_shared("data", "taxonomy", "nace_rev21_codes_en.csv"))
    assert nace.attrs["revision"] == "2.1"
    assert nace["level"].value_counts().sort_index().tolist() == [22, 87, 287, 651]
    assert nace.loc["62", "section"] == "K"
    assert nace.loc["62", "eurostat_code"] == "K62"
    # the built-in section table agrees with every division of both files
    for path, revision in [
        ("nace_rev21_codes_en.csv", "2.1"),
        ("nace_rev2_eurostat_ramon_codes.csv", "2"),
    ]:
        table = read_nace(require_shared("data", "taxonomy", path), revision)
        divisions = table[table["level"] == 2]
        assert (divisions["parent"] == divisions["section"]).all()


@pytest.mark.parametrize(
    ("eurostat", "dotted"),
    [("C", "C"), ("C26", "26"), ("C261", "26.1"), ("C2611", "26.11"), ("G451", "45.1")],
)
def test_nace_codes_round_trip_between_eurostat_and_dotted_forms(eurostat, dotted):
    assert nace_to_dotted(eurostat) == dotted
    assert nace_to_eurostat(dotted) == eurostat


@pytest.mark.parametrize("code", ["B-E", "TOTAL", "J26", "C2", "C26111", "M_N"])
def test_nace_aggregates_and_inconsistent_letters_are_refused(code):
    with pytest.raises(UnknownCodeError, match="value"):
        nace_to_dotted(code)


def test_nace_file_with_wrong_level_names_its_line(tmp_path):
    path = tmp_path / "nace.csv"
    path.write_text(
        "Code,Level,Parent,Description\nA,1,,Farming\n01,2,A,Crops\n01.1,2,01,Wrong level\n"
    )
    with pytest.raises(DataFormatError, match=r"nace.csv, line 4, field 'Level'"):
        read_nace(path)


def test_nace_file_with_unknown_parent_is_refused(tmp_path):
    path = tmp_path / "nace.csv"
    path.write_text("Code;Level;Parent;Description\nA;1;;Farming\n01;2;B;Crops\n")
    with pytest.raises(DataFormatError, match="line 3, field 'Parent'"):
        read_nace(path)


def test_patent_class_symbols_normalise_to_padded_patstat_form():
    assert normalise_patent_class("H01L21/02") == "H01L  21/02"
    assert normalise_patent_class("h01l 21/02") == "H01L  21/02"
    assert normalise_patent_class("A61K  31%") == "A61K  31"
    assert normalise_patent_class("H04N 101/00") == "H04N 101/00"
    with pytest.raises(InvalidInputError):
        normalise_patent_class("not a class")


def test_wipo_concordance_maps_classes_to_the_35_fields():
    concordance = read_wipo_ipc_concordance(
        require_shared("data", "taxonomy", "wipo_ipc_technology_concordance_35fields.csv")
    )
    assert len(concordance.rules) == 761
    assert len(concordance.technologies) == 35
    assert concordance.technologies.loc["8", "name"] == "Semiconductors"
    matched = concordance.match(["H01L 21/02", "H04N3/00", "H04N31/00", "B82Y 30/00", "C12N15/10"])
    fields = dict(zip(matched["class"], matched["technology"]))
    assert fields["H01L 21/02"] == "8"
    assert fields["B82Y 30/00"] == "22"
    assert fields["C12N15/10"] == "15"
    assert fields["H04N3/00"] == "2"
    assert "H04N31/00" not in fields  # H04N 31 is not listed: group 3 must not match group 31


def test_user_concordance_splits_and_excludes_by_weight(tmp_path):
    path = tmp_path / "kets.csv"
    path.write_text(
        "scheme,pattern,technology,technology_name,weight\n"
        "IPC,H01L,MNE,Micro- and nanoelectronics,1\n"
        "IPC,B82Y,NANO,Nanotechnology,1\n"
        "IPC,B82Y,MNE,Micro- and nanoelectronics,0.5\n"
        "IPC,H01L 21/67,MNE,Micro- and nanoelectronics,0\n"
    )
    concordance = read_concordance(path)
    table = pd.DataFrame(
        {
            "appln_id": [1, 2, 3],
            "class": ["B82Y", "H01L", "H01L21/677"],
            "class_share": [0.5, 1.0, 1.0],
        }
    )
    result = concordance.apply(table).sort_values(["appln_id", "class"]).reset_index(drop=True)
    assert result[["appln_id", "class"]].values.tolist() == [[1, "MNE"], [1, "NANO"], [2, "MNE"]]
    assert result["class_share"].tolist() == [0.25, 0.5, 1.0]


def test_concordance_with_bad_weight_names_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "scheme,pattern,technology,technology_name,weight\nIPC,H01L,A,a,1\nIPC,B82Y,B,b,2\n"
    )
    with pytest.raises(DataFormatError, match="line 3, field 'weight', value '2'"):
        read_concordance(path)


def test_concordance_object_can_be_built_in_memory():
    concordance = TechnologyConcordance(
        pd.DataFrame({"pattern": ["G06N"], "technology": ["AI"], "weight": [1.0]}),
        pd.DataFrame(index=["AI"]),
    )
    assert concordance.match(["G06N 3/08", "G06F 17/00"])["class"].tolist() == ["G06N 3/08"]


@pytest.mark.parametrize(
    ("name", "kind", "size", "first"),
    [
        ("kets_6_key_enabling_technologies.csv", "kets", 6, "MNE"),
        ("ati_advanced_technologies_for_industry_16.csv", "ati", 16, "1"),
        ("eu_industrial_ecosystems_14.csv", "ecosystems", 14, "1"),
        ("eurostat_pat_ep_rtec_ipc_codes.csv", "pat_ep_rtec", 7, "HT"),
    ],
)
def test_technology_lists_are_read_by_identifier(name, kind, size, first):
    table = read_technology_list(require_shared("data", "taxonomy", name))
    assert table.attrs["kind"] == kind
    assert len(table) == size
    assert table.index[0] == first
    assert table["name"].str.len().min() > 0


def test_technology_list_with_repeated_identifier_is_refused(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,name\nA,Alpha\nB,Beta\nA,Again\n")
    with pytest.raises(DuplicateError, match="line 4"):
        read_technology_list(path)


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(
    division=st.sampled_from([1, 2, 3, 5, 10, 26, 33, 35, 41, 45, 47, 62, 64, 72, 84, 86, 99]),
    rest=st.sampled_from(["", "1", "9", "11", "90"]),
    revision=st.sampled_from(["2", "2.1"]),
)
def test_any_valid_code_survives_the_round_trip(division, rest, revision):
    if revision == "2.1" and division == 45:
        return  # division 45 does not exist in Rev. 2.1
    dotted = f"{division:02d}" + (f".{rest}" if rest else "")
    assert nace_to_dotted(nace_to_eurostat(dotted, revision), revision) == dotted
