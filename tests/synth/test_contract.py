"""The tables follow the contract the registry loader relies on."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from clustera.errors import InvalidInputError
from clustera.synth import SYNTHETIC, TABLE_SCHEMAS, generate_world, organisation_count

from .conftest import split

ORGANISATION_TYPES = {
    "cluster",
    "sme",
    "large_company",
    "rto",
    "technology_centre",
    "dih",
    "university",
    "science_park",
    "business_network",
    "public_authority",
    "investor",
}


def test_every_table_has_the_contract_columns_in_order(world):
    for name, frame in world.tables().items():
        assert list(frame.columns) == TABLE_SCHEMAS[name].names, name
        assert len(frame) > 0, name


def test_string_columns_have_no_missing_values(world):
    for name, frame in world.tables().items():
        for column in frame.columns:
            if pd.api.types.is_string_dtype(frame[column]) or frame[column].dtype == object:
                assert not frame[column].isna().any(), (name, column)


def test_keys_are_unique(world):
    assert world.organisations["id"].is_unique
    assert world.organisations["website"].is_unique
    assert world.organisations["name"].is_unique
    assert world.regions["code"].is_unique
    assert (
        world.offers["id"].is_unique
        and world.services["id"].is_unique
        and world.projects["id"].is_unique
    )
    assert not world.memberships.duplicated(["cluster", "member"]).any()
    assert not world.employment.duplicated(["region", "activity", "year"]).any()


def test_identifiers_and_codes_have_their_documented_form(world):
    assert world.organisations["id"].str.fullmatch(r"ORG\d{6}").all()
    assert world.countries["code"].str.fullmatch(r"X[A-Z]").all()
    assert not world.countries["code"].isin(["XK"]).any()
    assert world.countries["name"].str.startswith("Synthetic ").all()
    assert (world.regions["nuts_version"] == "SYN").all()
    assert world.organisations["website"].str.fullmatch(r"https://[a-z0-9-]+\.example").all()
    assert world.contacts["email"].str.fullmatch(r"[a-z0-9.-]+@[a-z0-9-]+\.example").all()
    assert world.contacts["is_personal_data"].all()
    assert (
        world.organisations["languages"]
        .map(lambda cell: all(re.fullmatch("[a-z]{2}", c) for c in split(cell)))
        .all()
    )
    assert "SYNTHETIC" in SYNTHETIC


def test_small_world_has_the_announced_size(world):
    assert len(world.countries) == 8
    assert 50 <= (world.regions["level"] == 3).sum() <= 70
    assert len(world.organisations) == 1500
    assert set(world.organisations["type"]) == ORGANISATION_TYPES
    leaves = world.activities[world.activities["level"] == 2]
    assert 60 <= len(leaves) <= 120
    assert len(world.ecosystems) == 14
    assert set(world.technologies["scheme"]) == {"SYN-KET", "SYN-ATI", "SYN-FIELD"}
    assert world.employment["year"].nunique() == 10


def test_references_resolve(world):
    organisations = set(world.organisations["id"])
    level3 = set(world.regions.loc[world.regions["level"] == 3, "code"])
    leaves = set(world.activities.loc[world.activities["level"] == 2, "code"])
    technologies = set(world.technologies["code"])
    ecosystems = set(world.ecosystems["code"])
    assert set(world.organisations["region"]) <= level3
    assert (world.organisations["region"].str[:2] == world.organisations["country"]).all()
    assert set(world.activities["parent"]) - {""} <= set(world.activities["code"])
    assert set(world.regions["parent"]) - {""} <= set(world.regions["code"])
    for cell in world.organisations["nace"]:
        assert set(split(cell)) <= leaves
    for cell in world.organisations["technologies"]:
        assert set(split(cell)) <= technologies
    for cell in world.organisations["ecosystems"]:
        assert set(split(cell)) <= ecosystems
    cluster_ids = set(world.organisations.loc[world.organisations["type"] == "cluster", "id"])
    assert set(world.clusters["organisation"]) == cluster_ids
    assert set(world.memberships["cluster"]) <= cluster_ids
    assert set(world.memberships["member"]) <= organisations
    for table in (world.offers, world.services, world.contacts, world.participations):
        assert set(table["organisation"]) <= organisations
    assert set(world.participations["project"]) == set(world.projects["id"])
    assert set(world.employment["region"]) <= level3 and set(world.employment["activity"]) <= leaves
    assert set(world.patents["region"]) <= level3
    assert set(world.patents["tech_class"]) <= set(
        world.technologies.loc[world.technologies["scheme"] == "SYN-FIELD", "code"]
    )
    assert set(world.clusters["s3_priorities"].map(split).explode().dropna()) <= set(
        world.s3_priorities["code"]
    )


def test_cluster_profiles_are_consistent_with_memberships(world):
    counts = world.memberships.groupby("cluster").size()
    profiles = world.clusters.set_index("organisation")
    assert (profiles["members_count"] == counts.reindex(profiles.index, fill_value=0)).all()
    assert (profiles["sme_members_count"] <= profiles["members_count"]).all()
    assert set(profiles["label"]) <= {"gold", "silver", "bronze", ""}
    assert ((profiles["label"] == "") == (profiles["label_date"] == "")).all()
    assert (world.memberships["since"] >= 1995).all()


def test_values_are_in_range(world):
    organisations = world.organisations
    assert organisations["employees"].min() >= 1
    sizes = pd.cut(
        organisations["employees"],
        [0, 9, 49, 249, 10**9],
        labels=["micro", "small", "medium", "large"],
    )
    assert (sizes.astype(str) == organisations["size_class"]).all()
    assert organisations["founded"].between(1300, 2023).all()
    assert 0.9 < organisations["is_public"].mean() < 1.0
    assert (world.services["trl_min"] >= 1).all() and (world.services["trl_max"] <= 9).all()
    assert (world.services["trl_min"] <= world.services["trl_max"]).all()
    assert (world.employment["value"] > 0).all()
    assert set(world.offers["kind"]) == {
        "business_offer",
        "business_request",
        "technology_offer",
        "technology_request",
        "rd_request",
    }
    assert set(world.participations["role"]) == {"coordinator", "participant"}
    assert (
        world.participations.groupby("project")["role"].apply(lambda r: (r == "coordinator").sum())
        == 1
    ).all()


def test_descriptions_say_the_record_is_synthetic(world):
    assert world.organisations["description"].str.contains("synthetic").all()
    assert world.projects["programme"].str.startswith("Synthetic").all()


@pytest.mark.parametrize("scale", ["tiny", 5, -3, True, "12x"])
def test_bad_scales_are_refused_naming_the_value(scale):
    with pytest.raises(InvalidInputError, match="scale"):
        organisation_count(scale)


def test_a_numeric_scale_gives_that_many_organisations():
    assert len(generate_world(seed=2, scale=120).organisations) == 120
    assert organisation_count("medium") == 20_000 and organisation_count("large") == 200_000


def test_even_a_tiny_world_has_every_type_and_a_cluster_with_members():
    world = generate_world(seed=3, scale=20)
    assert set(world.organisations["type"]) == ORGANISATION_TYPES
    assert len(world.clusters) == 1 and len(world.memberships) >= 1
