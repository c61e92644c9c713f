"""Build XLSForm workbooks in the test's tmp dir (no binary fixtures in git)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

Sheet = Sequence[Sequence[object]]

SURVEY_HEADER = [
    "type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)",
    "required", "required_message::English (en)", "constraint",
    "constraint_message::English (en)", "constraint_message::Français (fr)", "relevant",
    "appearance", "parameters", "personal_data",
]  # fmt: skip

# A three-page form using every supported feature; rows are spreadsheet rows 2, 3, ...
SURVEY = [
    ["begin_group", "firm", "Your firm", "Votre entreprise"],
    ["note", "welcome", "Welcome", "Bienvenue"],
    ["text", "company", "Company", "Entreprise", "Legal name", "yes"],
    ["integer", "employees", "Employees", "Salariés", "", "yes", "How many?", ". >= 0 and . < 100000", "Between 0 and 99,999", "Entre 0 et 99 999"],
    ["select_one size", "size", "Size", "Taille", "", "yes"],
    ["select_one nace", "nace", "Activity", "Activité"],
    ["end_group"],
    ["begin_group", "needs", "Needs", "Besoins", "", "", "", "", "", "", "${employees} > 0"],
    ["select_multiple technology", "technologies", "Technologies", "Technologies", "", "yes"],
    ["select_multiple service_type", "services", "Services", "Services", "", "", "", "count-selected(.) <= 2", "At most two", "Au plus deux"],
    ["select_one trl", "trl", "TRL", "TRL", "", "${services} != ''", "", "", "", "", "count-selected(${services}) > 0"],
    ["decimal", "budget", "Budget (kEUR)", "Budget (kEUR)", "", "", "", ". > 0"],
    ["select_one agree", "satisfaction", "Satisfied?", "Satisfait ?", "", "", "", "", "", "", "", "likert"],
    ["begin_group", "importance", "Importance", "Importance", "", "", "", "", "", "", "", "table-list"],
    ["select_one agree", "cost", "Cost", "Coût"],
    ["select_one agree", "distance", "Distance", "Distance"],
    ["end_group"],
    ["end_group"],
    ["begin_group", "contact", "Contact", "Contact"],
    ["select_one yes_no", "consent", "May we contact you?", "Pouvons-nous vous contacter ?", "", "yes"],
    ["text", "email", "E-mail", "Courriel", "", "yes", "", "regex(., '^[^@ ]+@[^@ ]+$')", "Not an e-mail", "Pas un courriel", "selected(${consent}, 'yes')", "", "", "yes"],
    ["text", "comments", "Comments", "Commentaires", "", "", "", "", "", "", "", "multiline"],
    ["date", "start", "Start", "Début", "", "", "", ". >= '2026-01-01'"],
    ["file", "brochure", "Brochure", "Brochure", "", "", "", "", "", "", "", "", "max-file-size=2"],
    ["select_multiple language", "languages", "Languages", "Langues"],
    ["end_group"],
]  # fmt: skip

CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Français (fr)"],
    ["size", "micro", "Micro", "Micro"],
    ["size", "sme", "SME", "PME"],
    ["size", "large", "Large", "Grande"],
    ["agree", "1", "Disagree", "Pas d'accord"],
    ["agree", "2", "Neutral", "Neutre"],
    ["agree", "3", "Agree", "D'accord"],
    ["yes_no", "yes", "Yes", "Oui"],
    ["yes_no", "no", "No", "Non"],
    ["nace", "_platform", "(platform)", "(plateforme)"],
    ["technology", "_platform", "(platform)", "(plateforme)"],
    ["service_type", "_platform", "(platform)", "(plateforme)"],
    ["trl", "_platform", "(platform)", "(plateforme)"],
    ["language", "_platform", "(platform)", "(plateforme)"],
]

SETTINGS = [
    ["form_id", "version", "form_title", "form_title_fr", "default_language"],
    ["needs_demo", "7", "Needs", "Besoins", "English (en)"],
]


def write_workbook(path: Path, sheets: dict[str, Sheet]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    workbook.save(path)
    return path


@pytest.fixture
def make_form(tmp_path: Path) -> Callable[..., Path]:
    """``make_form(survey=..., choices=..., settings=...)``; the defaults are the 3-page form."""

    def make(
        survey: Sheet | None = None,
        choices: Sheet | None = None,
        settings: Sheet | None = None,
        name: str = "form.xlsx",
        header: Sequence[str] = SURVEY_HEADER,
    ) -> Path:
        sheets: dict[str, Sheet] = {}
        if survey is not False:
            sheets["survey"] = [list(header), *(SURVEY if survey is None else survey)]
        sheets["choices"] = CHOICES if choices is None else choices
        sheets["settings"] = SETTINGS if settings is None else settings
        return write_workbook(tmp_path / name, sheets)

    return make
