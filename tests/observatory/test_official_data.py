"""An official Eurostat table (real excerpt from ../shared) through load, compute and the pages."""

from __future__ import annotations

import pytest
from django.db.models import Count

from clustera.observatory import models, services
from clustera.registry.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def eurostat_dataset(shared):
    from clustera.io import read_eurostat

    table = read_eurostat(
        shared("data", "eurostat", "eurostat_sbs_r_nuts06_r2_legacy_bulk_excerpt.tsv")
    )
    employed = table[(table["indic_sb"] == "V16110") & (table["geo"].astype(str).str.len() == 4)]
    employed = employed[~employed["nace_r2"].isin(["B", "C", "G"])]  # detailed classes only
    for code in sorted(set(employed["geo"].astype(str))):
        country = Region.objects.get_or_create(
            code=code[:2],
            nuts_version="2013",
            level=0,
            defaults={"name": code[:2], "country": code[:2]},
        )[0]
        Region.objects.create(
            code=code,
            nuts_version="2013",
            level=2,
            name=f"NUTS {code}",
            country=code[:2],
            parent=country,
        )
    frame = services.observations_from_eurostat(employed)
    info = services.DatasetInfo(
        code="sbs_r_nuts06_r2",
        title="SBS: persons employed by NUTS 2 region and NACE Rev. 2",
        source="Eurostat",
        unit="persons employed",
        kind="employment",
        dimension="activity",
        scheme="NACE2",
        nuts_version="2013",
        url="https://ec.europa.eu/eurostat/databrowser/view/sbs_r_nuts06_r2/default/table",
        licence="Eurostat re-use policy (CC BY 4.0)",
        attribution="© European Union, Eurostat",
    )
    dataset = services.load_observations(frame, info)
    services.compute_dataset(dataset)
    return dataset, frame


def test_flags_and_missing_values_survive_to_the_dataset_page(client, eurostat_dataset):
    dataset, frame = eurostat_dataset
    stored = dict(
        models.Observation.objects.filter(dataset=dataset)
        .exclude(flags="")
        .values_list("flags")
        .annotate(n=Count("id"))
        .values_list("flags", "n")
    )
    expected = frame[frame["flags"] != ""]["flags"].value_counts().to_dict()
    assert stored == expected and stored
    assert models.Observation.objects.filter(dataset=dataset, value__isnull=True).count() == int(
        frame["value"].isna().sum()
    )
    page = client.get(f"/observatory/datasets/{dataset.pk}/").content.decode()
    assert "© European Union, Eurostat" in page and "CC BY 4.0" in page
    for flag in expected:
        assert f"<code>{flag}</code>" in page


def test_official_regions_get_pages_and_the_eurogeographics_credit(client, eurostat_dataset):
    dataset, frame = eurostat_dataset
    result = models.IndicatorResult.objects.get(dataset=dataset, level=2)
    code = models.RegionIndicator.objects.filter(result=result).first().region.code
    page = client.get(f"/observatory/regions/{code}/")
    assert page.status_code == 200 and page.context["portfolio"]
    # the core's caution about this small excerpt is shown on the page, not lost in a log
    cautioned = [
        r for r in models.IndicatorResult.objects.filter(dataset=dataset) if r.notes["warnings"]
    ]
    assert cautioned
    region = models.RegionIndicator.objects.filter(result=cautioned[0]).first().region
    page = client.get(f"/observatory/regions/{region.code}/?v=2013").content.decode()
    assert "Caution: " + cautioned[0].notes["warnings"][0] in page
    data = client.get(
        "/observatory/map/data.json?indicator=location_quotient&level=2&category=C26"
    ).json()
    assert data["attribution"] == "© EuroGeographics for the administrative boundaries"
    assert data["meta"]["dataset"]["code"] == "sbs_r_nuts06_r2"
