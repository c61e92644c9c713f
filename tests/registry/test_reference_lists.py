"""Official reference lists (from ../shared samples) land in the registry with their hierarchy."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clustera.cli import main
from clustera.registry import models

pytestmark = pytest.mark.django_db(transaction=True)


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["registry", "load", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_nace_rev2_and_rev21_load_side_by_side(shared):
    taxonomy = shared("data", "taxonomy")
    _run("nace", str(taxonomy / "nace_rev2_eurostat_ramon_codes.csv"))
    _run("nace", str(taxonomy / "nace_rev21_codes_en.csv"))
    rev2 = models.Activity.objects.filter(scheme="NACE2")
    assert rev2.count() == 21 + 88 + 272 + 615
    assert models.Activity.objects.filter(scheme="NACE21").count() == 22 + 87 + 287 + 651
    group = rev2.get(code="26.1")
    assert group.parent.code == "26" and group.parent.parent.code == "C" and group.level == 2


def test_technologies_ecosystems_and_wipo_fields(shared):
    taxonomy = shared("data", "taxonomy")
    _run("technologies", str(taxonomy / "kets_6_key_enabling_technologies.csv"))
    _run("technologies", str(taxonomy / "ati_advanced_technologies_for_industry_16.csv"))
    _run("technologies", str(taxonomy / "eu_industrial_ecosystems_14.csv"))
    _run("wipo-fields", str(taxonomy / "wipo_ipc_technology_concordance_35fields.csv"))
    assert models.Technology.objects.filter(scheme="KET").count() == 6
    assert (
        models.Technology.objects.get(scheme="ATI", code="ATI01").name == "Advanced manufacturing"
    )
    assert models.Ecosystem.objects.filter(scheme="EU14").count() == 14
    fields = models.Technology.objects.filter(scheme="WIPO35", level=1)
    assert fields.count() == 35
    assert fields.get(code="8").parent.name == "Electrical engineering"


def test_nuts_2021_with_boundaries_and_label_points(shared):
    nuts = shared("data", "nuts")
    _run(
        "nuts",
        "--year",
        "2021",
        "--codes",
        str(nuts / "nuts2021_codes_from_gisco_LB.csv"),
        "--geometries",
        str(nuts / "NUTS_RG_20M_2021_4326_LEVL_2.geojson"),
        "--labels",
        str(nuts / "NUTS_LB_2021_4326.geojson"),
    )
    regions = models.Region.objects.filter(nuts_version="2021")
    assert regions.filter(level=0).count() > 30
    bavaria = regions.get(code="DE21")
    assert (
        bavaria.parent.code == "DE2"
        and bavaria.parent.parent.code == "DE"
        and bavaria.country == "DE"
    )
    assert bavaria.geometry.startswith('{"type"') and bavaria.label_lon is not None
    assert regions.filter(level=2).exclude(geometry="").count() > 200
