"""Who may do what with calls, applications and evaluations: every role, every action.

Roles: anonymous, member of ORG3, admin of the lead ORG2 ("orgadmin"), admin of another
organisation (ORG4, invited partner: "otheradmin"), plain user, analyst, editor, superuser.
Private objects answer 404 to those who may not see them; writes refused write nothing.
"""

from __future__ import annotations

import pytest

from clustera.partnerships.models import Application, ApplicationPartner, Call, CallEvaluator

pytestmark = pytest.mark.django_db

ROLES = [None, "member", "plain", "analyst", "orgadmin", "otheradmin", "editor", "root"]


def _login(client, roles, role):
    if role:
        client.force_login(roles[role])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("member", 403),
        ("plain", 403),
        ("analyst", 403),
        ("orgadmin", 403),
        ("otheradmin", 403),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_only_editors_open_the_call_editor(client, roles, role, status):
    _login(client, roles, role)
    assert client.get("/calls/new/").status_code == status


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (None, False),
        ("member", False),
        ("plain", False),
        ("analyst", False),
        ("orgadmin", False),
        ("otheradmin", False),
        ("editor", True),
        ("root", True),
    ],
)
def test_a_draft_call_is_404_except_to_editors(client, roles, call_fields, criteria, role, visible):
    from clustera.partnerships import services

    draft = services.save_call(roles["editor"], call_fields(), criteria)
    _login(client, roles, role)
    assert client.get(f"/calls/{draft.pk}/").status_code == (200 if visible else 404)


@pytest.mark.parametrize(
    ("role", "status", "created"),
    [
        (None, 302, False),
        ("member", 403, False),
        ("plain", 403, False),
        ("analyst", 403, False),
        ("otheradmin", 403, False),
        ("editor", 403, False),
        ("orgadmin", 302, True),
    ],
)
def test_only_the_organisations_admin_applies_as_lead(
    client, roles, registry, call, role, status, created
):
    _login(client, roles, role)
    response = client.post(
        f"/calls/{call.pk}/apply/", {"lead": registry["ORG2"].pk, "title": "Ours"}
    )
    assert response.status_code == status
    assert Application.objects.exists() is created


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("member", 404),
        ("plain", 404),
        ("analyst", 404),
        ("orgadmin", 200),
        ("otheradmin", 200),
        ("thirdadmin", 200),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_an_application_is_seen_by_its_consortium_and_editors(
    client, roles, application, role, status
):
    _login(client, roles, role)
    assert client.get(f"/applications/{application.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("member", 404),
        ("plain", 404),
        ("analyst", 404),
        ("otheradmin", 403),
        ("editor", 403),
        ("root", 403),
        ("orgadmin", 302),
    ],
)
def test_only_the_lead_changes_the_application(client, roles, application, role, status):
    _login(client, roles, role)
    response = client.post(
        f"/applications/{application.pk}/", {"title": "Hijacked", "concept": "x"}
    )
    assert response.status_code == status
    changed = Application.objects.get(pk=application.pk).title == "Hijacked"
    assert changed is (status == 302)


