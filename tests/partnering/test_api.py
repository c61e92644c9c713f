"""The matching API on the tiny registry: visibility, 503 while the model is prepared, offers."""

from __future__ import annotations

import pytest

from clustera.registry.services import create_offer

pytestmark = pytest.mark.django_db


def test_suggestions_answer_503_with_retry_after_until_the_first_fit(
    client, registry, refit_requests
):
    response = client.get(f"/api/match/partners?organisation={registry['ORG2'].pk}")
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "being prepared" in response.json()["detail"]
    assert refit_requests == ["refit"]


def test_a_private_organisation_is_404_not_503(client, registry, refit_requests):
    response = client.get(f"/api/match/partners?organisation={registry['ORG3'].pk}")
    assert response.status_code == 404 and str(registry["ORG3"].pk) in response.json()["detail"]
    assert refit_requests == []


def test_offer_answers_cover_public_offers_only(client, registry):
    offer = create_offer(registry["ORG2"], {"kind": "technology_offer", "title": "Laser optics"})
    hidden = create_offer(registry["ORG3"], {"kind": "technology_request", "title": "Optics"})
    body = client.get(f"/api/match/offers?offer={offer.pk}&k=5").json()
    assert body["offer"] == offer.pk
    assert hidden.pk not in {item["offer"] for item in body["items"]}
    assert client.get(f"/api/match/offers?offer={hidden.pk}").status_code == 404


def test_centre_finder_without_any_centre_answers_an_empty_list(client, registry):
    # the tiny registry has no technology centre with services
    response = client.get("/api/match/technology-centres?text=laser&trl=4")
    assert response.status_code == 200 and response.json() == {"items": []}
