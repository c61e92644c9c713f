"""The form builder's pages, driven as an editor with plain form posts (no JavaScript)."""

from __future__ import annotations

import pytest

from clustera.surveys import selectors, services
from clustera.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, users):
    client.force_login(users["editor"])
    return client


def _new(client, slug="needs"):
    created = client.post(
        "/surveys/builder/new/",
        {"slug": slug, "title": "Needs", "languages": "en fr", "default_language": "en"},
    )
    assert created.status_code == 302 and created["Location"] == f"/surveys/{slug}/build/"
    return Survey.objects.get(slug=slug)


def _question(client, parent, **fields):
    data = {"type": "text", "label_en": fields.get("name", "q")} | fields
    return client.post(f"/surveys/needs/build/add/?parent={parent}", data)


def _definition(survey):
    return selectors.definition(selectors.newest_version(survey))


def test_an_editor_builds_a_two_page_survey_with_a_condition_and_translations(editor_client):
    survey = _new(editor_client)
    for name, label in (("p1", "About you"), ("p2", "Your centre")):
        page = editor_client.post("/surveys/needs/build/add/", {"name": name, "label_en": label})
        assert page.status_code == 302
    added = _question(
        editor_client,
        "p1",
        name="used",
        type="select_one",
        label_en="Used a centre?",
        label_fr="Avez-vous fait appel à un centre ?",
        required="on",
        choices_en="yes = Yes\nno = No",
        choices_fr="yes = Oui\nno = Non",
    )
    assert added.status_code == 302, added.content.decode()
    added = _question(
        editor_client,
        "p2",
        name="visits",
        type="integer",
        label_en="Visits",
        constraint=". >= 0",
        constraint_message_en="Zero or more",
        relevant="${used} = 'yes'",
        default="1",
    )
    assert added.status_code == 302, added.content.decode()
    definition = _definition(survey)
    used, visits = definition.questions()
    assert used.label["fr"] == "Avez-vous fait appel à un centre ?" and used.required == "yes"
    assert [(c.name, c.label) for c in definition.choices(used)] == [
        ("yes", {"en": "Yes", "fr": "Oui"}),
        ("no", {"en": "No", "fr": "Non"}),
    ]
    assert visits.relevant == "${used} = 'yes'" and visits.constraint_message == {
        "en": "Zero or more"
    }
    outline = editor_client.get("/surveys/needs/build/").content.decode()
    assert (
        "About you" in outline
        and "Used a centre?" in outline
        and "${used} = &#x27;yes&#x27;" in outline
    )
    form = editor_client.get("/surveys/needs/build/items/used/").content.decode()
    assert "yes = Oui" in form and 'name="label_fr"' in form


@pytest.mark.parametrize(
    ("relevant", "message"),
    [
        ("${nobody} = 1", "is not a question of this form"),
        ("${later} = 1", "refers to a later question"),
        ("pulldata('a', 'b')", "unsupported function"),
    ],
)
def test_a_bad_condition_is_shown_on_its_field_and_nothing_is_written(
    editor_client, relevant, message
):
    survey = _new(editor_client)
    editor_client.post("/surveys/needs/build/add/", {"name": "p1", "label_en": "P1"})
    _question(editor_client, "p1", name="first")
    _question(editor_client, "p1", name="later")
    before = selectors.newest_version(survey).definition
    page = editor_client.post(
        "/surveys/needs/build/items/first/",
        {"name": "first", "type": "text", "label_en": "First", "relevant": relevant},
    )
    assert page.status_code == 422
    assert message in page.context["form"].errors["relevant"][0]
    assert 'id="id_relevant-error"' in page.content.decode()
    assert selectors.newest_version(survey).definition == before


def test_choices_in_another_language_must_exist_in_the_default_list(editor_client):
    _new(editor_client)
    editor_client.post("/surveys/needs/build/add/", {"name": "p1", "label_en": "P1"})
    page = _question(
        editor_client,
        "p1",
        name="used",
        type="select_one",
        choices_en="yes = Yes",
        choices_fr="oui = Oui",
    )
    assert page.status_code == 422
    assert "oui" in page.context["form"].errors["choices_fr"][0]


