"""Who may do what in the registry: anonymous, member, organisation admin, editor, superuser."""

from __future__ import annotations

import pytest

from clustera.registry import models

pytestmark = pytest.mark.django_db

ROLES = [None, "plain", "member", "orgadmin", "editor", "root"]


def _headers(bearer, role):
    return bearer(role) if role else {}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 403),
        ("editor", 204),
        ("root", 204),
    ],
)
def test_deleting_an_organisation(client, registry, bearer, role, status):
    pk = registry["ORG2"].pk
    response = client.delete(f"/api/organisations/{pk}", **_headers(bearer, role))
    assert response.status_code == status
    assert models.Organisation.objects.filter(pk=pk).exists() is (status != 204)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 401),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 200),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_patching_organisation_2(client, registry, bearer, role, status):
    response = client.patch(
        f"/api/organisations/{registry['ORG2'].pk}",
        {"city": "New Port"},
        content_type="application/json",
        **_headers(bearer, role),
    )
    assert response.status_code == status
    registry["ORG2"].refresh_from_db()
    assert (registry["ORG2"].city == "New Port") is (status == 200)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 200),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_opening_the_edit_and_offer_pages(client, registry, users, role, status):
    if role:
        client.force_login(users[role])
    pk = registry["ORG2"].pk
    assert client.get(f"/organisations/{pk}/edit/").status_code == status
    assert client.get(f"/organisations/{pk}/offers/new/").status_code == status


@pytest.mark.parametrize(
    ("role", "visible"),
    [(None, False), ("plain", False), ("member", True), ("orgadmin", False), ("editor", True)],
)
def test_the_private_profile_is_seen_by_its_members_and_editors(
    client, registry, users, bearer, role, visible
):
    # ORG3 is private; "member" belongs to it, "orgadmin" administers another organisation.
    if role:
        client.force_login(users[role])
    pk = registry["ORG3"].pk
    assert client.get(f"/organisations/{pk}/").status_code == (200 if visible else 404)
    api = client.get(f"/api/organisations/{pk}", **_headers(bearer, role))
    assert api.status_code == (200 if visible else 404)
    keys = {
        o["key"] for o in client.get("/api/organisations", **_headers(bearer, role)).json()["items"]
    }
    assert ("ORG3" in keys) is visible


def test_a_refused_delete_says_why(client, registry, bearer):
    response = client.delete(f"/api/organisations/{registry['ORG2'].pk}", **bearer("orgadmin"))
    assert response.json()["detail"] == "Only platform editors may delete organisations"
