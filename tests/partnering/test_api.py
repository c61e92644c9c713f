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
    assert response.status_code == 200 and response.json() == {"total": 0, "items": []}


def test_conversations_through_the_api(client, users, registry, bearer, mailoutbox):
    from clustera.accounts.models import OrganisationMembership

    cluster = type(users["plain"]).objects.create_user("clusteradmin", email="boss@pv.example")
    OrganisationMembership.objects.create(user=cluster, organisation=registry["ORG1"], role="admin")
    sent = client.post(
        f"/api/organisations/{registry['ORG1'].pk}/interest",
        {"from_organisation": registry["ORG2"].pk, "message": "Pilot?"},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert sent.status_code == 201
    conversation = sent.json()
    assert conversation["waiting_for_editors"] is False and conversation["status"] == "open"
    assert [m["text"] for m in conversation["messages"]] == ["Pilot?"]
    assert mailoutbox[-1].to == ["boss@pv.example"]
    cluster_headers = bearer_for(cluster)
    listed = client.get("/api/conversations", **cluster_headers).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == conversation["id"]
    url = f"/api/conversations/{conversation['id']}"
    reply = client.post(
        f"{url}/messages", {"text": "Yes"}, content_type="application/json", **cluster_headers
    )
    assert reply.status_code == 201 and reply.json()["sender"]["name"] == "Photon Valley Cluster"
    detail = client.get(url, **bearer("orgadmin")).json()
    assert [m["text"] for m in detail["messages"]] == ["Pilot?", "Yes"] and detail["contacts"] == []
    assert client.get(url, **bearer("plain")).status_code == 404
    outsider = client.post(
        f"{url}/messages", {"text": "hi"}, content_type="application/json", **bearer("member")
    )
    assert outsider.status_code == 404
    empty = client.post(
        f"{url}/messages", {"text": ""}, content_type="application/json", **cluster_headers
    )
    assert empty.status_code == 422
    assert client.get("/api/conversations").status_code == 401


def bearer_for(user):
    from clustera.accounts.models import ApiToken

    _, clear = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}


def test_conversation_endpoints_cost_few_queries(
    client, users, registry, django_assert_max_num_queries
):
    from clustera.accounts.models import OrganisationMembership
    from clustera.partnering import services

    cluster = type(users["plain"]).objects.create_user("clusteradmin")
    OrganisationMembership.objects.create(user=cluster, organisation=registry["ORG1"], role="admin")
    interest = services.express_interest(users["orgadmin"], registry["ORG2"], registry["ORG1"])
    for index in range(8):
        services.reply(cluster, interest.conversation.pk, f"reply {index}")
    headers = bearer_for(users["orgadmin"])
    with django_assert_max_num_queries(8):
        listed = client.get("/api/conversations", **headers).json()
    assert listed["count"] == 1
    with django_assert_max_num_queries(10):
        detail = client.get(f"/api/conversations/{interest.conversation.pk}", **headers).json()
    assert len(detail["messages"]) == 9
