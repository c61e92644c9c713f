"""A three-page survey with skip logic, built as an XLSForm workbook in the test's tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

HEADER = [
    "type", "name", "label::English (en)", "label::Français (fr)", "required", "constraint",
    "constraint_message::English (en)", "relevant", "personal_data",
]  # fmt: skip

# Page 2 is shown only to firms that have used a technology centre.
SURVEY = [
    ["begin_group", "about", "About you", "À propos de vous"],
    ["text", "company", "Company", "Entreprise", "yes"],
    ["select_one yes_no", "used", "Have you used a technology centre?", "Avez-vous déjà fait appel à un centre technologique ?", "yes"],
    ["end_group"],
    ["begin_group", "centre", "Your centre", "Votre centre", "", "", "", "${used} = 'yes'"],
    ["text", "centre_name", "Which centre?", "Quel centre ?", "yes"],
    ["integer", "visits", "Visits per year", "Visites par an", "", ". >= 0 and . <= 365", "From 0 to 365"],
    ["end_group"],
    ["begin_group", "needs", "Your needs", "Vos besoins"],
    ["select_multiple service_type", "services", "Services you need", "Services dont vous avez besoin", "yes"],
    ["select_one trl", "trl", "TRL", "TRL"],
    ["text", "email", "E-mail", "Courriel", "", "", "", "", "yes"],
    ["end_group"],
]  # fmt: skip

CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Français (fr)"],
    ["yes_no", "yes", "Yes", "Oui"],
    ["yes_no", "no", "No", "Non"],
    ["service_type", "_platform", "(platform)", "(plateforme)"],
    ["trl", "_platform", "(platform)", "(plateforme)"],
]


def write_form(path: Path, version: str = "1", form_id: str = "three_pages") -> Path:
    """The three-page form as an .xlsx at ``path``."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    settings = [
        ["form_id", "version", "form_title", "form_title_fr", "default_language"],
        [form_id, version, "Centre use", "Recours aux centres", "English (en)"],
    ]
    for title, rows in {
        "survey": [HEADER, *SURVEY],
        "choices": CHOICES,
        "settings": settings,
    }.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    workbook.save(path)
    return path


@pytest.fixture
def form_file(tmp_path):
    return write_form(tmp_path / "three_pages.xlsx")


@pytest.fixture
def survey(db, form_file, registry):
    """The three-page survey, open and public, organised by ORG2 (whose admin is ``orgadmin``)."""
    from clustera.surveys import services

    return services.import_form(form_file, organiser=registry["ORG2"]).survey


@pytest.fixture
def prototyping_needs(db):
    """Make a gap case: one centre at (0°, 0°) with an AI prototyping service at TRL 4-6, and the
    SME needs survey with a complete answer asking for it at TRL 5 per (resume key, region)."""
    from clustera.questionnaires import load_template
    from clustera.registry.models import Organisation, Service, Technology
    from clustera.surveys import services
    from clustera.surveys.models import Response

    def create(answers):
        ai = Technology.objects.create(scheme="TEST", code="ai", name="Artificial intelligence")
        centre = Organisation.objects.create(
            key="C1", name="Centre", type="technology_centre", country="XX", lat=0.0, lon=0.0,
            languages=["en"],
        )  # fmt: skip
        Service.objects.create(
            key="S1", organisation=centre, kind="service", name="Prototyping lab", technology=ai,
            trl_min=4, trl_max=6,
        )  # fmt: skip
        version = services.store_definition(load_template("sme_technology_needs"), slug="needs")
        for resume_key, region in answers:
            Response.objects.create(
                survey=version.survey, version=version, resume_key=resume_key, status="complete",
                answers={"region": region, "technologies": ["ai"], "services": ["prototyping"],
                         "trl": "5", "languages": ["en"]},
            )  # fmt: skip

    return create


GOOD = {
    "company": "Acme",
    "used": "yes",
    "centre_name": "TC One",
    "visits": 3,
    "services": ["testing"],
}
