"""validate_answers and visible_pages on the hand-made 3-page form."""

from __future__ import annotations

import datetime as dt

import pytest

from clustera.questionnaires import answers_from_form, read_xlsform, validate_answers, visible_pages

TODAY = dt.date(2026, 12, 5)
CODES = {"technology": {"KET.AM", "KET.NANO", "ATI.AI"}, "nace": {"C26", "C27"}}
VALID = {
    "company": "Acme",
    "employees": 40,
    "size": "sme",
    "nace": "C26",
    "technologies": ["KET.AM", "ATI.AI"],
    "services": ["prototyping", "pilot_line"],
    "trl": "5",
    "budget": 120.5,
    "satisfaction": "3",
    "cost": "1",
    "distance": "3",
    "consent": "yes",
    "email": "anna@acme.example",
    "comments": "Two lines\nof text",
    "start": "2027-02-01",
    "brochure": {"name": "brochure.pdf", "size": 1_500_000},
    "languages": ["en", "fr"],
}


@pytest.fixture
def form(make_form):
    return read_xlsform(make_form())


def check(form, answers, language="en"):
    return validate_answers(form, answers, language=language, taxonomy_codes=CODES, today=TODAY)


def test_a_complete_valid_response_is_kept_whole_and_normalised(form):
    clean, errors = check(form, VALID | {"employees": 40.0})
    assert errors == []
    assert clean == VALID
    assert type(clean["employees"]) is int


def test_every_error_is_returned_not_the_first(form):
    answers = VALID | {
        "company": "",  # required
        "size": "giant",  # not a choice
        "nace": "Z99",  # not a platform code
        "technologies": ["KET.AM", "KET.AM"],  # duplicate
        "services": ["training", "testing", "equipment"],  # constraint: at most two
        "budget": "100",  # a string, not a number
        "email": "not-an-email",  # regex constraint
        "start": "2026-02-30",  # no such date
        "brochure": {"name": "big.pdf", "size": 3 * 1024 * 1024},  # over 2 MB
        "languages": ["xx"],  # not a language code
        "welcome": "hello",  # a note takes no answer
        "colour": "blue",  # not a question
    }
    clean, errors = check(form, answers)
    fields = [error["field"] for error in errors]
    assert fields == [
        "welcome", "company", "size", "nace", "technologies", "services", "budget",
        "email", "start", "brochure", "languages", "colour",
    ]  # fmt: skip
    messages = {error["field"]: error["message"] for error in errors}
    assert messages["company"] == "This question is required."
    assert messages["size"] == "'giant' is not one of the choices."
    assert messages["services"] == "At most two"
    assert messages["email"] == "Not an e-mail"
    assert messages["colour"] == "Not a question of this survey."
    assert "at most 2 MB" in messages["brochure"]
    # invalid answers are not kept; valid ones are
    assert "size" not in clean and clean["satisfaction"] == "3"


def test_an_invalid_answer_counts_as_unanswered_for_later_conditions(form):
    clean, errors = check(form, VALID | {"employees": 2.5})
    assert errors == [{"field": "employees", "message": "Expected a whole number, got 2.5."}]
    assert "technologies" not in clean  # the 'needs' page depends on employees > 0


def test_messages_follow_the_language_then_the_form_default(form):
    answers = VALID | {"services": ["training", "testing", "equipment"], "company": None}
    _, errors = check(form, answers, language="fr")
    messages = {error["field"]: error["message"] for error in errors}
    assert messages["services"] == "Au plus deux"
    # the built-in message is English text with its template: the web layer translates it
    # (tests/portal/test_i18n_core_messages.py); the form's own messages come in its languages
    assert messages["company"] == "This question is required."
    assert messages["company"].template == "This question is required."
    _, errors = check(form, VALID | {"employees": None}, language="de")
    # the form's own required message exists only in English: it falls back to it
    assert errors == [{"field": "employees", "message": "How many?"}]


