"""Pages of calls, applications and evaluation, driven through the test client."""

from __future__ import annotations

from datetime import timedelta

import pytest

from clustera.partnerships import evaluation, services
from clustera.partnerships.models import Application, Call

pytestmark = pytest.mark.django_db


def test_an_editor_publishes_a_call_from_the_form(client, roles):
    client.force_login(roles["editor"])
    response = client.post(
        "/calls/new/",
        {
            "title": "Green hydrogen valleys",
            "countries": ["XA", "XB"],
            "min_partners": 2,
            "min_countries": 2,
            "deadline": "2031-03-01T17:00",
            "time_zone": "Europe/Athens",
            "overall_threshold": 0,
            "criteria": "Excellence | 0.6 | 3 | 5\nImpact | 0.4 | 3 | 5",
            "publish": "1",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302 and call.status == "published"
    # 17:00 in Athens (UTC+2 in March) is 15:00 UTC
    assert call.deadline.utctimetuple()[:5] == (2031, 3, 1, 15, 0)
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "Saturday 1 March 2031, 17:00" in page and "(Europe/Athens)" in page


def test_a_badly_written_criterion_line_is_shown_on_its_field(client, roles):
    client.force_login(roles["editor"])
    response = client.post(
        "/calls/new/",
        {
            "title": "T",
            "countries": ["XA"],
            "min_partners": 1,
            "min_countries": 1,
            "deadline": "2031-03-01T17:00",
            "time_zone": "UTC",
            "overall_threshold": 0,
            "criteria": "Excellence | heavy",
        },
    )
    assert response.status_code == 200
    assert "line 1 (&#x27;Excellence | heavy&#x27;)" in str(
        response.context["form"]["criteria"].errors
    ) or "line 1" in str(response.context["form"].errors["criteria"])
    assert not Call.objects.exists()


def test_the_call_page_counts_down_and_says_who_may_apply(client, roles, call):
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "9 days" in page or "10 days" in page
    assert "At least 3 eligible organisations (lead included) from at least 3 countries" in page
    assert "XA, XB, XC" in page and "<script" not in page.split("</nav>")[1]


def test_a_closed_call_says_so(client, roles, call):
    Call.objects.filter(pk=call.pk).update(deadline=call.deadline - timedelta(days=30))
    assert "The deadline has passed" in client.get(f"/calls/{call.pk}/").content.decode()


def test_the_lead_sees_eligibility_explained_and_submits(
    client, roles, application, registry, abroad
):
    client.force_login(roles["orgadmin"])
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "Eligible: 3 organisations from 3 countries" in page
    response = client.post(f"/applications/{application.pk}/submit/")
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == "submitted"
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "Submit the application" not in page and "Lasers for farms" in page


def test_an_ineligible_submission_is_refused_with_the_reason(client, roles, call, registry):
    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Alone")
    services.update_application(roles["orgadmin"], draft, {"concept": "c"})
    client.force_login(roles["orgadmin"])
    page = client.post(f"/applications/{draft.pk}/submit/", follow=True).content.decode()
    assert "needs 3 countries, has 1" in page
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_inviting_by_exact_name(client, roles, call, registry, abroad):
    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Invite")
    client.force_login(roles["orgadmin"])
    client.post(f"/applications/{draft.pk}/invite/", {"organisation": "baltic robotics cluster"})
    assert list(draft.partners.values_list("organisation__key", flat=True)) == ["ORG4"]
    client.force_login(roles["otheradmin"])
    assert "Invite" in client.get("/invitations/").content.decode()


def test_the_evaluator_declares_scores_and_the_editor_decides(client, roles, call, application):
    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["analyst"])
    assignment = evaluation.assign(roles["editor"], application, roles["analyst"])
    client.force_login(roles["analyst"])
    client.post(f"/evaluations/{assignment.pk}/", {"declare": "1"})
    data = {}
    for c in call.criteria.all():
        data[f"score_{c.pk}"] = "4"
        data[f"comment_{c.pk}"] = f"Fine {c.name}"
    assert client.post(f"/evaluations/{assignment.pk}/", data).status_code == 302
    client.force_login(roles["editor"])
    panel = client.get(f"/calls/{call.pk}/evaluation/").content.decode()
    assert "4.00" in panel and "passed" in panel
    client.post(
        f"/calls/{call.pk}/evaluation/{application.pk}/decide/",
        {"accept": "yes", "reasons": "Good"},
    )
    assert Application.objects.get(pk=application.pk).status == "accepted"
    client.post(f"/calls/{call.pk}/results/")
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert "1 accepted, 0 rejected" in page and "Results (anonymised)" in page


def test_call_pages_cost_a_fixed_number_of_queries(
    client, roles, call, application, django_assert_max_num_queries
):
    for n in range(5):
        services.start_application(roles["orgadmin"], call, application.lead, f"Extra {n}")
    client.force_login(roles["orgadmin"])
    with django_assert_max_num_queries(16):
        assert client.get("/calls/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(f"/calls/{call.pk}/").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(f"/applications/{application.pk}/").status_code == 200
