"""Who may do what with calls, applications and evaluations: every role, every action.

Roles: anonymous, member of ORG3, admin of the lead ORG2 ("orgadmin"), admin of another
organisation (ORG4, invited partner: "otheradmin"), plain user, analyst, editor, superuser.
Private objects answer 404 to those who may not see them; writes refused write nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clustera.partnerships.models import Application, ApplicationPartner, Call, CallEvaluator

pytestmark = pytest.mark.django_db

ROLES = [None, "member", "plain", "analyst", "orgadmin", "otheradmin", "editor", "root"]
API_ROLES = [None, "member", "plain", "analyst", "orgadmin", "otheradmin", "thirdadmin", "editor"]
API_ROLES += ["root"]
OUTSIDERS = {"member": 404, "plain": 404, "analyst": 404}  # a private object is a 404 to them


def _per_role(anonymous, others, roles=ROLES, **special):
    """Parametrise over ``roles``: (role, *expected), where expected is ``anonymous`` for the
    logged-out visitor, ``special[role]`` where given, else ``others``."""
    assert set(special) <= set(roles), special
    cases = []
    for role in roles:
        expected = anonymous if role is None else special.get(role, others)
        cases.append((role, *expected) if isinstance(expected, tuple) else (role, expected))
    return cases


def _roles_but(*left_out):
    return [role for role in ROLES if role not in left_out]


def _login(client, roles, role):
    if role:
        client.force_login(roles[role])


@pytest.mark.parametrize(("role", "status"), _per_role(302, 403, editor=200, root=200))
def test_only_editors_open_the_call_editor(client, roles, role, status):
    _login(client, roles, role)
    assert client.get("/calls/new/").status_code == status


@pytest.mark.parametrize(("role", "visible"), _per_role(False, False, editor=True, root=True))
def test_a_draft_call_is_404_except_to_editors(client, roles, call_fields, criteria, role, visible):
    from clustera.partnerships import services

    draft = services.save_call(roles["editor"], call_fields(), criteria)
    _login(client, roles, role)
    assert client.get(f"/calls/{draft.pk}/").status_code == (200 if visible else 404)


@pytest.mark.parametrize(
    ("role", "status", "created"),
    _per_role((302, False), (403, False), _roles_but("root"), orgadmin=(302, True)),
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


@pytest.mark.parametrize(("role", "status"), _per_role(404, 200, API_ROLES, **OUTSIDERS))
def test_an_application_is_seen_by_its_consortium_and_editors(
    client, roles, application, role, status
):
    _login(client, roles, role)
    assert client.get(f"/applications/{application.pk}/").status_code == status


@pytest.mark.parametrize(("role", "status"), _per_role(404, 403, **OUTSIDERS, orgadmin=302))
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
    _per_role((302, False), (404, False), _roles_but("analyst", "root"), otheradmin=(302, True)),
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
    ("role", "status"), _per_role(302, 404, _roles_but("otheradmin"), editor=302, root=302)
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


@pytest.mark.parametrize(("role", "status"), _per_role(404, 200, **OUTSIDERS))
def test_a_private_workspace_is_for_members_and_editors(client, roles, partnership, role, status):
    _login(client, roles, role)
    assert client.get(f"/partnerships/{partnership.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "status", "written"),
    _per_role(
        (302, False), (302, True), member=(404, False), plain=(404, False), analyst=(404, False)
    ),
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


# --- API writes: every operation x every role -------------------------------------------------
# Each case builds its objects, calls the operation with a bearer token of the role, and checks
# the status and that the write happened exactly when it was allowed.

MEMBERS = ("orgadmin", "otheradmin", "thirdadmin", "editor", "root")


def _expect(ok: int, allowed: tuple[str, ...], others: int = 403, **special: int) -> dict:
    found = {None: 401, **OUTSIDERS}
    for role in ("orgadmin", "otheradmin", "thirdadmin", "editor", "root"):
        found[role] = ok if role in allowed else others
    return {**found, **special}


def _submitted(roles, call, application, declared=False, scored=False):
    from clustera.partnerships import evaluation, services

    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["analyst"])
    assignment = evaluation.assign(roles["editor"], application, roles["analyst"])
    if declared or scored:
        evaluation.declare_no_conflict(roles["analyst"], assignment)
    if scored:
        scores = {c.pk: (4.0, "fine") for c in call.criteria.all()}
        evaluation.submit_scores(roles["analyst"], assignment, scores)
    return assignment


def _application_cases(get, roles):
    """(method, path, body, written?) of each application and evaluation write."""
    from clustera.partnerships import services
    from clustera.partnerships.models import Application, ApplicationPartner, Assignment

    call, registry = get("call"), get("registry")

    def start():
        body = {"lead": registry["ORG2"].pk, "title": "API start"}
        return (
            "post",
            f"/api/calls/{call.pk}/applications",
            body,
            lambda: Application.objects.filter(title="API start").exists(),
        )

    def patch():
        a = get("application")
        return (
            "patch",
            f"/api/applications/{a.pk}",
            {"title": "Renamed"},
            lambda: Application.objects.get(pk=a.pk).title == "Renamed",
        )

    def invite():
        a = get("application")
        body = {"organisation": registry["ORG3"].pk}
        return (
            "post",
            f"/api/applications/{a.pk}/partners",
            body,
            lambda: a.partners.filter(organisation=registry["ORG3"]).exists(),
        )

    def answer():
        draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Ask")
        partner = services.invite_partner(roles["orgadmin"], draft, get("abroad")["XB"])
        path = f"/api/application-invitations/{partner.pk}/answer"
        return (
            "post",
            path,
            {"accept": True},
            lambda: ApplicationPartner.objects.get(pk=partner.pk).status == "accepted",
        )

    def submit():
        a = get("application")
        return (
            "post",
            f"/api/applications/{a.pk}/submit",
            {},
            lambda: Application.objects.get(pk=a.pk).status == "submitted",
        )

    def withdraw():
        a = get("application")
        return (
            "post",
            f"/api/applications/{a.pk}/withdraw",
            {"reason": "No time"},
            lambda: Application.objects.get(pk=a.pk).withdrawal_reason == "No time",
        )

    def decision():
        a = get("application")
        _submitted(roles, call, a, scored=True)
        body = {"accept": True, "reasons": "Strong"}
        return (
            "post",
            f"/api/applications/{a.pk}/decision",
            body,
            lambda: Application.objects.get(pk=a.pk).status == "accepted",
        )

    def declaration():
        assignment = _submitted(roles, call, get("application"))
        return (
            "post",
            f"/api/assignments/{assignment.pk}/declaration",
            {},
            lambda: Assignment.objects.get(pk=assignment.pk).declared_no_conflict is not None,
        )

    def scores():
        assignment = _submitted(roles, call, get("application"), declared=True)
        body = {"scores": [{"criterion": c.pk, "score": 4} for c in call.criteria.all()]}
        return (
            "post",
            f"/api/assignments/{assignment.pk}/scores",
            body,
            lambda: Assignment.objects.get(pk=assignment.pk).completed is not None,
        )

    lead_only = _expect(200, ("orgadmin",))
    return {
        "POST /api/calls/{call_id}/applications": (
            start,
            {**_expect(201, ("orgadmin",)), "member": 403, "plain": 403, "analyst": 403},
        ),
        "PATCH /api/applications/{application_id}": (patch, lead_only),
        "POST /api/applications/{application_id}/partners": (invite, _expect(201, ("orgadmin",))),
        "POST /api/application-invitations/{invitation_id}/answer": (
            answer,
            _expect(200, ("otheradmin",), others=404),
        ),
        "POST /api/applications/{application_id}/submit": (submit, lead_only),
        "POST /api/applications/{application_id}/withdraw": (withdraw, lead_only),
        "POST /api/applications/{application_id}/decision": (
            decision,
            _expect(200, ("editor", "root"), analyst=403),
        ),
        "POST /api/assignments/{assignment_id}/declaration": (
            declaration,
            _expect(200, (), others=404, analyst=200),
        ),
        "POST /api/assignments/{assignment_id}/scores": (
            scores,
            _expect(200, (), others=404, analyst=200),
        ),
    }


def _workspace_cases(get, roles):
    """(method, path, body, written?) of each workspace write."""
    from clustera.partnerships import investment, workspace
    from clustera.partnerships.models import (
        BudgetLine,
        Indicator,
        Member,
        Milestone,
        Partnership,
        Pilot,
        Proposal,
        Risk,
        ValueChainStep,
    )

    p, registry = get("partnership"), get("registry")
    base = f"/api/partnerships/{p.pk}"
    admin = roles["orgadmin"]

    def proposal():
        found = investment.save_proposal(admin, p, "Plant", Decimal(100))
        investment.add_budget_line(admin, found, registry["ORG2"], 2027, "erdf", Decimal(100))
        investment.add_risk(admin, found, "Delays", 2, 2)
        return found

    def milestone():
        return workspace.add_milestone(admin, p, "Old", date(2027, 1, 1), date(2027, 1, 2))

    def pilot():
        return workspace.add_pilot(admin, p, "Old", Decimal(1), 3, 4, "", [])

    created = {
        "members": (
            {"organisation": registry["ORG3"].pk},
            lambda: Member.objects.filter(partnership=p, organisation=registry["ORG3"]).exists(),
        ),
        "indicators": (
            {"name": "Jobs", "baseline": 1, "target": 2},
            lambda: Indicator.objects.exists(),
        ),
        "milestones": (
            {"title": "Kick-off", "start": "2027-01-01", "due": "2027-01-01"},
            lambda: Milestone.objects.filter(title="Kick-off").exists(),
        ),
        "steps": (
            {"name": "Recycling"},
            lambda: ValueChainStep.objects.filter(name="Recycling").exists(),
        ),
        "pilots": (
            {"title": "Farm pilot", "budget": "10", "trl_start": 4, "trl_target": 6},
            lambda: Pilot.objects.filter(title="Farm pilot").exists(),
        ),
    }
    cases = {}
    members_only = _expect(201, MEMBERS)
    for name, (body, written) in created.items():
        allowed = (
            _expect(201, ("orgadmin", "editor", "root")) if name == "members" else members_only
        )
        cases[f"POST /api/partnerships/{{partnership_id}}/{name}"] = (
            lambda n=name, b=body, w=written: ("post", f"{base}/{n}", b, w),
            allowed,
        )
    cases["PATCH /api/partnerships/{partnership_id}"] = (
        lambda: (
            "patch",
            base,
            {"vision": "Farms"},
            lambda: Partnership.objects.get(pk=p.pk).vision == "Farms",
        ),
        _expect(200, MEMBERS),
    )
    cases["PUT /api/partnerships/{partnership_id}/proposal"] = (
        lambda: (
            "put",
            f"{base}/proposal",
            {"title": "Plant", "total": "5"},
            lambda: Proposal.objects.filter(title="Plant").exists(),
        ),
        _expect(200, MEMBERS),
    )

    def stage():
        found = proposal()
        return (
            "post",
            f"{base}/proposal/stage",
            {"stage": "bankable"},
            lambda: Proposal.objects.get(pk=found.pk).stage == "bankable",
        )

    def add_line():
        proposal()
        body = {"organisation": registry["ORG2"].pk, "year": 2028, "source": "own", "amount": "5"}
        return "post", f"{base}/proposal/lines", body, lambda: BudgetLine.objects.count() == 2

    def add_risk():
        proposal()
        body = {"description": "Permits", "likelihood": 3, "impact": 3}
        return "post", f"{base}/proposal/risks", body, lambda: Risk.objects.count() == 2

    def edit(kind):
        def build():
            if kind == "milestones":
                item, body = (
                    milestone(),
                    {"title": "New", "start": "2027-01-01", "due": "2027-01-05"},
                )
                model = Milestone
            elif kind == "pilots":
                item, body = (
                    pilot(),
                    {"title": "New", "budget": "2", "trl_start": 3, "trl_target": 5},
                )
                model = Pilot
            elif kind == "proposal/lines":
                item = proposal().lines.get()
                body = {"organisation": registry["ORG2"].pk, "year": 2027, "source": "own"}
                body["amount"] = "100"
                model = BudgetLine
            else:
                item, model = proposal().risks.get(), Risk
                body = {"description": "New", "likelihood": 1, "impact": 1}
            field = (
                "source" if model is BudgetLine else ("description" if model is Risk else "title")
            )
            wanted = "own" if model is BudgetLine else "New"
            return (
                "patch",
                f"{base}/{kind}/{item.pk}",
                body,
                lambda: getattr(model.objects.get(pk=item.pk), field) == wanted,
            )

        return build

    def delete(kind):
        def build():
            if kind == "milestones":
                item, model = milestone(), Milestone
            elif kind == "pilots":
                item, model = pilot(), Pilot
            elif kind == "proposal/lines":
                item, model = proposal().lines.get(), BudgetLine
            else:
                item, model = proposal().risks.get(), Risk
            return (
                "delete",
                f"{base}/{kind}/{item.pk}",
                None,
                lambda: not model.objects.filter(pk=item.pk).exists(),
            )

        return build

    cases["POST /api/partnerships/{partnership_id}/proposal/stage"] = (stage, _expect(200, MEMBERS))
    cases["POST /api/partnerships/{partnership_id}/proposal/lines"] = (add_line, members_only)
    cases["POST /api/partnerships/{partnership_id}/proposal/risks"] = (add_risk, members_only)
    for kind in ("milestones", "pilots", "proposal/lines", "proposal/risks"):
        cases[f"PATCH /api/partnerships/{{partnership_id}}/{kind}/{{item_id}}"] = (
            edit(kind),
            _expect(200, MEMBERS),
        )
        cases[f"DELETE /api/partnerships/{{partnership_id}}/{kind}/{{item_id}}"] = (
            delete(kind),
            _expect(204, MEMBERS),
        )
    return cases


def _operations() -> list[str]:
    return sorted(API_APPLICATION_WRITES + API_WORKSPACE_WRITES)


API_APPLICATION_WRITES = [
    "POST /api/calls/{call_id}/applications",
    "PATCH /api/applications/{application_id}",
    "POST /api/applications/{application_id}/partners",
    "POST /api/application-invitations/{invitation_id}/answer",
    "POST /api/applications/{application_id}/submit",
    "POST /api/applications/{application_id}/withdraw",
    "POST /api/applications/{application_id}/decision",
    "POST /api/assignments/{assignment_id}/declaration",
    "POST /api/assignments/{assignment_id}/scores",
]
API_WORKSPACE_WRITES = [
    "POST /api/partnerships/{partnership_id}/members",
    "PATCH /api/partnerships/{partnership_id}",
    "POST /api/partnerships/{partnership_id}/indicators",
    "POST /api/partnerships/{partnership_id}/milestones",
    "POST /api/partnerships/{partnership_id}/steps",
    "POST /api/partnerships/{partnership_id}/pilots",
    "PUT /api/partnerships/{partnership_id}/proposal",
    "POST /api/partnerships/{partnership_id}/proposal/stage",
    "POST /api/partnerships/{partnership_id}/proposal/lines",
    "POST /api/partnerships/{partnership_id}/proposal/risks",
] + [
    f"{method} /api/partnerships/{{partnership_id}}/{kind}/{{item_id}}"
    for kind in ("milestones", "pilots", "proposal/lines", "proposal/risks")
    for method in ("PATCH", "DELETE")
]


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("operation", _operations())
def test_api_writes_per_role(client, request, roles, role, operation):
    from clustera.accounts.models import ApiToken

    get = request.getfixturevalue
    cases = (
        _application_cases(get, roles)
        if operation in API_APPLICATION_WRITES
        else _workspace_cases(get, roles)
    )
    build, expected = cases[operation]
    method, path, body, written = build()
    headers = {}
    if role:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(roles[role], 'test')[1]}"}
    send = getattr(client, method)
    response = (
        send(path, **headers)
        if body is None
        else send(path, body, content_type="application/json", **headers)
    )
    assert response.status_code == expected[role], response.content
    assert written() is (response.status_code < 300)