@pytest.mark.parametrize(
    ("role", "status", "answered"),
    [
        (None, 302, False),
        ("member", 404, False),
        ("plain", 404, False),
        ("orgadmin", 404, False),
        ("editor", 404, False),
        ("otheradmin", 302, True),
    ],
)
def test_only_the_invited_organisations_admin_answers(
    client, roles, call, registry, abroad, role, status, answered
):
    from clustera.partnerships import services

    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Invite")
    partner = services.invite_partner(roles["orgadmin"], draft, abroad["XB"])
    _login(client, roles, role)
    response = client.post(f"/invitations/{partner.pk}/answer/", {"answer": "decline"})
    assert response.status_code == status
    assert (ApplicationPartner.objects.get(pk=partner.pk).status == "declined") is answered


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        ("member", 404),
        ("plain", 404),
        ("analyst", 404),
        ("orgadmin", 404),
        ("editor", 302),
        ("root", 302),
    ],
)
def test_only_editors_appoint_evaluators(client, roles, call, role, status):
    _login(client, roles, role)
    response = client.post(f"/calls/{call.pk}/evaluation/evaluators/", {"username": "analyst"})
    assert response.status_code == status
    assert CallEvaluator.objects.exists() is (status == 302 and role is not None)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("plain", 404), ("orgadmin", 404), ("editor", 404), ("analyst", 200)],
)
def test_only_the_assigned_evaluator_opens_the_scoring_page(
    client, roles, call, application, role, status
):
    from clustera.partnerships import evaluation, services

    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["analyst"])
    assignment = evaluation.assign(roles["editor"], application, roles["analyst"])
    _login(client, roles, role)
    assert client.get(f"/evaluations/{assignment.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("orgadmin", 403), ("plain", 403), ("editor", 201), ("root", 201)],
)
def test_creating_a_call_through_the_api(client, roles, bearer, role, status):
    headers = bearer(role) if role else {}
    payload = {
        "title": "API call",
        "countries": ["XA", "XB"],
        "min_partners": 2,
        "min_countries": 2,
        "deadline": "2030-01-31T17:00:00+01:00",
        "criteria": [{"name": "Excellence", "weight": 1, "threshold": 3}],
    }
    response = client.post("/api/calls", payload, content_type="application/json", **headers)
    assert response.status_code == status
    assert Call.objects.filter(title="API call").exists() is (status == 201)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 404),
        ("member", 404),
        ("plain", 404),
        ("analyst", 404),
        ("orgadmin", 200),
        ("otheradmin", 200),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_a_private_workspace_is_for_members_and_editors(client, roles, partnership, role, status):
    _login(client, roles, role)
    assert client.get(f"/partnerships/{partnership.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "status", "written"),
    [
        (None, 302, False),
        ("member", 404, False),
        ("plain", 404, False),
        ("analyst", 404, False),
        ("orgadmin", 302, True),
        ("otheradmin", 302, True),
        ("editor", 302, True),
        ("root", 302, True),
    ],
)
def test_members_and_editors_edit_the_roadmap(client, roles, partnership, role, status, written):
    from clustera.partnerships.models import Milestone

    _login(client, roles, role)
    response = client.post(
        f"/partnerships/{partnership.pk}/do/milestone/",
        {"title": "Kick-off", "start": "2027-01-01", "due": "2027-01-01"},
    )
    assert response.status_code == status
    assert Milestone.objects.exists() is written


@pytest.mark.parametrize(
    ("role", "status", "published"),
    [
        ("otheradmin", 403, False),
        ("orgadmin", 302, True),
        ("editor", 302, True),
        ("root", 302, True),
    ],
)
def test_only_the_lead_admin_and_editors_publish_the_summary(
    client, roles, partnership, role, status, published
):
    from clustera.partnerships.models import Partnership

    _login(client, roles, role)
    response = client.post(
        f"/partnerships/{partnership.pk}/do/strategy/", {"visibility": "public", "vision": "v"}
    )
    assert response.status_code == status
    assert (Partnership.objects.get(pk=partnership.pk).visibility == "public") is published


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("plain", 404), ("member", 404), ("orgadmin", 200), ("editor", 200)],
)
def test_the_api_hides_a_private_partnership(client, roles, partnership, bearer, role, status):
    headers = bearer(role) if role else {}
    assert client.get(f"/api/partnerships/{partnership.pk}", **headers).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("plain", 404), ("member", 404), ("otheradmin", 200), ("editor", 200)],
)
def test_application_documents_download_only_for_who_sees_the_application(
    client, roles, application, role, status
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clustera.partnerships import services

    document = services.add_application_document(
        roles["orgadmin"], application, "Letter", SimpleUploadedFile("letter.pdf", b"%PDF-1.4 x")
    )
    _login(client, roles, role)
    response = client.get(f"/applications/{application.pk}/documents/{document.pk}/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
