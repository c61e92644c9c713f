"""The form builder's services: each operation, the frozen-version rule, refused edits that
write nothing, publishing, and the XLSForm round trip of a builder-made survey."""

from __future__ import annotations

import io

import pytest

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.questionnaires import Choice, Group, Question, read_xlsform, to_xlsform
from clustera.questionnaires.editing import DefinitionError
from clustera.surveys import selectors, services
from clustera.surveys.models import Survey, SurveyVersion

pytestmark = pytest.mark.django_db

YES_NO = [Choice("yes", {"en": "Yes", "fr": "Oui"}), Choice("no", {"en": "No", "fr": "Non"})]


def _draft(editor, slug="needs"):
    return services.create_survey(
        slug=slug,
        title="Needs",
        languages=["en", "fr"],
        default_language="en",
        description="Why we ask",
        user=editor,
    ).survey


@pytest.fixture
def built(users):
    """A two-page draft: page 2's question is shown only to those who used a centre."""
    editor = users["editor"]
    survey = _draft(editor)
    services.add_item(survey, None, Group("p1", label={"en": "About you"}), user=editor)
    services.add_item(survey, None, Group("p2", label={"en": "Your centre"}), user=editor)
    used = Question(
        "used", "select_one", label={"en": "Used a centre?", "fr": "Centre ?"}, required="yes"
    )
    services.add_item(survey, "p1", used, choices=YES_NO, user=editor)
    services.add_item(
        survey,
        "p2",
        Question("centre", "text", label={"en": "Which?"}, relevant="${used} = 'yes'"),
        user=editor,
    )
    return survey


def _definition(survey):
    return selectors.definition(selectors.newest_version(survey))


def test_create_makes_a_draft_survey_with_an_empty_unpublished_version(users):
    survey = _draft(users["editor"])
    version = selectors.newest_version(survey)
    assert survey.status == "draft" and survey.purpose == "Why we ask"
    assert version.number == 1 and version.published is None
    assert _definition(survey).languages == {"en": "English", "fr": "français"}


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("slug", {"slug": "Bad Slug"}),
        ("slug", {"slug": "builder"}),
        ("languages", {"languages": ["english"]}),
        ("default_language", {"default_language": "de"}),
        ("title", {"title": " "}),
    ],
)
def test_create_refuses_bad_input_naming_the_field(users, field, kwargs):
    arguments = {"slug": "ok", "title": "T", "languages": ["en"], "default_language": "en"}
    with pytest.raises(InvalidInputError) as refused:
        services.create_survey(**(arguments | kwargs), user=users["editor"])
    assert refused.value.field == field
    assert not Survey.objects.exists()


def test_create_refuses_a_slug_in_use(users):
    _draft(users["editor"])
    with pytest.raises(InvalidInputError, match="already exists"):
        _draft(users["editor"])


def test_add_edit_move_delete(built, users):
    editor = users["editor"]
    definition = _definition(built)
    assert [p.name for p in definition.children] == ["p1", "p2"]
    assert [q.name for q in definition.questions()] == ["used", "centre"]
    assert [c.name for c in definition.choice_lists["used"]] == ["yes", "no"]

    services.add_item(built, "p1", Question("size", "integer", label={"en": "Size"}), user=editor)
    services.move_item(built, "size", -1, user=editor)
    assert [q.name for q in _definition(built).questions()] == ["size", "used", "centre"]
    # a question at the bottom of a page moves down onto the next page
    services.move_item(built, "used", 1, user=editor)
    assert [c.name for c in _definition(built).children[1].children] == ["used", "centre"]
    services.move_item(built, "used", -1, user=editor)

    renamed = Question("size", "integer", label={"en": "Staff", "fr": "Effectif"}, default="5")
    services.update_item(built, "size", renamed, user=editor)
    assert _definition(built).question("size").label == {"en": "Staff", "fr": "Effectif"}
    assert _definition(built).question("size").default == "5"

    services.update_item(built, "p2", Group("p2", label={"en": "Centre"}), user=editor)
    assert [q.name for q in _definition(built).children[1].children] == ["centre"]  # kept

    services.delete_item(built, "size", user=editor)
    assert [q.name for q in _definition(built).questions()] == ["used", "centre"]
    services.update_item(built, "used", Question("used", "text", {"en": "Used"}), user=editor)
    assert "used" not in _definition(built).choice_lists  # unused list dropped


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"relevant": "${nope} = 1"}, "relevant", "not a question of this form"),
        ({"relevant": "${visits} > 1"}, "relevant", "later question"),
        ({"relevant": "${centre} = 'x'"}, "relevant", "cyclic"),
        ({"relevant": "pulldata('a', 'b')"}, "relevant", "unsupported function"),
        ({"constraint": ". >"}, "constraint", "position"),
        ({"default": "maybe"}, "default", ""),
        ({"relevant": "${used} = 'yes'"}, "relevant", "cyclic"),
        ({"label": {"fr": "Centre ?"}}, "label", "label in the default language"),
    ],
)
def test_a_bad_condition_is_refused_with_nothing_written(built, users, change, field, message):
    services.add_item(
        built, "p2", Question("visits", "integer", {"en": "Visits"}), user=users["editor"]
    )
    before = selectors.newest_version(built).definition
    question = _definition(built).question("used")
    from dataclasses import replace

    with pytest.raises(DefinitionError) as refused:
        services.update_item(built, "used", replace(question, **change), user=users["editor"])
    assert refused.value.field == field
    assert message in refused.value.message
    assert selectors.newest_version(built).definition == before


