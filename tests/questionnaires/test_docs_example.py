"""The worked example of docs/surveys/xlsform.md gives what the page says."""

from __future__ import annotations

from pathlib import Path

from clustera.questionnaires import read_xlsform, validate_answers, visible_pages

from .conftest import write_workbook

DOC = Path(__file__).parents[2] / "docs" / "surveys" / "xlsform.md"
HEADER = [
    "type", "name", "label::English (en)", "label::Français (fr)", "required", "relevant",
    "constraint", "constraint_message::English (en)",
]  # fmt: skip
SURVEY = [
    ["begin_group", "firm", "Your firm", "Votre entreprise"],
    ["integer", "employees", "Employees", "Salariés", "yes", "", ". >= 0", "Cannot be negative"],
    ["end_group"],
    ["begin_group", "needs", "Needs", "Besoins", "", "${employees} > 0"],
    ["select_multiple service_type", "services", "Services", "Services", "yes", "", "count-selected(.) <= 2", "At most two"],
    ["select_one trl", "trl", "TRL", "TRL", "", "count-selected(${services}) > 0"],
    ["end_group"],
]  # fmt: skip


def test_worked_example(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    assert "| select_one trl | trl | TRL | TRL | | count-selected(${services}) > 0 |" in text
    path = write_workbook(
        tmp_path / "needs.xlsx",
        {
            "survey": [HEADER, *SURVEY],
            "choices": [
                ["list_name", "name", "label::English (en)", "label::Français (fr)"],
                ["service_type", "_platform", "(platform)", "(plateforme)"],
                ["trl", "_platform", "(platform)", "(plateforme)"],
            ],
            "settings": [
                ["form_id", "version", "form_title", "default_language"],
                ["needs", "1", "Needs", "English (en)"],
            ],
        },
    )
    form = read_xlsform(path)
    assert validate_answers(form, {"employees": 0, "services": ["testing"]}, language="en") == (
        {"employees": 0},
        [],
    )
    answers = {
        "employees": 8,
        "services": ["testing", "training", "prototyping"],
        "trl": "10",
        "colour": "blue",
    }
    assert validate_answers(form, answers, language="en") == (
        {"employees": 8},
        [
            {"field": "services", "message": "At most two"},
            {"field": "colour", "message": "Not a question of this survey."},
        ],
    )
    assert [page.name for page in visible_pages(form, {"employees": 8})] == ["firm", "needs"]
