"""The audit log: every change with its actor and before/after values, read by the right people."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry

from clustera.registry.models import Organisation

pytestmark = pytest.mark.django_db


def _entries_for(instance):
    return LogEntry.objects.get_for_object(instance).order_by("timestamp", "pk")


def test_an_api_change_records_the_tokens_user_and_the_before_and_after(
    client, registry, users, bearer
):
    org2 = registry["ORG2"]
    old_name = org2.name
    response = client.patch(
        f"/api/organisations/{org2.pk}",
        data=json.dumps({"name": "Renamed Works"}),
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 200, response.content
    entry = _entries_for(org2).last()
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == users["orgadmin"]
    assert entry.changes["name"] == [old_name, "Renamed Works"]
    assert entry.additional_data == {"organisation": org2.pk}


def test_a_page_write_records_the_session_user_and_masks_secrets(client, users):
    from clustera.accounts.models import ApiToken

    client.force_login(users["plain"])
    response = client.post("/accounts/me/tokens/", {"name": "notebook"})
    assert response.status_code in (200, 302)
    token = ApiToken.objects.get(user=users["plain"], name="notebook")
    entry = _entries_for(token).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == users["plain"]
    assert token.digest not in json.dumps(entry.changes)  # the digest is masked


def test_a_password_change_is_recorded_masked(users):
    user = users["plain"]
    user.set_password("another-secret-1")
    user.save()
    entry = _entries_for(user).last()
    assert "password" in entry.changes
    assert "another-secret-1" not in json.dumps(entry.changes)
    assert user.password not in json.dumps(entry.changes)


def test_a_deletion_is_recorded_with_what_was_deleted(registry):
    contact_owner = registry["ORG1"]
    from clustera.registry.models import Contact

    contact = Contact.objects.create(organisation=contact_owner, name="Ada Example")
    pk = contact.pk
    contact.delete()
    entry = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert entry.object_repr and entry.additional_data == {"organisation": contact_owner.pk}


def test_token_use_alone_records_nothing(client, users, bearer):
    headers = bearer("plain")
    before = LogEntry.objects.count()
    assert client.get("/api/me", **headers).status_code == 200
    assert LogEntry.objects.count() == before  # last_used is bookkeeping, not a change


def _touch(organisation: Organisation, city: str) -> None:
    organisation.city = city
    organisation.save()


@pytest.mark.parametrize(
    ("role", "sees_org1", "sees_org2", "status"),
    [("editor", True, True, 200), ("root", True, True, 200), ("orgadmin", False, True, 200),
     ("member", False, False, 403), ("plain", False, False, 403)],
)  # fmt: skip
def test_who_reads_which_entries(
    client, registry, users, bearer, role, sees_org1, sees_org2, status
):
    _touch(registry["ORG1"], "First City")
    _touch(registry["ORG2"], "Second City")
    response = client.get("/api/audit?model=registry.organisation", **bearer(role))
    assert response.status_code == status
    client.force_login(users[role])
    page = client.get("/audit/?model=registry.organisation")
    assert page.status_code == status
    if status != 200:
        return
    cities = {item["changes"].get("city", [None, None])[1] for item in response.json()["items"]}
    assert ("First City" in cities) == sees_org1
    assert ("Second City" in cities) == sees_org2
    html = page.content.decode()
    assert ("First City" in html) == sees_org1 and ("Second City" in html) == sees_org2


def test_anonymous_callers_are_refused(client):
    assert client.get("/api/audit").status_code == 401
    assert client.get("/audit/").status_code == 302


def test_filters_narrow_the_list(client, registry, users, bearer):
    _touch(registry["ORG2"], "Second City")
    headers = bearer("editor")
    updates = client.get(
        f"/api/audit?organisation={registry['ORG2'].pk}&action=update", **headers
    ).json()
    assert updates["count"] >= 1
    assert all(item["action"] == "update" for item in updates["items"])
    assert all(item["organisation"] == registry["ORG2"].pk for item in updates["items"])
    assert client.get("/api/audit?model=nonsense", **headers).status_code == 422
    assert client.get("/api/audit?actor=nobody", **headers).json()["count"] == 0
