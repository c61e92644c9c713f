"""The "My account" page: organisations with roles, tokens, creating and revoking one."""

from __future__ import annotations

import pytest

from clustera.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_account_page_lists_organisations_roles_and_tokens(client, users, registry):
    ApiToken.issue(users["orgadmin"], "laptop")
    client.force_login(users["orgadmin"])
    page = client.get("/accounts/me/").content.decode()
    assert "Lumen Optics" in page and "Organisation admin" in page
    assert "laptop" in page and "Revoke" in page
    assert f'href="/organisations/{registry["ORG2"].pk}/"' in page
    assert 'href="/accounts/me/"' in client.get("/").content.decode()  # linked from every page


def test_a_created_token_is_shown_once_and_authenticates(client, users):
    client.force_login(users["plain"])
    response = client.post("/accounts/me/tokens/", {"name": "notebook"})
    assert response.status_code == 200
    clear = response.context["new_token"]
    assert clear in response.content.decode()
    assert clear not in client.get("/accounts/me/").content.decode()
    client.logout()
    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert me.json()["username"] == "plain"


def test_a_nameless_token_is_refused_with_a_message(client, users):
    client.force_login(users["plain"])
    response = client.post("/accounts/me/tokens/", {"name": " "})
    assert response.status_code == 422 and "1 to 100 characters" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_page(client, users):
    token, _ = ApiToken.issue(users["plain"], "old")
    client.force_login(users["plain"])
    response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/", follow=True)
    assert "Token revoked." in response.content.decode()
    assert not ApiToken.objects.exists()
