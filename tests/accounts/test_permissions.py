"""Who may see and change account data: only the signed-in user, their own tokens."""

from __future__ import annotations

import pytest

from clustera.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/accounts/me/",):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post("/accounts/me/tokens/", {"name": "x"})
    assert response.status_code == 302 and not ApiToken.objects.exists()
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me/tokens").status_code == 401


@pytest.mark.parametrize("role", ["plain", "editor", "root"])
def test_nobody_revokes_another_users_token_even_an_editor_or_superuser(
    client, users, bearer, role
):
    # Platform admins revoke tokens in the admin site; the API and page act on one's own.
    token, _ = ApiToken.issue(users["member"], "member's")
    assert client.delete(f"/api/me/tokens/{token.pk}", **bearer(role)).status_code == 404
    client.force_login(users[role])
    client.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_lists_hold_only_the_callers_tokens(client, users, bearer):
    ApiToken.issue(users["member"], "member's")
    names = {t["name"] for t in client.get("/api/me/tokens", **bearer("plain")).json()}
    assert names == {"test"}


def test_session_writes_need_csrf(users, registry):
    from django.test import Client

    token, _ = ApiToken.issue(users["plain"], "kept")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["plain"])
    assert strict.delete(f"/api/me/tokens/{token.pk}").status_code in (401, 403)
    assert strict.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_token_admin_never_shows_or_edits_the_digest(client, users):
    client.force_login(users["root"])
    token, _ = ApiToken.issue(users["plain"], "audited")
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert 'name="digest"' not in page
