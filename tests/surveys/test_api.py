"""The surveys API: list, definition, responses with every error and idempotency."""

from __future__ import annotations

import pytest
from tests.surveys.conftest import GOOD

from clustera.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_the_list_has_count_and_items_in_few_queries(client, survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        body = client.get("/api/surveys").json()
    assert body["count"] == 1
    assert body["items"][0]["slug"] == "three-pages"
    assert body["items"][0]["languages"] == ["en", "fr"]


def test_the_definition_is_served(client, survey):
    body = client.get("/api/surveys/three-pages").json()
    assert body["version"] == 1
    assert [g["name"] for g in body["definition"]["children"]] == ["about", "centre", "needs"]


def test_an_unknown_or_draft_survey_is_404(client, survey):
    from clustera.surveys.models import Survey

    assert client.get("/api/surveys/nope").status_code == 404
    Survey.objects.filter(pk=survey.pk).update(status="draft")
    assert client.get("/api/surveys/three-pages").status_code == 404
    posted = client.post(
        "/api/surveys/three-pages/responses", {"answers": GOOD}, content_type="application/json"
    )
    assert posted.status_code == 404


def test_an_anonymous_response_is_stored(client, survey):
    response = client.post(
        "/api/surveys/three-pages/responses",
        {"answers": {**GOOD, "used": "no"}, "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "complete" and "centre_name" not in body["answers"]
    assert Response.objects.get().answers["company"] == "Acme"


def test_every_error_is_listed_with_its_field(client, survey):
    response = client.post(
        "/api/surveys/three-pages/responses",
        {"answers": {"used": "perhaps", "visits": 1.5, "services": ["teleport"], "ghost": 1}},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    fields = [e["field"] for e in errors]
    assert "company" in fields and "used" in fields and "services" in fields and "ghost" in fields
    assert all(e["message"] for e in errors)
    assert not Response.objects.exists()


def test_a_repeated_idempotency_key_stores_one_response(client, survey):
    def post():
        return client.post(
            "/api/surveys/three-pages/responses",
            {"answers": GOOD},
            content_type="application/json",
            headers={"Idempotency-Key": "abc-123"},
        )

    first, second = post(), post()
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Response.objects.count() == 1


def test_invitation_only_needs_a_token(client, survey):
    from clustera.surveys.models import Invitation, Survey

    Survey.objects.filter(pk=survey.pk).update(access="invitation")
    url = "/api/surveys/three-pages/responses"
    assert client.post(url, {"answers": GOOD}, content_type="application/json").status_code == 404
    Invitation.objects.create(survey=survey, email="a@example.org", token="tok-1")
    ok = client.post(url, {"answers": GOOD, "token": "tok-1"}, content_type="application/json")
    assert ok.status_code == 201
    again = client.post(url, {"answers": GOOD, "token": "tok-1"}, content_type="application/json")
    assert again.status_code == 403
