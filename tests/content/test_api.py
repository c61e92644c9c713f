"""The content API: lists with filters and bounded queries, one item, publishing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_list_is_count_and_items_and_filters(client, items, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        body = client.get("/api/content").json()
    assert body["count"] == 1 and body["items"][0]["slug"] == items["published"].slug
    assert client.get("/api/content?technology=KET1").json()["count"] == 0
    assert client.get("/api/content?limit=0").status_code == 422


def test_one_item_has_sanitised_html_and_private_ones_are_404(client, registry, items):
    from .conftest import make_item

    unsafe = make_item(registry, title="Api unsafe", body="ok <script>bad()</script>")
    body = client.get(f"/api/content/{unsafe.slug}").json()
    assert "bad()" not in body["body_html"] and "ok" in body["body_html"]
    assert client.get(f"/api/content/{items['draft'].slug}").status_code == 404


def test_editors_publish_through_the_api(client, bearer, items):
    slug = items["review"].slug
    assert client.post(f"/api/content/{slug}/publish", **bearer("orgadmin")).status_code == 403
    response = client.post(f"/api/content/{slug}/publish", **bearer("editor"))
    assert response.status_code == 200 and response.json()["status"] == "published"


def test_bad_input_is_422_naming_the_field(client, bearer, registry):
    response = client.post(
        "/api/content",
        data={"kind": "poem", "title": "x"},
        content_type="application/json",
        **bearer("editor"),
    )
    assert response.status_code == 422 and "kind" in response.content.decode()


def test_follows_through_the_api(client, bearer, registry):
    headers = bearer("plain")
    assert client.get("/api/follows").status_code == 401
    pk = registry["ORG2"].pk
    created = client.post(
        "/api/follows",
        data={"target": "organisation", "target_id": pk},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert client.get("/api/follows", **headers).json() == {
        "count": 1,
        "items": [{"target": "organisation", "target_id": pk}],
    }
    private = client.post(
        "/api/follows",
        data={"target": "organisation", "target_id": registry["ORG3"].pk},
        content_type="application/json",
        **headers,
    )
    assert private.status_code == 422
    assert client.delete(f"/api/follows/organisation/{pk}", **headers).status_code == 204
    assert client.delete(f"/api/follows/organisation/{pk}", **headers).status_code == 404
