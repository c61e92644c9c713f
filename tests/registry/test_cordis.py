"""CORDIS collaborations into the registry, on a slice of the real H2020 data in ../shared."""

from __future__ import annotations

import pytest

from clustera.io.cordis import read_cordis
from clustera.registry import models
from clustera.registry.cordis import cordis_exchange_tables
from clustera.registry.importing import import_tables

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cordis_slice():
    from clustera.testing import require_shared

    tables = read_cordis(require_shared("data", "cordis"))
    with_sme = tables.participations[
        tables.participations["org_id"].isin(
            tables.organisations.index[tables.organisations["sme"].notna()]
        )
    ]["project_id"].unique()[:40]
    projects = tables.projects[
        (tables.projects["start_year"] == 2019) | tables.projects.index.isin(with_sme)
    ].head(150)
    participations = tables.participations[tables.participations["project_id"].isin(projects.index)]
    organisations = tables.organisations.loc[participations["org_id"].unique()]
    return type(tables)(projects, organisations, participations, tables.layout)


def test_cordis_slice_lands_as_organisations_projects_and_participations(cordis_slice):
    report = import_tables(cordis_exchange_tables(cordis_slice))
    assert report.created["projects"] == len(cordis_slice.projects)
    assert report.created["organisations"] == len(cordis_slice.organisations)
    assert models.Participation.objects.count() == len(
        cordis_slice.participations.drop_duplicates(["project_id", "org_id"])
    )
    types = set(models.Organisation.objects.values_list("type", flat=True))
    assert types <= {
        "sme",
        "large_company",
        "company",
        "university",
        "rto",
        "public_authority",
        "other",
    }
    orgs = cordis_slice.organisations
    flagged = orgs[orgs["sme"].notna() & (orgs["activity_type"] == "PRC")]
    assert len(flagged) > 0
    for org_id, sme in flagged["sme"].items():
        expected = "sme" if sme else "large_company"
        assert models.Organisation.objects.get(key=f"CORDIS-{org_id}").type == expected
    org_id = cordis_slice.participations.iloc[0]["org_id"]
    organisation = models.Organisation.objects.get(key=f"CORDIS-{org_id}")
    assert organisation.country == cordis_slice.organisations.loc[org_id, "country"]
    # a second import of the same release updates, it does not duplicate
    again = import_tables(cordis_exchange_tables(cordis_slice))
    assert again.created.get("organisations", 0) == 0
    assert models.Project.objects.count() == len(cordis_slice.projects)