def test_answers_to_hidden_questions_and_pages_are_dropped(form):
    # no e-mail consent: the e-mail is hidden, so it is dropped and not required
    clean, errors = check(form, VALID | {"consent": "no"})
    assert errors == [] and "email" not in clean
    # no employees: the whole 'needs' page is hidden, its required questions do not apply
    answers = VALID | {"employees": 0, "technologies": None}
    clean, errors = check(form, answers)
    assert errors == []
    assert not {"technologies", "services", "trl", "budget", "cost"} & set(clean)


def test_required_as_an_expression_and_relevant_on_a_question(form):
    # trl is shown and required only when services were chosen
    clean, errors = check(form, VALID | {"services": [], "trl": "4"})
    assert errors == [] and "trl" not in clean and "services" not in clean
    _, errors = check(form, VALID | {"trl": None})
    assert errors == [{"field": "trl", "message": "This question is required."}]


def test_constraints_see_only_the_current_value_and_earlier_answers(form):
    _, errors = check(form, VALID | {"employees": -1})
    assert errors == [{"field": "employees", "message": "Between 0 and 99,999"}]
    _, errors = check(form, VALID | {"start": "2025-12-31"})
    assert errors == [{"field": "start", "message": "Value not accepted (. >= '2026-01-01')."}]


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("employees", True),  # booleans are not numbers
        ("employees", "40"),  # numbers as numbers
        ("budget", float("inf")),
        ("company", 12),
        ("company", "x" * 2001),
        ("comments", "x" * 20_001),
        ("start", "05/12/2026"),
        ("size", ["sme"]),
        ("technologies", "KET.AM"),  # a multiple choice is a list
        ("trl", "10"),
        ("brochure", "brochure.pdf"),
    ],
)
def test_type_errors(form, name, bad):
    clean, errors = check(form, VALID | {name: bad})
    assert [error["field"] for error in errors] == [name] and name not in clean


def test_long_text_takes_more_than_short_text(form):
    clean, errors = check(form, VALID | {"comments": "x" * 5000})
    assert errors == [] and len(clean["comments"]) == 5000


def test_pickers_without_supplied_codes_accept_any_code_without_spaces(form):
    clean, errors = validate_answers(form, VALID, language="en", today=TODAY)
    assert errors == [] and clean["nace"] == "C26"
    _, errors = validate_answers(form, VALID | {"nace": "C 26"}, language="en", today=TODAY)
    assert [error["field"] for error in errors] == ["nace"]


def test_visible_pages_follow_skip_logic(form):
    assert [p.name for p in visible_pages(form, {"employees": 3})] == ["firm", "needs", "contact"]
    assert [p.name for p in visible_pages(form, {"employees": 0})] == ["firm", "contact"]
    assert [p.name for p in visible_pages(form, {})] == ["firm", "contact"]


def test_answers_from_an_html_form_post_are_typed_then_validated(form):
    post = {
        "company": ["  Acme  "],
        "employees": ["40"],
        "size": ["sme"],
        "technologies": ["KET.AM", "ATI.AI"],
        "budget": ["12.5"],
        "satisfaction": [""],
        "csrfmiddlewaretoken": ["abc"],
    }
    answers = answers_from_form(form, post)
    assert answers == {
        "company": "  Acme  ",  # text is kept as typed
        "employees": 40,
        "size": "sme",
        "technologies": ["KET.AM", "ATI.AI"],
        "budget": 12.5,
    }
    bad = answers_from_form(form, {"employees": ["4.5"], "budget": ["lots"]})
    assert bad == {"employees": "4.5", "budget": "lots"}
    _, errors = check(form, VALID | bad)
    assert [e["field"] for e in errors] == ["employees"]  # budget hidden: needs employees > 0


def test_text_falls_back_to_the_default_language(form):
    assert form.text(form.question("company").label, "fr") == "Entreprise"
    assert form.text(form.question("company").label, "de") == "Company"
    assert form.text(form.question("company").hint, "fr") == "Legal name"
    assert form.text({}, "fr") == ""
