"""XLSForm import: the hand-made 3-page form, and every malformed case with sheet/row/column."""

from __future__ import annotations

import pytest

from clustera.errors import InvalidInputError
from clustera.questionnaires import Group, XLSFormError, read_xlsform

from .conftest import CHOICES, SURVEY


def _survey_with(row_number: int, row: list[str]) -> list[list[str]]:
    """The 3-page form with spreadsheet row ``row_number`` replaced."""
    rows = [list(r) for r in SURVEY]
    rows[row_number - 2] = row
    return rows


def test_three_page_form_reads_pages_questions_languages_and_pickers(make_form):
    form = read_xlsform(make_form())
    assert form.form_id == "needs_demo" and form.version == "7"
    assert form.languages == {"en": "English", "fr": "Français"}
    assert form.title == {"en": "Needs", "fr": "Besoins"}
    assert [page.name for page in form.children] == ["firm", "needs", "contact"]
    needs = form.children[1]
    assert isinstance(needs, Group) and needs.relevant == "${employees} > 0"
    matrix = needs.children[-1]
    assert isinstance(matrix, Group) and matrix.is_matrix
    employees = form.question("employees")
    assert employees.type == "integer" and employees.required == "yes"
    assert employees.required_message == {"en": "How many?"}
    assert employees.constraint_message == {"en": "Between 0 and 99,999", "fr": "Entre 0 et 99 999"}
    assert form.question("company").hint == {"en": "Legal name"}
    assert form.question("satisfaction").is_likert
    assert form.question("comments").is_long_text
    assert form.question("brochure").max_file_size_mb == 2.0
    assert form.question("email").personal_data and not form.question("company").personal_data
    assert form.question("trl").required == "${services} != ''"
    technologies = form.question("technologies")
    assert technologies.type == "select_multiple" and technologies.taxonomy == "technology"
    # picker placeholders are not kept as choices; ordinary lists are
    assert set(form.choice_lists) == {"size", "agree", "yes_no"}
    assert [c.name for c in form.choices(form.question("size"))] == ["micro", "sme", "large"]
    assert form.choices(form.question("size"))[1].label == {"en": "SME", "fr": "PME"}


def test_plain_label_column_is_the_default_language(make_form):
    path = make_form(
        survey=[["integer", "n", "Number"]],
        choices=[["list_name", "name", "label"]],
        settings=[["form_id"], ["plain"]],
        header=["type", "name", "label"],
    )
    form = read_xlsform(path)
    assert form.languages == {"und": "Undetermined"}
    assert form.question("n").label == {"und": "Number"}


def test_missing_survey_sheet_is_refused(make_form):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=False))
    assert caught.value.sheet == "survey" and caught.value.row is None
    assert "form.xlsx" in str(caught.value) and "missing" in str(caught.value)
    assert isinstance(caught.value, InvalidInputError)


