"""API rate limits per token and per address, and request-body limits everywhere."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    caches["throttle"].clear()
    settings.CLUSTERA_API_RATE_IP = "3/min"
    settings.CLUSTERA_API_RATE_TOKEN = "5/min"
    yield settings
    caches["throttle"].clear()


def _get(client, address="10.0.0.1", **extra):
    return client.get("/api/organisations", REMOTE_ADDR=address, **extra)


def test_an_address_over_its_rate_gets_429_with_retry_after_and_others_are_served(client, limits):
    assert [_get(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = _get(client)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.json()["detail"]
    assert _get(client, address="10.0.0.2").status_code == 200


def test_a_token_has_its_own_budget_separate_from_its_address(client, limits, bearer):
    token = bearer("plain")
    for _ in range(3):
        _get(client)
    assert _get(client).status_code == 429  # the address's budget is spent
    assert [_get(client, **token).status_code for _ in range(5)] == [200] * 5
    assert _get(client, **token).status_code == 429  # and now the token's
    assert _get(client, **bearer("editor")).status_code == 200  # another token: its own


def test_an_invented_token_does_not_open_a_fresh_budget(client, limits):
    for _ in range(3):
        _get(client)
    invented = {"HTTP_AUTHORIZATION": "Bearer cl_invented"}
    assert _get(client, **invented).status_code == 401


def test_forwarded_for_counts_only_behind_a_trusted_proxy(client, limits):
    for hop in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        assert _get(client, HTTP_X_FORWARDED_FOR=hop).status_code == 200
    assert _get(client, HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 429  # header ignored
    limits.CLUSTERA_TRUSTED_PROXIES = 1
    assert _get(client, HTTP_X_FORWARDED_FOR="9.9.9.9, 5.5.5.5").status_code == 200


def test_an_empty_rate_means_no_limit(client, limits):
    limits.CLUSTERA_API_RATE_IP = ""
    assert {_get(client).status_code for _ in range(6)} == {200}


def test_the_schema_documents_429_everywhere_and_413_on_bodies(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "429" in operation["responses"], (method, path)
            if "requestBody" in operation:
                assert "413" in operation["responses"], (method, path)


def test_a_json_body_over_the_limit_is_413_naming_the_limit(client, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x" * 2000})
    response = client.post(
        "/api/organisations", body, content_type="application/json", **bearer("editor")
    )
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "2 KiB" in detail and "1000" not in detail and "DATA_UPLOAD_MAX_MEMORY_SIZE" in detail


def test_an_upload_over_the_limit_is_413_on_any_page_before_it_is_read(client, settings):
    settings.CLUSTERA_MAX_UPLOAD_MB = 1
    boundary = "XyZ"
    payload = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{'a' * (1024 * 1024 + 10)}\r\n--{boundary}--\r\n"
    )
    response = client.generic(
        "POST",
        "/accounts/login/",
        payload.encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "1.0 MiB" in page and "CLUSTERA_MAX_UPLOAD_MB" in page
    small = payload.replace("a" * (1024 * 1024 + 10), "a,b\n1,2")
    response = client.generic(
        "POST",
        "/accounts/login/",
        small.encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code != 413
