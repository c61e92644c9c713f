"""Who may do what with content: every role against every action (pages, API and services)."""

from __future__ import annotations

import json

import pytest

from clustera.content import services
from clustera.content.models import Item
from clustera.errors import InvalidInputError

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain", "member", "orgadmin", "otheradmin", "editor", "analyst", "root"]
EDITORS = {"editor", "root"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["draft", "review", "scheduled"])
def test_unpublished_items_are_404_to_those_who_may_not_see_them(client_as, items, role, which):
    response = client_as(role).get(f"/content/{items[which].slug}/")
    # ORG2's admin sees all of ORG2's unpublished items, scheduled ones included.
    may_see = role in EDITORS or role == "orgadmin"
    assert response.status_code == (200 if may_see else 404)


@pytest.mark.parametrize("role", ROLES)
def test_published_items_are_public(client_as, items, role):
    assert client_as(role).get(f"/content/{items['published'].slug}/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_draft(client_as, items, role):
    response = client_as(role).get(f"/content/{items['draft'].slug}/edit/")
    expected = {"anonymous": 302, "orgadmin": 200, "editor": 200, "root": 200}.get(role, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_published_item_is_for_editors(client_as, items, role):
    response = client_as(role).get(f"/content/{items['published'].slug}/edit/")
    expected = {"anonymous": 302, "orgadmin": 403, "editor": 200, "root": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_publishing(client_as, items, role):
    response = client_as(role).post(f"/content/{items['review'].slug}/publish/")
    expected = {"anonymous": 302, "orgadmin": 403, "editor": 302, "root": 302}.get(role, 404)
    assert response.status_code == expected
    items["review"].refresh_from_db()
    assert (items["review"].status == "published") == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_proposing_news_for_org2(roles, registry, role):
    data = {"kind": "news", "title": f"By {role}", "organisation": registry["ORG2"]}
    if role in EDITORS | {"orgadmin"}:
        assert services.save_item(roles[role], None, data).status == "draft"
    elif role == "otheradmin":
        with pytest.raises(InvalidInputError):
            services.save_item(roles[role], None, data)
    else:
        with pytest.raises(services.NotAllowed):
            services.save_item(roles[role], None, data)


@pytest.mark.parametrize("role", ROLES)
def test_the_write_api(client_as, registry, role):
    payload = {"kind": "news", "title": "Via the API", "organisation_id": registry["ORG2"].pk}
    response = client_as(role).post(
        "/api/content", data=json.dumps(payload), content_type="application/json"
    )
    expected = {
        "anonymous": 401,
        "orgadmin": 201,
        "otheradmin": 422,
        "editor": 201,
        "root": 201,
    }.get(role, 403)
    assert response.status_code == expected
    assert Item.objects.filter(title="Via the API").exists() == (expected == 201)


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_shows_only_what_one_may_edit(client_as, items, role):
    response = client_as(role).get("/content/queue/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    text = response.content.decode()
    sees = role in EDITORS or role == "orgadmin"
    assert (items["review"].title in text) == sees
    assert items["published"].title not in text
