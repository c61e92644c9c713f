"""Workspace pages: the workspace for members, the public summary, 404 when private, the
forms, gap suggestions, the dossier download, and their query counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clustera.partnerships import investment, workspace
from clustera.partnerships.models import Milestone, Partnership, Pilot

pytestmark = pytest.mark.django_db


def test_members_see_the_workspace_others_404_until_published(client, roles, partnership):
    client.force_login(roles["otheradmin"])
    page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "Investment proposal" in page and "Field trials" in page
    client.force_login(roles["plain"])
    assert client.get(f"/partnerships/{partnership.pk}/").status_code == 404
    workspace.update_strategy(roles["orgadmin"], partnership, {"visibility": "public"})
    page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "Public summary" in page and "Baltic Robotics Cluster" in page
    assert "Investment proposal" not in page


def test_adding_a_milestone_and_a_pilot_through_the_forms(client, roles, partnership):
    client.force_login(roles["orgadmin"])
    lead = partnership.members.get(role="lead")
    client.post(
        f"/partnerships/{partnership.pk}/do/milestone/",
        {"title": "Kick-off", "start": "2027-01-10", "due": "2027-01-10", "owner": lead.pk},
    )
    client.post(
        f"/partnerships/{partnership.pk}/do/pilot/",
        {
            "title": "Farm trial",
            "budget": "120000",
            "trl_start": "4",
            "trl_target": "7",
            "participants": [lead.pk],
        },
    )
    assert Milestone.objects.get().owner == lead
    assert list(Pilot.objects.get().participants.all()) == [lead.organisation]
    page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert "<svg" in page and "Kick-off" in page


def test_a_bad_date_is_refused_with_field_and_value(client, roles, partnership):
    client.force_login(roles["orgadmin"])
    page = client.post(
        f"/partnerships/{partnership.pk}/do/milestone/",
        {"title": "Bad", "start": "2027-02-30", "due": "2027-03-01"},
        follow=True,
    ).content.decode()
    assert "field &#x27;start&#x27;, value &#x27;2027-02-30&#x27;" in page
    assert not Milestone.objects.exists()


def test_a_non_member_posting_gets_404_and_nothing_is_written(client, roles, partnership):
    client.force_login(roles["plain"])
    response = client.post(
        f"/partnerships/{partnership.pk}/do/milestone/",
        {"title": "X", "start": "2027-01-01", "due": "2027-01-02"},
    )
    assert response.status_code == 404 and not Milestone.objects.exists()


def test_gap_suggestions_say_when_the_recommender_is_being_prepared(
    client, roles, partnership, refit_requests
):
    client.force_login(roles["orgadmin"])
    step = partnership.steps.get(name="Field trials")
    page = client.get(f"/partnerships/{partnership.pk}/steps/{step.pk}/gaps/").content.decode()
    assert "being prepared" in page


def test_the_dossier_downloads_as_pdf_for_members_only(client, roles, partnership):
    client.force_login(roles["orgadmin"])
    response = client.get(f"/partnerships/{partnership.pk}/dossier/")
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"
    client.force_login(roles["plain"])
    assert client.get(f"/partnerships/{partnership.pk}/dossier/").status_code == 404


def test_the_workspace_page_costs_a_fixed_number_of_queries(
    client, roles, partnership, registry, django_assert_max_num_queries
):
    lead = partnership.members.get(role="lead")
    for n in range(12):
        start = date(2027, 1, 1) + timedelta(days=30 * n)
        workspace.add_milestone(
            roles["orgadmin"],
            partnership,
            f"Action {n}",
            start,
            start + timedelta(days=20),
            owner=lead,
        )
        workspace.add_pilot(
            roles["orgadmin"],
            partnership,
            f"Pilot {n}",
            Decimal(1000),
            4,
            6,
            "",
            [registry["ORG2"]],
        )
    proposal = investment.save_proposal(roles["orgadmin"], partnership, "P", Decimal(100))
    investment.add_budget_line(
        roles["orgadmin"], proposal, registry["ORG2"], 2027, "erdf", Decimal(100)
    )
    client.force_login(roles["orgadmin"])
    with django_assert_max_num_queries(30):
        assert client.get(f"/partnerships/{partnership.pk}/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/partnerships/").status_code == 200
    assert Partnership.objects.count() == 1


def test_regions_technologies_and_documents_from_the_workspace(client, roles, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(roles["otheradmin"])
    client.post(
        f"/partnerships/{partnership.pk}/do/focus/", {"regions": "XA111", "technologies": "KET2"}
    )
    assert [r.code for r in partnership.regions.all()] == ["XA111"]
    assert [t.code for t in partnership.technologies.all()] == ["KET2"]
    page = client.post(
        f"/partnerships/{partnership.pk}/do/focus/", {"regions": "XA111;ZZ9"}, follow=True
    ).content.decode()
    assert "field &#x27;regions&#x27;, value &#x27;ZZ9&#x27;" in page
    assert [r.code for r in partnership.regions.all()] == ["XA111"]
    client.post(
        f"/partnerships/{partnership.pk}/do/document/",
        {"title": "Action plan", "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")},
    )
    assert partnership.documents.get().title == "Action plan"
    assert "Action plan" in client.get(f"/partnerships/{partnership.pk}/").content.decode()
