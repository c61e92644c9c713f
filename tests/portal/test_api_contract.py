"""The API honours its OpenAPI contract under fuzzing: schemathesis, all checks, in-process.

Bounded for CI (a fixed number of derandomised examples per operation); the long local run is
``uv run python bench/api_fuzz.py --cases 10000`` (docs/benchmarks.md).
"""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler

from clustera.testing.api_contract import fuzz_api

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.usefixtures("isolated_recommender"),
]

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """Keep the test's database connection across the fuzzed requests, as Django's test client
    does: the WSGI handler otherwise closes it at the end of each request (CONN_MAX_AGE 0),
    which on PostgreSQL ends the test's transaction and fails every later query."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _assert_clean(report) -> None:
    problems = "\n".join(f"{key}\n    {message}" for key, message in report.failures.items())
    assert not report.failures, f"{report.summary()}\n{problems}"
    assert report.server_errors == 0
    assert report.cases > 0


def test_anonymous_calls_keep_the_contract(users):
    _assert_clean(fuzz_api(WSGIHandler(), cases_per_operation=EXAMPLES_PER_OPERATION))


def test_calls_with_a_token_keep_the_contract(bearer):
    token = bearer("orgadmin")["HTTP_AUTHORIZATION"]
    report = fuzz_api(
        WSGIHandler(),
        cases_per_operation=EXAMPLES_PER_OPERATION,
        headers={"Authorization": token},
    )
    _assert_clean(report)


def test_an_anonymous_write_is_401_with_a_challenge_not_a_csrf_refusal(client, registry):
    organisation = registry["ORG2"]
    response = client.patch(
        f"/api/organisations/{organisation.pk}", data={"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert (
        client.post("/api/organisations", data={}, content_type="application/json").status_code
        == 401
    )


def test_a_patch_whose_body_is_not_an_object_is_422(client, bearer, registry):
    organisation = registry["ORG2"]
    response = client.patch(
        f"/api/organisations/{organisation.pk}",
        data="[null, null]",
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 422
    organisation.refresh_from_db()
    assert organisation.name == registry["ORG2"].name


@pytest.mark.parametrize(
    "url",
    [
        "/api/organisations?offset=9223372036854775808",
        "/api/projects?organisation=9223372036854775808",
        "/api/organisations/9223372036854775808",
        "/api/services?trl=9223372036854775808",
        "/api/regions?level=9223372036854775808",
        "/api/organisations?q=" + "x" * 501,
    ],
)
def test_out_of_bounds_inputs_are_422_not_500(client, registry, url):
    assert client.get(url).status_code == 422


def test_every_operation_documents_401_and_422(client, db):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "422"} <= set(operation["responses"]), f"{method.upper()} {path}"


def test_a_control_character_in_a_body_is_422_naming_the_field(client, bearer, registry):
    response = client.patch(
        f"/api/organisations/{registry['ORG2'].pk}",
        data={"name": "Bad\x00Name"},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert response.status_code == 422
    assert "'name'" in response.content.decode() and "U+0000" in response.content.decode()
