"""The centre finder in the portal: a service matches the need, not its centre's name; the
number of results and each centre's score parts, in the API and on the page (the ``centres``
fixture: tests/partnering/conftest.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _found(client, query):
    response = client.get(f"/api/match/technology-centres?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_centre_named_laser_is_not_returned_for_a_laser_need(client, centres):
    body = _found(client, "text=laser&k=10")
    assert [c["organisation"] for c in body["items"]] == [centres["beam"].pk]
    assert body["total"] == 1
    assert [s["name"] for s in body["items"][0]["services"]] == ["Beam testing"]


@pytest.mark.parametrize(("trl", "found"), [(5, True), (8, False)])
def test_laser_testing_at_trl_4_to_6_serves_trl_5_not_8(client, centres, trl, found):
    body = _found(client, f"text=laser&service_type=testing&trl={trl}")
    assert [c["organisation"] for c in body["items"]] == ([centres["beam"].pk] if found else [])
    assert body["total"] == (1 if found else 0)
    # the metrology testing service of the Laser Centre serves testing, not the laser need
    body = _found(client, f"service_type=testing&trl={trl}")
    assert centres["laser_centre"].pk in [c["organisation"] for c in body["items"]]


def test_each_centre_says_why_it_ranks_where_it_does(client, centres):
    body = _found(client, "technology=PHOT-L&service_type=testing&trl=5&region=XA111&language=en")
    item = body["items"][0]
    parts = {p["name"]: p["value"] for p in item["score_parts"]}
    assert list(parts) == ["technology", "service_type", "trl", "region", "language", "distance"]
    assert parts["technology"] > 0 and parts["service_type"] == 0.5 and parts["trl"] == 0.5
    assert parts["distance"] == pytest.approx(-0.5 * item["distance_km"] / 100)
    assert sum(parts.values()) == pytest.approx(item["score"])


def test_the_page_shows_the_count_and_the_score_parts(client, centres):
    page = client.get("/technology-centres/finder/?text=laser&trl=5").content.decode()
    assert "1 centre serves this need." in page
    assert "Beam Works" in page and "Laser Centre</a>" not in page
    assert "technology match" in page and "TRL fit" in page
    empty = client.get("/technology-centres/finder/?text=laser&trl=8").content.decode()
    assert "0 centres serve this need." in empty
    assert "No centre serves this need" in empty
