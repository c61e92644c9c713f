"""Every page and API operation x every role: no server error, no private organisation leaked.

Generated from the URL resolver and the OpenAPI schema, so the pages and operations of a new
app join the matrix by themselves. ``API_WRITES`` is the explicit table of which operations
write and who may: a new write operation fails ``test_every_write_operation_is_in_the_table``
until its line is added.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver

from clustera.accounts.models import ANALYST_GROUP
from clustera.portal.api import api
from clustera.registry import models

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_recommender")]

ROLES = ("anonymous", "member", "orgadmin", "editor", "analyst", "root")
#: Who may see each private organisation of the scenario (``private_world``).
SEES = {
    "ORG3": {"member", "editor", "root"},  # Hidden Works: private; "member" belongs to it
    "SECRET": {"editor", "root"},  # a private cluster that ORG2 (public) belongs to
}
#: Operations that write, and the roles that may call them on ORG2 (whose admin is "orgadmin").
API_WRITES: dict[str, set[str]] = {
    "POST /api/organisations": {"editor", "root"},
    "PATCH /api/organisations/{organisation_id}": {"orgadmin", "editor", "root"},
    "DELETE /api/organisations/{organisation_id}": {"editor", "root"},
    "POST /api/organisations/{organisation_id}/offers": {"orgadmin", "editor", "root"},
    # each signed-in user revokes their own tokens only (the token is the caller's own here)
    "DELETE /api/me/tokens/{token_id}": {"member", "orgadmin", "editor", "analyst", "root"},
}
#: Write operations whose objects (events, surveys, calls, conversations, ...) this scenario
#: does not build: their role x action matrix lives in the app's own test_permissions.py.
APP_WRITES: dict[str, str] = {
    "POST /api/conversations/{conversation_id}/messages": "tests/partnering/test_permissions.py",
    "POST /api/organisations/{organisation_id}/interest": "tests/partnering/test_permissions.py",
    "POST /api/organisations/{organisation_id}/requests": "tests/accounts/test_permissions.py",
    "POST /api/requests/{request_id}/decision": "tests/accounts/test_permissions.py",
    "POST /api/calls": "tests/partnerships/test_permissions.py",
    # partnerships: applications, evaluation and the workspace (test_api_writes_per_role)
    "POST /api/calls/{call_id}/applications": "tests/partnerships/test_permissions.py",
    "PATCH /api/applications/{application_id}": "tests/partnerships/test_permissions.py",
    "POST /api/applications/{application_id}/partners": "tests/partnerships/test_permissions.py",
    "POST /api/application-invitations/{invitation_id}/answer": "tests/partnerships/test_permissions.py",
    "POST /api/applications/{application_id}/submit": "tests/partnerships/test_permissions.py",
    "POST /api/applications/{application_id}/withdraw": "tests/partnerships/test_permissions.py",
    "POST /api/applications/{application_id}/decision": "tests/partnerships/test_permissions.py",
    "POST /api/assignments/{assignment_id}/declaration": "tests/partnerships/test_permissions.py",
    "POST /api/assignments/{assignment_id}/scores": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/members": "tests/partnerships/test_permissions.py",
    "PATCH /api/partnerships/{partnership_id}": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/indicators": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/milestones": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/steps": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/pilots": "tests/partnerships/test_permissions.py",
    "PUT /api/partnerships/{partnership_id}/proposal": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/proposal/stage": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/proposal/lines": "tests/partnerships/test_permissions.py",
    "POST /api/partnerships/{partnership_id}/proposal/risks": "tests/partnerships/test_permissions.py",
    "PATCH /api/partnerships/{partnership_id}/milestones/{item_id}": "tests/partnerships/test_permissions.py",
    "DELETE /api/partnerships/{partnership_id}/milestones/{item_id}": "tests/partnerships/test_permissions.py",
    "PATCH /api/partnerships/{partnership_id}/pilots/{item_id}": "tests/partnerships/test_permissions.py",
    "DELETE /api/partnerships/{partnership_id}/pilots/{item_id}": "tests/partnerships/test_permissions.py",
    "PATCH /api/partnerships/{partnership_id}/proposal/lines/{item_id}": "tests/partnerships/test_permissions.py",
    "DELETE /api/partnerships/{partnership_id}/proposal/lines/{item_id}": "tests/partnerships/test_permissions.py",
    "PATCH /api/partnerships/{partnership_id}/proposal/risks/{item_id}": "tests/partnerships/test_permissions.py",
    "DELETE /api/partnerships/{partnership_id}/proposal/risks/{item_id}": "tests/partnerships/test_permissions.py",
    "POST /api/surveys/{slug}/responses": "tests/surveys/test_permissions.py",
    "POST /api/events": "tests/events/test_permissions.py",
    "POST /api/events/{event_id}/registrations": "tests/events/test_permissions.py",
    "POST /api/registrations/{registration_id}/requests": "tests/events/test_permissions.py",
    "POST /api/requests/{request_id}/answer": "tests/events/test_permissions.py",
    "POST /api/events/{event_id}/schedule": "tests/events/test_permissions.py",
    "POST /api/content": "tests/content/test_permissions.py",
    "POST /api/content/{slug}/publish": "tests/content/test_permissions.py",
    "POST /api/follows": "tests/content/test_permissions.py",
    "DELETE /api/follows/{target}/{target_id}": "tests/content/test_permissions.py",
}
#: Keys of JSON answers that carry organisation ids.
_ID_KEYS = {"id", "organisation", "participants", "member", "cluster", "organisations"}
_SKIPPED_PREFIXES = ("admin/", "api/")


def _page_patterns() -> list[str]:
    """Every page route of the site, as a pattern string (the admin and API left out)."""
    found: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if pattern.startswith(_SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, pattern)
            elif isinstance(entry, URLPattern):
                found.append(pattern)

    walk(get_resolver(), "")
    return sorted(set(found))


def _api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    )


@pytest.fixture
def private_world(users, registry, django_user_model):
    """The test registry plus a private cluster ORG2 belongs to and a project ORG3 is in."""
    secret = models.Organisation.objects.create(
        key="SECRET", name="Secret Alliance Cluster", type="cluster", country="XA", is_public=False
    )
    models.ClusterMembership.objects.create(cluster=secret, member=registry["ORG2"], since=2020)
    project = models.Project.objects.create(key="P-LEAK", title="Shared project", start_year=2021)
    for key in ("ORG2", "ORG3"):
        models.Participation.objects.create(project=project, organisation=registry[key])
    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get(name=ANALYST_GROUP))
    roles = {"anonymous": None, "analyst": analyst, **users}
    private = {"ORG3": registry["ORG3"], "SECRET": secret}
    return {"users": roles, "private": private, "public": registry["ORG2"]}


def _fill(pattern: str, world: dict[str, Any], organisation_pk: int) -> str:
    values = {"code": "XA111", "category": "C26", "table": "portfolio", "fmt": "csv", "slug": "x"}

    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        return str(organisation_pk) if name == "pk" else values.get(name, "1")

    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, pattern)
    return "/" + path.replace("^", "").replace("$", "")


def _fill_api(path: str, organisation_pk: int) -> str:
    values = {"kind": "activities", "fmt": "json", "code": "XA111"}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(organisation_pk) if name.endswith("organisation_id") else values.get(name, "1")

    return re.sub(r"\{(\w+)\}", value, path)


def _ids_in(document: Any) -> set[int]:
    found: set[int] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key in _ID_KEYS and isinstance(value, int):
                found.add(value)
            elif key in _ID_KEYS and isinstance(value, list):
                found.update(v for v in value if isinstance(v, int))
            found |= _ids_in(value)
    elif isinstance(document, list):
        for item in document:
            found |= _ids_in(item)
    return found


def _assert_no_leak(response: Any, role: str, world: dict[str, Any], url: str) -> None:
    assert response.status_code < 500, f"{role} {url}: {response.status_code}"
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    is_json = response.get("Content-Type", "").startswith("application/json")
    ids = _ids_in(json.loads(text)) if is_json and text else set()
    for key, organisation in world["private"].items():
        if role in SEES[key]:
            continue
        assert organisation.name not in text, f"{role} sees {organisation.name} at {url}"
        assert organisation.pk not in ids, f"{role} sees the id of {key} at {url}"


def _client_for(client, world: dict[str, Any], role: str):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_pages_never_fail_nor_leak(client, private_world, role):
    client = _client_for(client, private_world, role)
    targets = [private_world["private"]["ORG3"].pk, private_world["public"].pk]
    for pattern in _page_patterns():
        for pk in targets:
            url = _fill(pattern, private_world, pk)
            _assert_no_leak(client.get(url), role, private_world, url)
    for url in ("/directory/?q=Hidden", "/directory/?q=Secret", "/directory/?type=cluster"):
        _assert_no_leak(client.get(url), role, private_world, url)


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_never_fail_nor_leak(client, private_world, role):
    client = _client_for(client, private_world, role)
    hidden = private_world["private"]["ORG3"].pk
    for method, path in _api_operations():
        if method != "GET":
            continue
        for pk in (hidden, private_world["public"].pk):
            url = _fill_api(path, pk)
            _assert_no_leak(client.get(url), role, private_world, url)
    for query in (
        f"/api/projects?organisation={hidden}",
        f"/api/match/partners?organisation={hidden}",
        "/api/organisations?q=Hidden",
        "/api/organisations?limit=500",
        "/api/export/organisations.csv",
        "/api/export/organisations.json",
        f"/api/clusters/{private_world['private']['SECRET'].pk}/members",
    ):
        url = "/api" + query.removeprefix("/api")
        _assert_no_leak(client.get(url), role, private_world, url)


def test_every_write_operation_is_in_the_table():
    writes = {f"{m} {p}" for m, p in _api_operations() if m != "GET"}
    assert writes == set(API_WRITES) | set(APP_WRITES)
    assert not set(API_WRITES) & set(APP_WRITES)
    root = Path(__file__).resolve().parents[1]
    assert all((root / path).is_file() for path in APP_WRITES.values())


_BODIES = {
    "POST /api/organisations": {"key": "NEW-1", "name": "New SME", "type": "sme", "country": "XA"},
    "PATCH /api/organisations/{organisation_id}": {"name": "Renamed Lumen"},
    "POST /api/organisations/{organisation_id}/offers": {
        "kind": "business_offer",
        "title": "Optics for sale",
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(API_WRITES))
def test_api_writes_only_for_the_roles_in_the_table(client, private_world, role, operation):
    from clustera.accounts.models import ApiToken

    user = private_world["users"][role]
    headers: dict[str, str] = {}
    token_id = 1
    if user is not None:
        token, clear = ApiToken.issue(user, "matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}
        token_id = token.pk
    method, path = operation.split(" ", 1)
    url = re.sub(r"\{organisation_id\}", str(private_world["public"].pk), path)
    url = url.replace("{token_id}", str(token_id))
    response = client.generic(
        method,
        url,
        data=json.dumps(_BODIES.get(operation, {})),
        content_type="application/json",
        **headers,
    )
    if role in API_WRITES[operation]:
        assert 200 <= response.status_code < 300, (operation, role, response.content)
    else:
        expected = 401 if user is None else 403
        assert response.status_code == expected, (operation, role, response.content)
