"""Reading tables back: codes stay text, long and wide tables both work, errors are messages."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.cli.analyse import analyse
from clustera.errors import DataFormatError
from clustera.io import analysis_table, read_table

LONG = "region,category,year,value\nFR10,01.11,2022,5\nFR10,C10,2022,3\nDE21,01.11,2022,2\nDE21,C10,2022,7\n"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_codes_stay_text_whatever_the_separator(tmp_path, separator):
    path = tmp_path / "long.csv"
    path.write_text(LONG.replace(",", separator))
    frame = read_table(path)
    assert frame["region"].tolist() == ["FR10", "FR10", "DE21", "DE21"]
    assert frame["category"].tolist() == ["01.11", "C10", "01.11", "C10"]
    assert frame["value"].tolist() == [5, 3, 2, 7]


def test_a_column_of_codes_with_leading_zeros_stays_text_whatever_its_name(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("postcode,employees,share\n01000,12,0.5\n75001,8,0.25\n")
    frame = read_table(path)
    assert frame["postcode"].tolist() == ["01000", "75001"]
    assert frame["employees"].tolist() == [12, 8] and frame["share"].tolist() == [0.5, 0.25]


def test_a_protected_spreadsheet_cell_gets_its_text_back(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("id,name\nORG1,'=Lumen\nORG2,'-3D parts\n")
    assert read_table(path)["name"].tolist() == ["=Lumen", "-3D parts"]


def test_json_records_api_pages_and_excel_read_the_same(tmp_path):
    rows = [{"region": "FR10", "activity": "01.11", "value": 5}]
    (tmp_path / "a.json").write_text(json.dumps(rows))
    (tmp_path / "b.json").write_text(json.dumps({"count": 1, "items": rows}))
    pd.DataFrame(rows).to_excel(tmp_path / "c.xlsx", index=False)
    for name in ("a.json", "b.json", "c.xlsx"):
        frame = read_table(tmp_path / name)
        assert frame.loc[0, "activity"] == "01.11" and frame.loc[0, "value"] == 5, name


def test_long_wide_and_organisation_lists_shape_the_same_matrix(tmp_path):
    long = analysis_table(read_table_text(tmp_path, LONG))
    assert list(long.columns) == ["year", "region", "activity", "value"]
    wide = analysis_table(read_table_text(tmp_path, "region,01.11,C10\nFR10,5,3\nDE21,2,7\n"))
    assert wide.index.name == "region" and list(wide.columns) == ["01.11", "C10"]
    assert wide.loc["FR10", "01.11"] == 5
    listing = "id,name,region,nace\nA,Alpha,FR10,01.11;C10\nB,Beta,FR10,C10\nC,Gamma,,C10\n"
    counted = analysis_table(read_table_text(tmp_path, listing))
    assert counted.set_index(["region", "activity"])["value"].to_dict() == {
        ("FR10", "01.11"): 1,
        ("FR10", "C10"): 2,
    }


def read_table_text(tmp_path, text: str) -> pd.DataFrame:
    path = tmp_path / "t.csv"
    path.write_text(text)
    return read_table(path)


@pytest.mark.parametrize("layout", ["long", "wide", "semicolon"])
def test_analyse_reads_long_and_wide_tables_to_the_same_result(tmp_path, layout):
    text = {
        "long": LONG.replace(",2022", "").replace("year,", ""),
        "wide": "region,01.11,C10\nFR10,5,3\nDE21,2,7\n",
        "semicolon": "region;01.11;C10\nFR10;5;3\nDE21;2;7\n",
    }[layout]
    source = tmp_path / "in.csv"
    source.write_text(text)
    out = tmp_path / "lq.csv"
    result = CliRunner().invoke(analyse, ["location-quotient", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype={"region": str})
    assert "01.11" in table.columns or "01.11" in table.astype(str).to_numpy()
    assert set(table["region"]) == {"FR10", "DE21"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ragged.csv", "region,activity,value\nFR10,C10,3\nFR10,C11,4,9\n", "line 3"),
        ("latin1.csv", b"region,activity,value\nFR10,C10,3\n" + b"DE21,\xe9,4\n", "line 3"),
        ("empty.csv", "", "empty"),
        ("broken.json", '{"items": [{"region": "FR10",}]}', "line 1"),
        ("words.csv", "region,activity,value\nFR10,C10,three\n", "line 2, field 'value'"),
        ("shape.csv", "name,city,comment\nAlpha,Lyon,x\n", "region"),
        ("table.ods", "nothing", "unsupported file type"),
        ("negative.csv", "region,activity,value\nFR10,C10,-3\n", "line 2"),
        ("twice.csv", "region,activity,value\nFR10,C10,3\nFR10,C10,4\n", "line 3"),
        ("nameless.csv", "region,,value\nFR10,C10,3\n", "column 2 has no name"),
    ],
)
def test_broken_files_are_messages_with_file_and_line_never_tracebacks(
    tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = CliRunner().invoke(
        analyse, ["location-quotient", str(path), "--out", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert name in result.output and message in result.output, result.output


def test_the_library_reader_names_file_line_and_field(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("region,activity,value\nFR10,C10,3\nFR10,C11\n")
    with pytest.raises(DataFormatError) as error:
        read_table(path)
    assert error.value.line == 3 and "ragged.csv" in str(error.value)