@pytest.mark.parametrize(
    ("row_number", "row", "column", "value", "words"),
    [
        (5, ["geopoint", "where", "Where"], "type", "geopoint", "unknown or unsupported"),
        (5, ["begin_repeat", "loop", "Loop"], "type", "begin_repeat", "unknown or unsupported"),
        (
            6,
            ["select_one colours", "size", "Size"],
            "type",
            "select_one colours",
            "not in the choices",
        ),
        (6, ["select_one", "size", "Size"], "type", "select_one", "needs a list name"),
        (5, ["integer", "2bad", "Bad"], "name", "2bad", "a name must start"),
        (5, ["integer", "company", "Again"], "name", "company", "already used on row 4"),
        (
            12,
            ["select_one trl", "trl", "TRL", "", "", "", "", "", "", "", "${nowhere} > 1"],
            "relevant",
            "${nowhere} > 1",
            "not a question of this form",
        ),
        (
            25,
            ["file", "brochure", "B", "", "", "", "", "", "", "", "${firm} = 'x'"],
            "relevant",
            "${firm} = 'x'",
            "${firm} is not a question of this form",
        ),
        (
            4,
            ["text", "company", "C", "", "", "", "", ". != ${comments}"],
            "constraint",
            ". != ${comments}",
            "refers to a later question (row 23)",
        ),
        (
            5,
            ["integer", "employees", "E", "", "", "", "", ". < ${budget}"],
            "constraint",
            ". < ${budget}",
            "cyclic condition (employees -> needs -> budget -> employees)",
        ),
        (
            5,
            ["integer", "employees", "E", "", "", "", "", "", "", "", "${employees} > 1"],
            "relevant",
            "${employees} > 1",
            "cyclic condition",
        ),
        (
            9,
            ["begin_group", "needs", "Needs", "", "", "", "", "", "", "", "${budget} > 1"],
            "relevant",
            "${budget} > 1",
            "cyclic condition (needs -> budget -> needs)",
        ),
        (
            13,
            ["decimal", "budget", "B", "", "", "", "", "pulldata('prices', 'p', 'k', 'v')"],
            "constraint",
            "pulldata('prices', 'p', 'k', 'v')",
            "unsupported function 'pulldata' at position 0",
        ),
        (
            13,
            ["decimal", "budget", "B", "", "", "", "", "/data/firm/employees > 3"],
            "constraint",
            "/data/firm/employees > 3",
            "unsupported character '/' at position 0",
        ),
        (
            13,
            ["decimal", "budget", "B", "", "", "maybe"],
            "required",
            "maybe",
            "unsupported name 'maybe'",
        ),
        (
            25,
            ["file", "brochure", "B", "", "", "", "", "", "", "", "", "", "max-file-size=big"],
            "parameters",
            "max-file-size=big",
            "megabytes",
        ),
    ],
)
def test_malformed_rows_are_refused_with_sheet_row_column_and_value(
    make_form, row_number, row, column, value, words
):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=_survey_with(row_number, row)))
    error = caught.value
    assert (error.sheet, error.row, error.column, error.value) == (
        "survey",
        row_number,
        column,
        value,
    )
    assert words in error.message
    assert f"sheet 'survey', row {row_number}, column '{column}'" in str(error)


def test_mutual_cycle_between_two_questions_is_reported_as_cycle(make_form):
    survey = [
        ["integer", "a", "A", "", "", "", "", "", "", "", "${b} > 1"],
        ["integer", "b", "B", "", "", "", "", "", "", "", "${a} > 1"],
    ]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=survey))
    assert caught.value.row == 2 and caught.value.column == "relevant"
    assert "cyclic condition" in caught.value.message


def test_unclosed_and_unopened_groups_are_refused(make_form):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=SURVEY[:-1]))
    assert (caught.value.row, caught.value.column) == (20, "type")
    assert "never closed" in caught.value.message
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=[["integer", "n", "N"], ["end_group"]]))
    assert (caught.value.row, caught.value.column) == (3, "type")


def test_duplicate_choice_and_missing_picker_list_are_refused(make_form):
    choices = [*CHOICES, ["size", "sme", "SME again", ""]]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(choices=choices))
    error = caught.value
    assert (error.sheet, error.row, error.column, error.value) == ("choices", 15, "name", "sme")
    without_trl = [row for row in CHOICES if row[0] != "trl"]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(choices=without_trl))
    assert (caught.value.row, caught.value.column) == (12, "type")
    assert "placeholder row is enough" in caught.value.message


def test_language_column_without_code_is_refused(make_form):
    header = ["type", "name", "label::English"]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=[["integer", "n", "N"]], header=header))
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 1, "label::English")


def test_pyxform_errors_are_reraised_with_what_they_name(make_form):
    # a select_one with a list whose choice has no label is fine for us but a note without
    # a label is refused by pyxform; it names the row
    survey = [["integer", "n", "N"], ["note", "empty_note"]]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(make_form(survey=survey))
    assert caught.value.source == "form.xlsx" and caught.value.row == 3
    assert caught.value.sheet == "survey"


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    assert caught.value.source == "broken.xlsx"


def test_uploaded_content_reads_like_the_file(make_form):
    path = make_form()
    assert read_xlsform(path.read_bytes(), name="upload.xlsx") == read_xlsform(path)
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(b"\x00garbage", name="upload.xlsx")
    assert caught.value.source == "upload.xlsx"
