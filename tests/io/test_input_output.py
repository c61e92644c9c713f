"""Eurostat symmetric input-output tables: the flows between CPA products of one country and year."""

from __future__ import annotations

import pytest

from clustera.errors import DataFormatError
from clustera.io import input_output_flows, read_eurostat

# API layout of naio_10_cp1700: supplying product prd_ava, using product prd_use;
# TU (total use) and B1G (value added) are not products and must drop out.
API_TSV = (
    "freq,unit,stk_flow,prd_use,prd_ava,geo\\TIME_PERIOD\t2019 \t2020 \n"
    "A,MIO_EUR,TOTAL,CPA_C24,CPA_C24,AT\t4.0 \t5.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,CPA_C24,AT\t28.0 \t30.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C24,CPA_C25,AT\t9.0 \t10.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,CPA_C25,AT\t: \t: c\n"
    "A,MIO_EUR,TOTAL,TU,CPA_C24,AT\t33.0 \t35.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,B1G,AT\t40.0 \t50.0 \n"
    "A,MIO_EUR,DOM,CPA_C25,CPA_C24,AT\t20.0 \t21.0 \n"
    "A,MIO_NAC,TOTAL,CPA_C25,CPA_C24,AT\t28.0 \t30.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,CPA_C24,DE\t99.0 \t99.0 \n"
)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "naio_10_cp1700.tsv"
    path.write_text(API_TSV)
    return read_eurostat(path)


def test_flows_between_products_of_the_latest_year(table):
    flows = input_output_flows(table, geo="AT")
    assert flows.attrs["year"] == 2020 and flows.attrs["unit"] == "MIO_EUR"
    assert sorted(map(tuple, flows[["supplier", "user", "value"]].to_numpy().tolist())) == [
        ("CPA_C24", "CPA_C24", 5.0),
        ("CPA_C24", "CPA_C25", 30.0),
        ("CPA_C25", "CPA_C24", 10.0),
    ]
    earlier = input_output_flows(table, geo="AT", year=2019, stk_flow="DOM")
    assert earlier["value"].tolist() == [20.0]


def test_older_dimension_names_are_read(table):
    renamed = table.rename(columns={"prd_ava": "prod_na", "prd_use": "induse"})
    assert len(input_output_flows(renamed, geo="AT")) == 3


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"geo": "FR"}, "geo"),
        ({"geo": "AT", "year": 2015}, "time"),
        ({"geo": "AT", "unit": None}, "unit"),
        ({"geo": "AT", "stk_flow": "XXX"}, "stk_flow"),
    ],
)
def test_what_is_not_in_the_table_is_named(table, options, field):
    with pytest.raises(DataFormatError) as caught:
        input_output_flows(table, **options)
    assert caught.value.field == field and "naio_10_cp1700" in str(caught.value)


def test_a_table_without_product_axes_is_refused(table):
    with pytest.raises(DataFormatError, match="prd_ava"):
        input_output_flows(table.drop(columns=["prd_ava"]), geo="AT")
