"""CORDIS readers: the official bulk package layout and the cleaned subset."""

from __future__ import annotations

import math
import zipfile

import pandas as pd
import pytest

from clustera.errors import DataFormatError
from clustera.io.cordis import read_cordis
from clustera.testing import require_shared

PROJECT = (
    '"id";"acronym";"status";"title";"startDate";"endDate";"totalCost";"ecMaxContribution";"legalBasis";'
    '"topics";"ecSignatureDate";"frameworkProgramme";"masterCall";"subCall";"fundingScheme";"nature";'
    '"objective";"contentUpdateDate";"rcn";"grantDoi"\n'
    '"101000001";"ALPHA";"SIGNED";"Alpha; a project";"2021-01-01";"2024-12-31";"1000000";"800000,5";"H2020-EU.2.1.1.";'
    '"ICT-01-2020";"2020-11-01";"H2020";"H2020-ICT-2020-1";"";"RIA";"";"Objective text";"2022-01-01 10:00:00";"230001";""\n'
    '"101000002";"BETA";"CLOSED";"Beta";"2020-03-01";"2022-02-28";"500000.25";"500000";"H2020-EU.3.1.";'
    '"SC1-2019";"2020-01-15";"H2020";"H2020-SC1-2019";"";"CSA";"";"Other";"2022-02-01 10:00:00";"230002";""\n'
)
ORGANIZATION = (
    '"projectID";"projectAcronym";"organisationID";"vatNumber";"name";"shortName";"SME";"activityType";"street";'
    '"postCode";"city";"country";"nutsCode";"geolocation";"organizationURL";"contactForm";"contentUpdateDate";'
    '"rcn";"order";"role";"ecContribution";"netEcContribution";"totalCost";"endOfParticipation";"active"\n'
    '"101000001";"ALPHA";"999999001";"";"UNIVERSITY A";"UA";"false";"HES";"";"";"Graz";"AT";"AT221";"";"";"";'
    '"2022-01-01";"1";"1";"coordinator";"500000";"500000";"600000";"false";"true"\n'
    '"101000001";"ALPHA";"999999002";"";"COMPANY B";"CB";"true";"PRC";"";"";"Milano";"IT";"ITC4C";"";"";"";'
    '"2022-01-01";"2";"2";"participant";"300000,5";"300000,5";"400000";"false";"true"\n'
    '"101000002";"BETA";"999999001";"";"UNIVERSITY A (renamed)";"UA";"false";"HES";"";"";"Graz";"AT";"AT221";"";"";"";'
    '"2022-02-01";"3";"1";"coordinator";"500000";"500000";"500000";"false";"true"\n'
)


@pytest.fixture
def package(tmp_path):
    path = tmp_path / "cordis-h2020projects-csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.csv", PROJECT)
        archive.writestr("organization.csv", ORGANIZATION)
    return path


def test_official_package_gives_three_tables(package):
    tables = read_cordis(package)
    assert tables.layout == "official"
    projects = tables.projects
    assert projects.index.tolist() == ["101000001", "101000002"]
    assert projects.loc["101000001", "title"] == "Alpha; a project"
    assert projects.loc["101000001", "ec_max_contribution"] == 800000.5
    assert projects.loc["101000002", "total_cost"] == 500000.25
    assert projects.loc["101000001", "start_year"] == 2021
    assert projects["start_date"].dtype.kind == "M"
    participations = tables.participations
    assert len(participations) == 3
    assert participations["ec_contribution"].sum() == 1300000.5
    organisations = tables.organisations
    assert len(organisations) == 2
    assert organisations.loc["999999001", "name"] == "UNIVERSITY A (renamed)"  # latest update wins
    assert bool(organisations.loc["999999002", "sme"]) is True
    assert organisations.loc["999999002", "nuts_code"] == "ITC4C"
    assert projects.attrs["attribution"] == "Source: CORDIS, European Union"


def test_official_layout_in_an_unpacked_folder(tmp_path):
    (tmp_path / "project.csv").write_text(PROJECT)
    (tmp_path / "organization.csv").write_text(ORGANIZATION)
    assert len(read_cordis(tmp_path).participations) == 3


def test_bad_amount_names_file_line_and_column(tmp_path):
    (tmp_path / "project.csv").write_text(PROJECT.replace('"500000.25"', '"five hundred"'))
    (tmp_path / "organization.csv").write_text(ORGANIZATION)
    with pytest.raises(DataFormatError, match=r"project.csv, line 3, field 'totalCost'.*column 7"):
        read_cordis(tmp_path)


def test_repeated_project_id_is_refused(tmp_path):
    lines = PROJECT.splitlines()
    (tmp_path / "project.csv").write_text("\n".join([*lines, lines[1]]) + "\n")
    (tmp_path / "organization.csv").write_text(ORGANIZATION)
    with pytest.raises(DataFormatError, match="line 4, field 'id'"):
        read_cordis(tmp_path)


def test_folder_without_cordis_files_is_refused(tmp_path):
    with pytest.raises(DataFormatError, match="no CORDIS files"):
        read_cordis(tmp_path)


def test_subset_layout_from_the_shared_horizon_2020_data():
    folder = require_shared("data", "cordis")
    tables = read_cordis(folder)
    assert tables.layout == "subset"
    assert len(tables.projects) == 25620
    assert len(tables.participations) == 116241
    assert len(tables.organisations) == 32012
    assert tables.participations["project_id"].isin(tables.projects.index).all()
    assert tables.projects.loc["193159", "programme"] == "Euratom"
    assert tables.projects.loc["193159", "start_year"] == 2014
    assert math.isclose(tables.participations["ec_contribution"].iloc[2], 8879247.23)
    assert set(tables.participations["role"]) >= {"coordinator", "participant"}
    assert tables.organisations["sme"].notna().sum() > 0
    assert isinstance(tables.organisations["sme"].dtype, pd.BooleanDtype)
