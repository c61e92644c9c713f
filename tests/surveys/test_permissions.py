"""Who may do what with a survey, role by role: see a draft, see individual answers, invite,
re-import the form, erase a respondent's answers."""

from __future__ import annotations

import pytest
from tests.surveys.conftest import GOOD, write_form

from clustera.accounts.permissions import NotAllowed
from clustera.surveys import services
from clustera.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "orgadmin", "otheradmin", "editor", "analyst", "root"]
ORGANISERS = {"orgadmin", "editor", "root"}
READERS = ORGANISERS | {"analyst"}


@pytest.fixture
def people(users, registry, django_user_model):
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    other = django_user_model.objects.create_user("otheradmin", password="pw-other-1")
    OrganisationMembership.objects.create(user=other, organisation=registry["ORG1"], role="admin")
    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    from django.contrib.auth.models import AnonymousUser

    return {**users, "otheradmin": other, "analyst": analyst, "anonymous": AnonymousUser()}


def _login(client, people, role):
    if people[role].is_authenticated:
        client.force_login(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_404_except_to_organisers_and_analysts(client, survey, people, role):
    Survey.objects.filter(pk=survey.pk).update(status="draft")
    _login(client, people, role)
    expected = 200 if role in READERS else 404
    assert client.get("/api/surveys/three-pages").status_code == expected
    assert client.get("/surveys/three-pages/results/").status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_and_analysts_see_individual_answers(client, survey, people, role):
    services.submit(survey, GOOD)
    _login(client, people, role)
    page = client.get("/surveys/three-pages/results/").content.decode()
    assert ("Individual answers" in page) == (role in READERS)
    assert ("Acme" in page) == (role in READERS)


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_invite(client, survey, people, role, mailoutbox):
    _login(client, people, role)
    response = client.post("/surveys/three-pages/invite/", {"emails": "a@example.org"})
    assert response.status_code == (302 if role in ORGANISERS else 403)
    assert len(mailoutbox) == (1 if role in ORGANISERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_reimport_the_form(survey, people, role, tmp_path):
    path = write_form(tmp_path / "v2.xlsx", version="2")
    if role in ORGANISERS:
        assert services.import_form(path, user=people[role]).number == 2
    else:
        with pytest.raises(NotAllowed):
            services.import_form(path, user=people[role])


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_or_the_respondent_erase_answers(survey, people, role):
    response, _ = services.submit(survey, GOOD)
    if role in ORGANISERS:
        services.erase_respondent(response, user=people[role])
        assert not Response.objects.exists()
    else:
        with pytest.raises(NotAllowed):
            services.erase_respondent(response, user=people[role])
        assert Response.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_anyone_may_answer_an_open_public_survey(client, survey, people, role):
    _login(client, people, role)
    posted = client.post(
        "/api/surveys/three-pages/responses", {"answers": GOOD}, content_type="application/json"
    )
    assert posted.status_code == 201
    stored = Response.objects.get()
    assert stored.user_id == (people[role].pk if people[role].is_authenticated else None)


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_open_or_close_a_survey(client, survey, people, role):
    _login(client, people, role)
    response = client.post("/surveys/three-pages/status/", {"status": "closed"})
    assert response.status_code == (302 if role in ORGANISERS else 403)
    survey.refresh_from_db()
    assert survey.status == ("closed" if role in ORGANISERS else "open")


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_set_purpose_controller_and_retention(client, survey, people, role):
    _login(client, people, role)
    response = client.post(
        "/surveys/three-pages/privacy/",
        {"purpose": "Mapping needs", "controller": "Cluster Org", "retention_days": "30"},
    )
    assert response.status_code == (302 if role in ORGANISERS else 403)
    survey.refresh_from_db()
    assert (survey.retention_days == 30) is (role in ORGANISERS)
