"""Technology-centre finder and Enterprise Europe Network offer/request matching."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.matching import (
    TechnologyNeed,
    find_technology_centres,
    haversine_km,
    match_offers_and_requests,
    matches_for,
)


@pytest.fixture
def centres():
    return pd.DataFrame(
        {
            "latitude": [48.137, 52.520, 41.390],
            "longitude": [11.575, 13.405, 2.170],
            "region": ["DE21", "DE30", "ES51"],
            "languages": ["de;en", "de", "es;ca;en"],
        },
        index=["munich", "berlin", "barcelona"],
    )


@pytest.fixture
def offers():
    return pd.DataFrame(
        {
            "centre_id": ["munich", "munich", "berlin", "barcelona"],
            "technologies": [
                ("additive manufacturing",),
                ("robotics",),
                ("additive manufacturing",),
                ("additive manufacturing", "robotics"),
            ],
            "service_type": ["prototyping", "testing", "training", "prototyping"],
            "trl_min": [3, 4, 1, 5],
            "trl_max": [6, 8, 4, 9],
            "description": ["metal printing", "robot test bed", "courses", "pilot printing"],
        },
        index=["m1", "m2", "b1", "x1"],
    )


def test_paris_berlin_distance_is_878_km():
    assert haversine_km(48.8566, 2.3522, [52.52], [13.405])[0] == pytest.approx(877.5, abs=1)


def test_centres_ranked_by_fit_then_distance_with_their_offers(centres, offers):
    need = TechnologyNeed(
        technologies=("additive manufacturing",),
        service_types=("prototyping",),
        trl=5,
        latitude=48.0,
        longitude=11.0,
        languages=("en",),
    )
    matches = find_technology_centres(need, centres, offers)
    assert [m.centre_id for m in matches] == ["munich", "barcelona"]  # berlin: TRL 1-4 only
    assert matches[0].offers == ("m1",)
    assert matches[0].distance_km == pytest.approx(haversine_km(48.0, 11.0, [48.137], [11.575])[0])
    assert any("km away" in reason for reason in matches[0].reasons)


def test_everyday_words_find_the_technology_they_stand_for(centres):
    offers = pd.DataFrame(
        {
            "centre_id": ["munich", "berlin", "barcelona"],
            "technologies": [(), (), ()],
            "service_type": ["prototyping"] * 3,
            "description": [
                "Additive manufacturing of metal parts",
                "Robotics test bed",
                "Chair and furniture design",
            ],
        },
        index=["m1", "b1", "x1"],
    )
    found = find_technology_centres(TechnologyNeed(text="3D printing"), centres, offers)
    assert [m.centre_id for m in found] == ["munich"]
    found = find_technology_centres(TechnologyNeed(text="a cobot for our line"), centres, offers)
    assert [m.centre_id for m in found] == ["berlin"]
    # "ai" inside "chair" is not the alias of artificial intelligence
    assert find_technology_centres(TechnologyNeed(text="AI"), centres, offers) == []


def test_max_distance_and_region_filters(centres, offers):
    need = TechnologyNeed(
        technologies=("robotics",), latitude=41.4, longitude=2.2, max_distance_km=100
    )
    assert [m.centre_id for m in find_technology_centres(need, centres, offers)] == ["barcelona"]


@pytest.mark.parametrize(
    "need, field",
    [
        (TechnologyNeed(), "need"),
        (TechnologyNeed(technologies=("x",), service_types=("cooking",)), "service_types"),
        (TechnologyNeed(technologies=("x",), trl=12), "trl"),
    ],
)
def test_bad_needs_are_refused_with_the_field(centres, offers, need, field):
    with pytest.raises(InvalidInputError) as error:
        find_technology_centres(need, centres, offers)
    assert error.value.field == field


@pytest.fixture
def profiles():
    return pd.DataFrame(
        {
            "kind": [
                "technology offer",
                "technology request",
                "technology request",
                "business offer",
                "business request",
                "R&D request",
            ],
            "org_id": [1, 2, 3, 4, 5, 6],
            "description": [
                "laser cladding repair of turbine blades",
                "repair of worn turbine blades",
                "organic fertiliser",
                "distribution of turbine parts in Poland",
                "distributor wanted for turbine parts",
                "partners for turbine blade repair",
            ],
            "country": ["DE", "FR", "IT", "PL", "DE", "ES"],
        },
        index=["TO1", "TR1", "TR2", "BO1", "BR1", "RD1"],
    )


def test_offers_meet_the_complementary_kinds_only(profiles):
    matches = matches_for(profiles, "TO1", k=5)
    assert {m.kind for m in matches} <= {"technology request", "R&D request"}
    assert matches[0].profile_id in {"TR1", "RD1"}
    assert [m.profile_id for m in matches_for(profiles, "BR1", k=1)] == ["BO1"]
    assert any("cross-border" in reason for reason in matches[0].reasons)


def test_offer_table_and_refusals(profiles):
    table = match_offers_and_requests(profiles, k=1)
    assert set(table["profile_id"]) == set(profiles.index)
    with pytest.raises(UnknownCodeError):
        matches_for(profiles.assign(kind="gift"), "TO1")
    with pytest.raises(UnknownCodeError, match="unknown profile"):
        matches_for(profiles, "nope")
