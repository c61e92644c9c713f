"""The centre finder lists a service only when it meets the need, and says why each centre ranks."""

from __future__ import annotations

import pandas as pd
import pytest

from clustera.matching import TechnologyNeed, rank_technology_centres, read_need


@pytest.fixture
def centres():
    return pd.DataFrame(
        {
            "name": ["Laser Centre", "Optics Testing Lab", "Print Hub"],
            "latitude": [50.78, 50.94, 48.14],
            "longitude": [6.08, 6.96, 11.58],
            "region": ["DEA2", "DEA2", "DE21"],
            "languages": [("de", "en"), ("de",), ("de",)],
        },
        index=["laser-centre", "optics-lab", "print-hub"],
    )


@pytest.fixture
def offers():
    return pd.DataFrame(
        {
            "centre_id": ["laser-centre", "laser-centre", "optics-lab", "print-hub"],
            # the Laser Centre offers no laser service: metrology and a course on welding
            "technologies": [("METRO",), ("WELD",), ("PHOT",), ("AM",)],
            "technology_names": [("Metrology",), ("Welding",), ("Photonics",), ("Additive",)],
            "service_type": ["testing", "training", "testing", "prototyping"],
            "trl_min": [2, 1, 4, 3],
            "trl_max": [9, 9, 6, 7],
            "description": [
                "Testing at Laser Centre: coordinate measuring",
                "Welding course of the Laser Centre",
                "Laser beam testing and characterisation",
                "Metal printing",
            ],
        },
        index=["s1", "s2", "s3", "s4"],
    )


def test_a_centre_named_laser_is_not_a_laser_service(centres, offers):
    found = rank_technology_centres(TechnologyNeed(text="laser"), centres, offers)
    assert [m.centre_id for m in found.matches] == ["optics-lab"]
    assert found.total == 1 and found.matches[0].offers == ("s3",)


@pytest.mark.parametrize(("trl", "expected"), [(5, ["optics-lab"]), (8, [])])
def test_a_laser_testing_service_at_trl_4_to_6_serves_trl_5_not_8(centres, offers, trl, expected):
    need = TechnologyNeed(text="laser testing", trl=trl)
    found = rank_technology_centres(need, centres, offers)
    assert [m.centre_id for m in found.matches] == expected
    assert found.total == len(expected)


def test_every_criterion_must_hold_not_just_one(centres, offers):
    # testing is asked, but the Laser Centre's testing service is not a photonics one
    need = TechnologyNeed(technologies=("PHOT",), service_types=("testing",))
    assert [m.centre_id for m in rank_technology_centres(need, centres, offers).matches] == [
        "optics-lab"
    ]
    # a laser need for prototyping: the laser service is a testing one
    need = TechnologyNeed(text="laser", service_types=("prototyping",))
    assert rank_technology_centres(need, centres, offers).matches == []
    # service type alone: every service of that type
    need = TechnologyNeed(service_types=("testing",))
    found = rank_technology_centres(need, centres, offers)
    assert {m.centre_id for m in found.matches} == {"laser-centre", "optics-lab"}


def test_the_score_is_the_sum_of_its_named_parts(centres, offers):
    need = TechnologyNeed(
        text="laser testing", trl=5, region="DEA", latitude=50.9, longitude=6.9, languages=("de",)
    )
    match = rank_technology_centres(need, centres, offers).matches[0]
    parts = dict(match.parts)
    # in the order they are shown: SCORE_PARTS
    assert list(parts) == ["technology", "service_type", "trl", "region", "language", "distance"]
    assert parts["technology"] > 0 and parts["service_type"] == 0.5
    assert parts["trl"] == pytest.approx(0.5)  # TRL 5: the middle of 4-6
    assert parts["distance"] == pytest.approx(-0.5 * match.distance_km / 100)
    assert parts["region"] == 0.5 and parts["language"] == 0.3
    assert sum(parts.values()) == pytest.approx(match.score)


def test_only_the_parts_that_apply_are_shown(centres, offers):
    need = TechnologyNeed(service_types=("testing", "training"))
    found = {
        m.centre_id: dict(m.parts) for m in rank_technology_centres(need, centres, offers).matches
    }
    assert found["laser-centre"] == {"service_type": 0.5, "more_services": 0.25}
    assert found["optics-lab"] == {"service_type": 0.5}


def test_trl_fit_is_highest_at_the_middle_of_the_range(centres, offers):
    fits = []
    for trl in (4, 5, 6):
        need = TechnologyNeed(technologies=("PHOT",), trl=trl)
        fits.append(dict(rank_technology_centres(need, centres, offers).matches[0].parts)["trl"])
    assert fits[1] > fits[0] > 0
    assert fits[0] == pytest.approx(fits[2])


def test_the_total_counts_every_serving_centre_beyond_k(centres, offers):
    need = TechnologyNeed(service_types=("testing", "training", "prototyping"))
    found = rank_technology_centres(need, centres, offers, k=1)
    assert found.total == 3 and len(found.matches) == 1


def test_service_words_of_the_need_ask_for_a_service_type():
    assert read_need("laser testing").service_types == ("testing",)
    assert "photonics" in read_need("laser testing").technology_text
    assert read_need("a prototype on a pilot line").service_types == ("prototyping", "pilot line")
    assert read_need("training").technology_text == ""
