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
