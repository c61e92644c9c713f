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


# --- the form builder: editors (and superusers) only; anonymous visitors go to the login page ---

BUILDERS = {"editor", "root"}
#: Every write of the builder (a POST route) with a body that succeeds for a builder on the
#: ``draft`` fixture below. Each is tried as every role.
BUILDER_WRITES: dict[str, tuple[str, dict[str, str]]] = {
    "build_new": (
        "/surveys/builder/new/",
        {"slug": "made", "title": "Made", "languages": "en", "default_language": "en"},
    ),
    "build_settings": (
        "/surveys/draft-one/build/settings/",
        {"title_en": "Renamed", "languages_codes": "en", "default_language": "en"},
    ),
    "build_add": ("/surveys/draft-one/build/add/", {"name": "p2", "label_en": "Page 2"}),
    "build_item": (
        "/surveys/draft-one/build/items/q1/",
        {"name": "q1", "type": "text", "label_en": "Changed"},
    ),
    "build_move": ("/surveys/draft-one/build/items/p1/move/", {"direction": "down"}),
    "build_delete": ("/surveys/draft-one/build/items/q1/delete/", {}),
    "build_publish": ("/surveys/draft-one/build/publish/", {}),
    "build_close": ("/surveys/draft-one/build/close/", {}),
    "build_draft": ("/surveys/draft-one/build/draft/", {}),  # run once draft-one is published
}
BUILDER_PAGES = {
    "build_index": "/surveys/builder/",
    "build_new": "/surveys/builder/new/",
    "build": "/surveys/draft-one/build/",
    "build_settings": "/surveys/draft-one/build/settings/",
    "build_add": "/surveys/draft-one/build/add/?parent=p1",
    "build_item": "/surveys/draft-one/build/items/q1/",
    "build_preview": "/surveys/draft-one/preview/",
}


@pytest.fixture
def draft(users):
    from clustera.questionnaires import Group, Question

    survey = services.create_survey(
        slug="draft-one", title="Draft", languages=["en"], default_language="en"
    ).survey
    services.add_item(survey, None, Group("p1", label={"en": "Page 1"}))
    services.add_item(survey, "p1", Question("q1", "text", {"en": "Q1"}))
    services.add_item(survey, None, Group("p0", label={"en": "Page 0"}))
    return survey


def test_every_builder_route_is_in_the_tables():
    from django.urls import get_resolver

    names = {
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and name.startswith("surveys:build")
    }

    def patterns(resolver):  # every pattern, however deeply included (i18n_patterns nests them)
        for p in resolver.url_patterns:
            yield from patterns(p) if hasattr(p, "url_patterns") else [p]

    names |= {
        f"surveys:{p.name}"
        for p in patterns(get_resolver())
        if getattr(p, "name", "") and str(p.name).startswith("build")
    }
    assert {n.removeprefix("surveys:") for n in names} == set(BUILDER_WRITES) | set(BUILDER_PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(BUILDER_PAGES))
def test_only_editors_see_the_builder(client, draft, people, role, page):
    _login(client, people, role)
    response = client.get(BUILDER_PAGES[page])
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login")
    else:
        assert response.status_code == (200 if role in BUILDERS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", sorted(BUILDER_WRITES))
def test_only_editors_build(client, draft, people, role, write):
    from clustera.surveys.models import SurveyVersion

    if write == "build_draft":  # a new draft is made from a published (frozen) version
        services.publish(draft)
    before = (
        list(Survey.objects.values_list("slug", "status", "title", "purpose")),
        list(SurveyVersion.objects.values_list("number", "definition", "published")),
    )
    _login(client, people, role)
    url, data = BUILDER_WRITES[write]
    response = client.post(url, data)
    after = (
        list(Survey.objects.values_list("slug", "status", "title", "purpose")),
        list(SurveyVersion.objects.values_list("number", "definition", "published")),
    )
    if role in BUILDERS:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "/accounts/login" not in response["Location"]
        assert after != before, f"{write} wrote nothing"
    else:
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login")
        else:
            assert response.status_code == 403
        assert after == before