def test_move_and_delete_without_javascript(editor_client):
    survey = _new(editor_client)
    editor_client.post("/surveys/needs/build/add/", {"name": "p1", "label_en": "P1"})
    _question(editor_client, "p1", name="a")
    _question(editor_client, "p1", name="b")
    moved = editor_client.post("/surveys/needs/build/items/b/move/", {"direction": "up"})
    assert moved.status_code == 302
    assert [q.name for q in _definition(survey).questions()] == ["b", "a"]
    assert editor_client.post("/surveys/needs/build/items/a/delete/").status_code == 302
    assert [q.name for q in _definition(survey).questions()] == ["b"]
    assert editor_client.post("/surveys/needs/build/items/zzz/delete/").status_code == 404


def test_publish_edit_makes_a_new_draft_and_preview_stores_nothing(editor_client):
    survey = _new(editor_client)
    editor_client.post("/surveys/needs/build/add/", {"name": "p1", "label_en": "P1"})
    _question(editor_client, "p1", name="company", label_fr="Entreprise", required="on")
    assert editor_client.post("/surveys/needs/build/publish/").status_code == 302
    survey.refresh_from_db()
    assert survey.status == "open"
    listing = editor_client.get("/surveys/builder/").content.decode()
    assert "Needs" in listing and "Published" in listing and "Version 1" in listing
    outline = editor_client.get("/surveys/needs/build/").content.decode()
    assert "make a new draft version" in outline
    frozen = _question(editor_client, "p1", name="late")
    assert frozen.status_code == 302  # sent back to the outline with the message
    assert [q.name for q in _definition(survey).questions()] == ["company"]
    assert editor_client.post("/surveys/needs/build/draft/").status_code == 302
    assert selectors.newest_version(survey).number == 2
    preview = editor_client.get("/surveys/needs/preview/?lang=fr").content.decode()
    assert "Entreprise" in preview
    checked = editor_client.post("/surveys/needs/preview/?version=1", {})
    assert "company" in checked.content.decode() and "would be refused" in checked.content.decode()
    assert not Response.objects.exists()
    assert editor_client.post("/surveys/needs/build/close/").status_code == 302
    survey.refresh_from_db()
    assert survey.status == "closed"


def test_settings_add_a_language(editor_client):
    survey = _new(editor_client)
    saved = editor_client.post(
        "/surveys/needs/build/settings/",
        {
            "title_en": "Needs",
            "title_fr": "Besoins",
            "languages_codes": "en fr de",
            "default_language": "en",
            "description": "Purpose",
        },
    )
    assert saved.status_code == 302
    assert set(_definition(survey).languages) == {"en", "fr", "de"}
    survey.refresh_from_db()
    assert survey.languages == ["en", "fr", "de"]
    refused = editor_client.post(
        "/surveys/needs/build/settings/",
        {"title_en": "", "languages_codes": "en", "default_language": "en"},
    )
    assert refused.status_code == 422 and "title_en" in refused.context["form"].errors


def test_a_builder_made_survey_is_answered_through_its_link(editor_client, client, users):
    survey = _new(editor_client)
    editor_client.post("/surveys/needs/build/add/", {"name": "p1", "label_en": "P1"})
    _question(editor_client, "p1", name="company", required="on")
    editor_client.post("/surveys/needs/build/publish/")
    survey.refresh_from_db()
    response, created = services.submit(survey, {"company": "Acme"})
    assert created and response.version.number == 1


def test_editing_an_imported_question_keeps_what_the_form_does_not_show(editor_client, survey):
    from dataclasses import replace

    from clustera.questionnaires import Definition

    version = selectors.newest_version(survey)
    definition = selectors.definition(version)
    question = replace(
        definition.question("company"),
        required_message={"en": "Tell us"},
        parameters={"seed": "3"},
    )
    children = list(definition.children)
    children[0] = replace(children[0], children=(question, *children[0].children[1:]))
    stored = replace(definition, children=tuple(children)).to_dict()
    version.__class__.objects.filter(pk=version.pk).update(definition=stored, published=None)
    assert Definition.from_dict(stored).question("company").required_message == {"en": "Tell us"}
    saved = editor_client.post(
        "/surveys/three-pages/build/items/company/",
        {"name": "company", "type": "text", "label_en": "Firm", "required": "on"},
    )
    assert saved.status_code == 302
    kept = _definition(survey).question("company")
    assert kept.label["en"] == "Firm"
    assert kept.required_message == {"en": "Tell us"} and kept.parameters == {"seed": "3"}
