"""The calls API: lists as {count, items}, drafts hidden, validation and its error shape."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_callers_see_published_calls_only(client, roles, call, call_fields, criteria):
    from clustera.partnerships import services

    services.save_call(roles["editor"], call_fields(title="Draft"), criteria)
    body = client.get("/api/calls").json()
    assert body["count"] == 1 and body["items"][0]["title"] == call.title
    assert body["items"][0]["open"] is True
    detail = client.get(f"/api/calls/{call.pk}").json()
    assert [c["name"] for c in detail["criteria"]] == ["Excellence", "Impact", "Implementation"]
    assert detail["countries"] == ["XA", "XB", "XC"]


def test_a_draft_is_404_to_anonymous_and_visible_to_editors(
    client, roles, bearer, call_fields, criteria
):
    from clustera.partnerships import services

    draft = services.save_call(roles["editor"], call_fields(title="Draft"), criteria)
    assert client.get(f"/api/calls/{draft.pk}").status_code == 404
    assert client.get(f"/api/calls/{draft.pk}", **bearer("editor")).json()["status"] == "draft"


def test_a_bad_call_is_422_naming_the_field(client, roles, bearer):
    payload = {
        "title": "Bad",
        "countries": ["XA", "ZZ"],
        "deadline": "2030-01-31T17:00:00+01:00",
        "min_partners": 1,
        "min_countries": 1,
        "criteria": [{"name": "Excellence", "weight": 1}],
    }
    response = client.post(
        "/api/calls", payload, content_type="application/json", **bearer("editor")
    )
    assert response.status_code == 422
    assert "countries" in response.json()["detail"] and "ZZ" in response.json()["detail"]
    too_long = {**payload, "title": "x" * 201, "countries": ["XA"]}
    assert (
        client.post(
            "/api/calls", too_long, content_type="application/json", **bearer("editor")
        ).status_code
        == 422
    )


def test_the_calls_list_costs_a_fixed_number_of_queries(
    client, roles, call, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert client.get("/api/calls").status_code == 200


def test_the_calls_are_in_the_openapi_spec(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/calls" in paths and "/api/calls/{call_id}" in paths


def test_a_private_partnership_is_404_to_anonymous_and_public_summaries_are_listed(
    client, roles, partnership, bearer
):
    from clustera.partnerships import workspace

    assert client.get("/api/partnerships").json() == {"count": 0, "items": []}
    assert client.get(f"/api/partnerships/{partnership.pk}").status_code == 404
    member = client.get(f"/api/partnerships/{partnership.pk}", **bearer("orgadmin")).json()
    assert member["visibility"] == "private" and member["workspace"] is True
    workspace.update_strategy(roles["orgadmin"], partnership, {"visibility": "public"})
    public = client.get(f"/api/partnerships/{partnership.pk}").json()
    assert public["workspace"] is False and public["vision"] is None
    assert {m["name"] for m in public["members"]} == {
        "Lumen Optics",
        "Baltic Robotics Cluster",
        "Carpathia Pilot Lines",
    }
    assert client.get(f"/api/partnerships/{partnership.pk}/milestones").status_code == 404


def test_sub_resources_for_members(client, roles, partnership, registry, bearer):
    from datetime import date
    from decimal import Decimal

    from clustera.partnerships import investment, workspace

    workspace.add_milestone(
        roles["orgadmin"], partnership, "Kick-off", date(2027, 1, 1), date(2027, 1, 1)
    )
    workspace.add_pilot(
        roles["orgadmin"], partnership, "Trial", Decimal(10), 4, 6, "", [registry["ORG2"]]
    )
    proposal = investment.save_proposal(roles["orgadmin"], partnership, "P", Decimal(100))
    investment.add_budget_line(
        roles["orgadmin"], proposal, registry["ORG2"], 2027, "erdf", Decimal(60)
    )
    headers = bearer("orgadmin")
    assert (
        client.get(f"/api/partnerships/{partnership.pk}/milestones", **headers).json()[0]["title"]
        == "Kick-off"
    )
    assert (
        client.get(f"/api/partnerships/{partnership.pk}/pilots", **headers).json()[0]["trl_target"]
        == 6
    )
    body = client.get(f"/api/partnerships/{partnership.pk}/proposal", **headers).json()
    assert body["financing_total"] == "60.00" or float(body["financing_total"]) == 60
    assert body["not_bankable_because"] == [
        "the budget lines add up to 60.00, the total is 100.00",
        "the risk register is empty",
    ]


def _token(user):
    from clustera.accounts.models import ApiToken

    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_an_application_through_the_api_from_start_to_submission(
    client, roles, call, registry, abroad
):
    from clustera.partnerships.models import Application

    lead = _token(roles["orgadmin"])
    started = client.post(
        f"/api/calls/{call.pk}/applications",
        {"lead": registry["ORG2"].pk, "title": "Photonics API"},
        content_type="application/json",
        **lead,
    )
    assert started.status_code == 201
    pk = started.json()["id"]
    assert "needs 3 countries, has 1" in "; ".join(started.json()["eligibility_problems"])
    refused = client.post(f"/api/applications/{pk}/submit", **lead)
    assert refused.status_code == 422 and "needs 3" in refused.json()["detail"]
    assert Application.objects.get(pk=pk).status == "draft"
    for key, admin in (("XB", "otheradmin"), ("XC", "thirdadmin")):
        invited = client.post(
            f"/api/applications/{pk}/partners",
            {"organisation": abroad[key].pk},
            content_type="application/json",
            **lead,
        )
        assert invited.status_code == 201
        answer = client.post(
            f"/api/application-invitations/{invited.json()['id']}/answer",
            {"accept": True},
            content_type="application/json",
            **_token(roles[admin]),
        )
        assert answer.json()["status"] == "accepted"
    client.patch(
        f"/api/applications/{pk}",
        {"concept": "Lasers for farms", "budget_estimate": "250000"},
        content_type="application/json",
        **lead,
    )
    submitted = client.post(f"/api/applications/{pk}/submit", **lead)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    frozen = client.patch(
        f"/api/applications/{pk}", {"concept": "x"}, content_type="application/json", **lead
    )
    assert frozen.status_code == 422
    assert Application.objects.get(pk=pk).concept == "Lasers for farms"


def test_workspace_writes_through_the_api_refuse_what_breaks_a_rule(
    client, roles, partnership, registry
):
    from clustera.partnerships.models import BudgetLine

    member = _token(roles["otheradmin"])
    base = f"/api/partnerships/{partnership.pk}"

    def send(method, path, body=None):
        return getattr(client, method)(base + path, body, content_type="application/json", **member)

    assert send("put", "/proposal", {"title": "Plant", "total": "100"}).status_code == 200
    line = {"organisation": registry["ORG2"].pk, "year": 2027, "source": "erdf", "amount": "100"}
    assert send("post", "/proposal/lines", line).status_code == 201
    early = send("post", "/proposal/stage", {"stage": "bankable"})
    assert early.status_code == 422 and "risk register is empty" in early.json()["detail"]
    send("post", "/proposal/risks", {"description": "Delays", "likelihood": 2, "impact": 2})
    assert send("post", "/proposal/stage", {"stage": "bankable"}).status_code == 200
    line_id = BudgetLine.objects.get().pk
    refused = send("patch", f"/proposal/lines/{line_id}", {**line, "amount": "90"})
    assert refused.status_code == 422 and "add up to 90.00" in refused.json()["detail"]
    assert client.delete(f"{base}/proposal/lines/{line_id}", **member).status_code == 422
    assert BudgetLine.objects.get().amount == 100
    late = send("post", "/milestones", {"title": "A", "start": "2027-02-01", "due": "2027-01-01"})
    assert late.status_code == 422 and "'due'" in late.json()["detail"]
    outsider = client.post(
        f"{base}/steps", {"name": "X"}, content_type="application/json", **_token(roles["plain"])
    )
    assert outsider.status_code == 404
    assert not partnership.steps.filter(name="X").exists()