def test_deleting_a_question_a_condition_uses_is_refused(built, users):
    with pytest.raises(DefinitionError, match="relevant of 'centre'"):
        services.delete_item(built, "used", user=users["editor"])
    assert "used" in {q.name for q in _definition(built).questions()}


def test_publish_opens_the_survey_and_freezes_the_version(built, users):
    editor = users["editor"]
    version = services.publish(built, user=editor)
    built.refresh_from_db()
    assert built.status == "open" and version.published is not None
    assert selectors.current_version(built) == version
    with pytest.raises(services.VersionFrozen):
        services.add_item(built, "p1", Question("x", "text", {"en": "X"}), user=editor)


def test_publishing_an_empty_draft_is_refused(users):
    survey = _draft(users["editor"])
    with pytest.raises(InvalidInputError, match="at least one question"):
        services.publish(survey, user=users["editor"])
    survey.refresh_from_db()
    assert survey.status == "draft"


def test_editing_an_answered_version_makes_a_new_draft_and_old_answers_stay(built, users):
    editor = users["editor"]
    first = services.publish(built, user=editor)
    built.refresh_from_db()
    response, _ = services.submit(built, {"used": "yes", "centre": "TC One"})
    draft = services.new_draft(built, user=editor)
    assert draft.number == 2 and draft.published is None
    assert services.new_draft(built, user=editor) == draft  # the same draft, not a third
    services.add_item(built, "p2", Question("visits", "integer", {"en": "Visits"}), user=editor)
    # respondents still answer version 1 until the draft is published
    assert selectors.current_version(built) == first
    assert [q.name for q in selectors.definition(first).questions()] == ["used", "centre"]
    services.publish(built, user=editor)
    assert selectors.current_version(built).number == 2
    response.refresh_from_db()
    assert response.version == first
    assert SurveyVersion.objects.get(pk=first.pk).definition == first.definition


def test_settings_change_title_languages_and_description(built, users):
    services.update_settings(
        built,
        title={"en": "Needs 2", "fr": "Besoins", "de": "Bedarf"},
        languages=["en", "fr", "de"],
        default_language="en",
        description="New purpose",
        user=users["editor"],
    )
    definition = _definition(built)
    built.refresh_from_db()
    assert definition.title == {"en": "Needs 2", "fr": "Besoins", "de": "Bedarf"}
    assert set(definition.languages) == {"en", "fr", "de"}  # jsonb keeps no key order
    assert built.title == "Needs 2" and built.languages == ["en", "fr", "de"]
    assert built.purpose == "New purpose"


def test_only_editors_build(built, users):
    for role in ("orgadmin", "member", "plain"):
        with pytest.raises(NotAllowed):
            services.add_item(built, None, Group("p3"), user=users[role])
        with pytest.raises(NotAllowed):
            services.publish(built, user=users[role])
    services.add_item(built, None, Group("p3"), user=users["root"])


def test_a_builder_made_survey_round_trips_through_xlsform(built, users):
    editor = users["editor"]
    services.add_item(
        built,
        "p2",
        Question(
            "trl",
            "select_one",
            label={"en": "TRL", "fr": "NMT"},
            list_name="trl",
            taxonomy="trl",
            hint={"en": "1 to 9"},
            constraint=". >= 3",
            constraint_message={"en": "At least 3", "fr": "Au moins 3"},
        ),
        user=editor,
    )
    services.add_item(
        built,
        "p2",
        Question("notes", "text", {"en": "Notes"}, appearance="multiline", default="none"),
        user=editor,
    )
    definition = _definition(built)
    buffer = io.BytesIO()
    to_xlsform(definition, buffer)
    again = read_xlsform(buffer.getvalue(), name="needs.xlsx")
    assert again == definition
