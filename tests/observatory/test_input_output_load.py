"""`clustera data load input-output`: a Eurostat input-output table becomes the value-chain links of
partner suggestions; a bad table writes nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from clustera.cli import main
from clustera.errors import InvalidInputError
from clustera.observatory import models, services
from clustera.registry.models import Activity, Organisation

pytestmark = pytest.mark.django_db(transaction=True)

TSV = (
    "freq,unit,stk_flow,prd_use,prd_ava,geo\\TIME_PERIOD\t2020 \n"
    "A,MIO_EUR,TOTAL,CPA_C24,CPA_C24,AT\t5.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,CPA_C24,AT\t30.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C24,CPA_C25,AT\t10.0 \n"
    "A,MIO_EUR,TOTAL,CPA_C25,CPA_C25,AT\t20.0 \n"
    "A,MIO_EUR,TOTAL,TU,CPA_C24,AT\t35.0 \n"
)


def _load(path, *extra):
    return CliRunner().invoke(
        main,
        ["data", "load", "input-output", str(path), "--geo", "AT", *extra],
        catch_exceptions=False,
    )


def test_a_table_is_loaded_with_provenance_and_versions(tmp_path):
    path = tmp_path / "naio_10_cp1700.tsv"
    path.write_text(TSV)
    result = _load(path)
    assert result.exit_code == 0, result.output
    assert "naio_10_cp1700 AT 2020 version 1: 4 flows" in result.output
    table = models.InputOutputTable.objects.get()
    assert (table.source, table.unit, table.scheme, table.is_current) == (
        "Eurostat",
        "MIO_EUR",
        "CPA2008",
        True,
    )
    assert set(table.flows.values_list("supplier", "user", "value")) == {
        ("CPA_C24", "CPA_C24", 5.0),
        ("CPA_C24", "CPA_C25", 30.0),
        ("CPA_C25", "CPA_C24", 10.0),
        ("CPA_C25", "CPA_C25", 20.0),
    }
    assert _load(path).exit_code == 0
    assert list(
        models.InputOutputTable.objects.order_by("version").values_list("version", "is_current")
    ) == [(1, False), (2, True)]


def test_a_missing_country_writes_nothing(tmp_path):
    path = tmp_path / "naio_10_cp1700.tsv"
    path.write_text(TSV)
    result = CliRunner().invoke(main, ["data", "load", "input-output", str(path), "--geo", "FR"])
    assert (
        result.exit_code == 1 and "FR" in result.output and "nothing was written" in result.output
    )
    assert not models.InputOutputTable.objects.exists()


def test_a_bad_flow_refuses_the_whole_table_naming_the_row():
    flows = pd.DataFrame(
        {
            "supplier": ["C24", "C25", "C25"],
            "user": ["C25", "C24", "C28"],
            "value": [1.0, -2.0, 3.0],
        }
    )
    info = services.InputOutputInfo(
        code="test", geo="AT", year=2020, title="t", source="s", unit="u", scheme="CPA2008"
    )
    with pytest.raises(InvalidInputError) as caught:
        services.load_input_output(flows, info)
    assert caught.value.line == 2 and caught.value.field == "value"
    assert (
        not models.InputOutputTable.objects.exists() and not models.InputOutputFlow.objects.exists()
    )


def test_partner_suggestions_read_the_links_of_the_current_table(tmp_path):
    from clustera.partnering import selectors

    steel = Activity.objects.create(
        scheme="NACE2", code="24.10", name="Manufacture of basic iron and steel", level=3
    )
    metal = Activity.objects.create(
        scheme="NACE2", code="25.11", name="Manufacture of metal structures", level=3
    )
    for key, activity in (("A", steel), ("B", metal)):
        organisation = Organisation.objects.create(key=key, name=key, type="sme", country="AT")
        organisation.activities.add(activity)
    assert selectors.value_chain_links() is None
    path = tmp_path / "naio_10_cp1700.tsv"
    path.write_text(TSV)
    assert _load(path).exit_code == 0
    links = selectors.value_chain_links()
    # C24 sells 30 of its 35 to C25; the other shares are smaller (30/50, 10/15, 10/30)
    assert links.loc["24.10", "25.11"] == pytest.approx(30 / 35)
    assert links.loc["24.10", "24.10"] == 0.0
