"""The accounts API: who am I, my tokens, revoking one."""

from __future__ import annotations

import pytest

from clustera.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_me_names_the_user_role_and_organisations(client, bearer, registry):
    body = client.get("/api/me", **bearer("orgadmin")).json()
    assert body == {
        "username": "orgadmin",
        "is_editor": False,
        "is_superuser": False,
        "organisations": [
            {"organisation": registry["ORG2"].pk, "name": "Lumen Optics", "role": "admin"}
        ],
    }
    assert client.get("/api/me", **bearer("editor")).json()["is_editor"] is True


def test_me_works_with_the_browser_session(client, users):
    client.force_login(users["member"])
    assert client.get("/api/me").json()["username"] == "member"


def test_my_tokens_show_names_and_prefixes_never_the_token(client, bearer):
    headers = bearer("plain")
    clear = headers["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    items = client.get("/api/me/tokens", **headers).json()
    assert [(t["name"], t["prefix"]) for t in items] == [("test", clear[:8])]
    assert clear not in str(items) and "digest" not in items[0]
    assert items[0]["last_used"] is not None  # this very request used it


def test_a_revoked_token_stops_working(client, bearer, users):
    headers = bearer("plain")
    token = ApiToken.objects.get(user=users["plain"])
    assert client.delete(f"/api/me/tokens/{token.pk}", **headers).status_code == 204
    assert client.get("/api/me", **headers).status_code == 401
    assert "/api/me" in client.get("/api/openapi.json").json()["paths"]


def test_claim_and_decide_through_the_api(client, bearer, roles, registry, claimant):
    from clustera.accounts.models import OrganisationMembership

    claimant_headers = bearer("plain")  # the plain user claims first: no domain evidence
    url = f"/api/organisations/{registry['ORG1'].pk}/requests"
    made = client.post(url, {"kind": "claim"}, content_type="application/json", **claimant_headers)
    assert made.status_code == 201
    body = made.json()
    assert body["kind"] == "claim" and body["status"] == "pending" and body["domain_match"] is False
    pending = client.get("/api/me/requests-to-decide", **_bearer(roles["otheradmin"])).json()
    assert pending["count"] == 1 and pending["items"][0]["id"] == body["id"]
    assert client.get("/api/me/requests-to-decide", **bearer("orgadmin")).json()["count"] == 0
    refused = client.post(
        f"/api/requests/{body['id']}/decision",
        {"approve": True},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert refused.status_code == 404
    decided = client.post(
        f"/api/requests/{body['id']}/decision",
        {"approve": True},
        content_type="application/json",
        **_bearer(roles["otheradmin"]),
    )
    assert decided.json()["status"] == "approved"
    assert OrganisationMembership.objects.get(user=roles["plain"]).role == "admin"
    mine = client.get("/api/me/requests", **claimant_headers).json()
    assert [item["status"] for item in mine["items"]] == ["approved"]


def test_request_api_validates_and_hides_private_organisations(client, bearer, roles, registry):
    headers = bearer("plain")
    url = f"/api/organisations/{registry['ORG1'].pk}/requests"
    bad = client.post(url, {"kind": "own"}, content_type="application/json", **headers)
    assert bad.status_code == 422
    long = client.post(
        url, {"kind": "join", "message": "x" * 1001}, content_type="application/json", **headers
    )
    assert long.status_code == 422
    hidden = client.post(
        f"/api/organisations/{registry['ORG3'].pk}/requests",
        {"kind": "join"},
        content_type="application/json",
        **headers,
    )
    assert hidden.status_code == 404
    assert client.post(url, {"kind": "join"}, content_type="application/json").status_code == 401


def _bearer(user):
    _, clear = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
