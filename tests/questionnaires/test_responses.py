"""Responses: the table export, SPSS read back with pyreadstat, LimeSurvey and EUSurvey imports."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyreadstat
import pytest

from clustera.questionnaires import load_template
from clustera.questionnaires.responses import responses_table, to_spss
from clustera.questionnaires.responses_import import (
    ResponsesImportError,
    read_eusurvey_csv,
    read_limesurvey_csv,
)

TODAY = dt.date(2026, 12, 5)
FIRST = {
    "company_name": "Precision Optics",
    "region": "DE11",
    "nace": "C26",
    "company_size": "small",
    "technologies": ["photonics"],
    "services": ["testing", "pilot_line"],
    "trl": "6",
    "budget_band": "unknown",
    "travel_km": 150,
    "cross_border": "yes",
    "languages": ["de", "en"],
    "obstacles": ["cost", "ip"],
    "start_date": "2027-03-01",
    "contact_consent": "yes",
    "contact_email": "info@optics.example",
}
SECOND = {
    "company_name": "Café Robotique",
    "region": "FR10",
    "nace": "C28",
    "company_size": "micro",
    "technologies": ["robotics"],
    "services": ["prototyping"],
    "trl": "4",
    "budget_band": "lt10k",
    "public_funding_share": 62.5,
    "travel_km": 40,
    "cross_border": "no",
    "languages": ["fr"],
    "contact_consent": "no",
}

# SECOND as the LimeSurvey and EUSurvey exports of the import tests give it: no funding share.
IMPORTED_CAFE = {key: value for key, value in SECOND.items() if key != "public_funding_share"}


@pytest.fixture(scope="module")
def form():
    return load_template("sme_technology_needs")


def test_table_has_one_row_per_response_and_one_column_per_question(form):
    table = responses_table(form, [FIRST, SECOND])
    questions = [q.name for q in form.questions()]
    assert list(table.columns) == questions and len(table) == 2
    assert table.loc[0, "services"] == "testing pilot_line"
    assert table.loc[1, "public_funding_share"] == 62.5
    assert pd.isna(table.loc[0, "public_funding_share"])
    assert table["travel_km"].dtype == "Int64"
    assert table.loc[1, "contact_email"] is None


def test_table_with_labels_in_a_language(form):
    table = responses_table(form, [FIRST], labels=True, language="de")
    assert table.loc[0, "company_size"] == "Klein (10 bis 49)"
    assert (
        table.loc[0, "obstacles"]
        == "Kosten; Bedenken wegen Vertraulichkeit oder geistigem Eigentum"
    )
    assert table.loc[0, "trl"].startswith("TRL 6:")
    assert table.loc[0, "technologies"] == "photonics"  # platform labels not passed: codes
    labelled = responses_table(
        form, [FIRST], labels=True, taxonomy_labels={"technology": {"photonics": "Photonics"}}
    )
    assert labelled.loc[0, "technologies"] == "Photonics"


def test_anonymised_table_leaves_out_personal_data(form):
    table = responses_table(form, [FIRST], personal_data=False)
    assert "contact_email" not in table.columns and "company_name" in table.columns


def test_spss_file_reads_back_with_values_and_labels(form, tmp_path):
    path = tmp_path / "needs.sav"
    to_spss(form, [FIRST, SECOND], path, language="fr")
    data, meta = pyreadstat.read_sav(str(path))
    assert len(data) == 2
    assert data.loc[0, "company_size"] == "small" and data.loc[1, "travel_km"] == 40
    assert data.loc[0, "start_date"] == pd.Timestamp("2027-03-01")
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["company_size"] == "Taille de l'entreprise"
    assert labels["obstacles_ip"].endswith(": Craintes pour la confidentialité ou la PI")
    assert meta.variable_value_labels["company_size"]["micro"] == "Micro (moins de 10 salariés)"
    # one 0/1 column per option of a form-list multiple choice, missing when unanswered
    assert data.loc[0, "obstacles_cost"] == 1 and data.loc[0, "obstacles_none"] == 0
    assert pd.isna(data.loc[1, "obstacles_cost"])


LIMESURVEY_HEADER = (
    '"id","submitdate","lastpage","startlanguage","seed","companyname","region","nace",'
    '"company_size","technologies[photonics]","technologies[robotics]","services[testing]",'
    '"services[prototyping]","trl","budget_band","travel_km","cross_border","languages[fr]",'
    '"contact_consent"'
)


def _limesurvey(tmp_path, *rows):
    path = tmp_path / "results-survey123.csv"
    path.write_text("\n".join([LIMESURVEY_HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def test_limesurvey_export_is_mapped_onto_the_definition(form, tmp_path):
    path = _limesurvey(
        tmp_path,
        '"1","2026-11-30 10:00:00","3","fr","42","Café Robotique","FR10","C28","micro","","Y",'
        '"","Y","4","lt10k","40","no","Y","no"',
        '"2","2026-11-30 11:00:00","3","en","43","Optics","DE11","C26","small","Y","N","Y","",'
        '"6","unknown","150.0","yes","Y","no"',
    )
    responses = read_limesurvey_csv(
        path, form, columns={"companyname": "company_name"}, today=TODAY
    )
    assert responses[0] == IMPORTED_CAFE
    assert responses[1]["technologies"] == ["photonics"] and responses[1]["travel_km"] == 150


def test_limesurvey_import_is_all_or_nothing_with_every_problem(form, tmp_path):
    path = _limesurvey(
        tmp_path,
        '"1","","3","fr","42","Robotique","FR10","C28","micro","","Y","","Y","4","lt10k","40",'
        '"no","Y","no"',
        '"2","","3","en","43","Optics","DE11","C26","giant","maybe","","Y","","12","unknown",'
        '"far","yes","Y","no"',
    )
    with pytest.raises(ResponsesImportError) as caught:
        read_limesurvey_csv(path, form, today=TODAY)
    problems = {(e.line, e.field, e.value) for e in caught.value.errors}
    assert (1, "companyname", None) in problems  # unknown column
    assert (3, "technologies[photonics]", "maybe") in problems
    assert (3, "travel_km", "far") in problems
    assert (3, "company_size", "giant") in problems
    assert (3, "trl", "12") in problems
    assert (2, "company_name", None) in problems  # required, and its column was not mapped
    assert all(e.source == "results-survey123.csv" for e in caught.value.errors)
    assert "nothing imported" in str(caught.value)


def test_eusurvey_export_matches_question_and_choice_texts(form, tmp_path):
    path = tmp_path / "Content_Export.csv"
    path.write_text(
        "Contribution ID;Company name;Région de votre site principal;nace;Company size;"
        "Which key enabling or advanced technologies do you need?;services;trl;budget_band;"
        "travel_km;cross_border;languages;contact_consent;Creation date\n"
        "a1b2;Café Robotique;FR10;C28;Micro (moins de 10 salariés);robotics;"
        "Prototypage;TRL 4: technology validated in lab;Less than EUR 10,000;40;Non;"
        "français;No;2026-11-30\n",
        encoding="utf-8",
    )
    responses = read_eusurvey_csv(path, form, today=TODAY)
    assert responses == [IMPORTED_CAFE]


def test_eusurvey_unknown_column_and_bad_cell_are_refused(form, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "Company name,Company size,Favourite colour,travel_km\nOptics,giant,blue,far\n",
        encoding="utf-8",
    )
    with pytest.raises(ResponsesImportError) as caught:
        read_eusurvey_csv(path, form)
    problems = {(e.line, e.field, e.value) for e in caught.value.errors}
    assert (1, "Favourite colour", None) in problems
    assert (2, "travel_km", "far") in problems
    # answers refused by the definition are reported under the file's own column heading
    assert (2, "Company size", "giant") in problems
    assert (2, "nace", None) in problems  # required, absent from the file
