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


ROLES = ["anonymous", "plain", "member", "orgadmin", "otheradmin", "editor", "analyst", "root"]


def _as(client, roles, role):
    if roles[role] is not None:
        client.force_login(roles[role])


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(r, r in {"orgadmin", "editor", "root"}) for r in ROLES],
)
def test_who_decides_a_request_about_an_organisation_with_an_admin(
    client, roles, registry, claimant, role, allowed
):
    from clustera.accounts import services
    from clustera.accounts.models import OrganisationMembership

    request = services.request_organisation(claimant, registry["ORG2"], "join")
    _as(client, roles, role)
    response = client.post(f"/accounts/requests/{request.pk}/decide/", {"decision": "approve"})
    request.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == (302 if allowed else 404)
    assert (request.status == "approved") is allowed
    assert OrganisationMembership.objects.filter(user=claimant).exists() is allowed


def test_nobody_decides_their_own_request_even_an_editor(roles, registry):
    from clustera.accounts import services
    from clustera.errors import InvalidInputError

    request = services.request_organisation(roles["editor"], registry["ORG1"], "claim")
    with pytest.raises(InvalidInputError):
        services.decide_request(roles["editor"], request.pk, approve=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 302),
        ("otheradmin", 403),
        ("editor", 302),
        ("analyst", 403),
        ("root", 302),
    ],
)
def test_who_changes_a_members_role(client, roles, registry, claimant, role, status):
    from clustera.accounts.models import OrganisationMembership

    membership = OrganisationMembership.objects.create(
        user=claimant, organisation=registry["ORG2"], role="member"
    )
    _as(client, roles, role)
    response = client.post(f"/accounts/memberships/{membership.pk}/", {"role": "admin"})
    assert response.status_code == status
    membership.refresh_from_db()
    assert (membership.role == "admin") is (status == 302 and role != "anonymous")
    removal = client.post(f"/accounts/memberships/{membership.pk}/", {"action": "remove"})
    assert removal.status_code == status
    exists = OrganisationMembership.objects.filter(pk=membership.pk).exists()
    assert exists is not (status == 302 and role != "anonymous")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain", 404),
        ("member", 302),  # a member may ask to become its admin
        ("orgadmin", 404),
        ("otheradmin", 404),
        ("editor", 302),
        ("analyst", 404),
        ("root", 302),
    ],
)
def test_a_private_organisation_is_404_to_those_who_may_not_see_it(
    client, roles, registry, role, status
):
    from clustera.accounts.models import OrganisationRequest

    _as(client, roles, role)
    response = client.post(
        f"/accounts/organisations/{registry['ORG3'].pk}/request/", {"kind": "claim"}
    )
    assert response.status_code == status
    made = OrganisationRequest.objects.exists()
    assert made is (role in {"member", "editor", "root"})


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_only_the_requester_withdraws_a_request(client, roles, registry, claimant, role):
    from clustera.accounts import services

    request = services.request_organisation(claimant, registry["ORG1"], "claim")
    _as(client, roles, role)
    assert client.post(f"/accounts/requests/{request.pk}/withdraw/").status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"
    client.force_login(claimant)
    assert client.post(f"/accounts/requests/{request.pk}/withdraw/").status_code == 302
    request.refresh_from_db()
    assert request.status == "withdrawn"
