"""``clustera survey``: form round trip, exports in four formats, responses from LimeSurvey."""

from __future__ import annotations

import json

import pandas as pd
import pyreadstat
import pytest
from click.testing import CliRunner
from tests.surveys.conftest import GOOD

from clustera.cli import main
from clustera.surveys import services
from clustera.surveys.models import Response, Survey, SurveyVersion

pytestmark = pytest.mark.django_db


def _run(*args):
    result = CliRunner().invoke(main, ["survey", *map(str, args)])
    return result


def test_import_form_then_export_form_reimports_to_the_same_definition(form_file, tmp_path, db):
    first = _run("import-form", form_file, "--slug", "centre-use", "--draft")
    assert first.exit_code == 0, first.output
    assert "centre-use: version 1 (draft)" in first.output
    out = tmp_path / "exported.xlsx"
    assert _run("export-form", "centre-use", "--out", out).exit_code == 0
    again = _run("import-form", out, "--slug", "centre-use")
    assert again.exit_code == 0 and "version 1" in again.output
    assert SurveyVersion.objects.count() == 1  # the same definition: no new version


def test_a_malformed_form_is_refused_with_its_place(tmp_path, db):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "choices"
    book.save(tmp_path / "bad.xlsx")
    result = _run("import-form", tmp_path / "bad.xlsx")
    assert result.exit_code == 1
    assert "survey" in result.output and "nothing was written" in result.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "sav"])
def test_export_writes_one_row_per_response(survey, tmp_path, fmt):
    services.submit(
        survey, {**GOOD, "company": '=HYPERLINK("x")', "services": ["testing", "prototyping"]}
    )
    services.submit(survey, {**GOOD, "used": "no"})
    out = tmp_path / f"responses.{fmt}"
    result = _run("export", "three-pages", "--format", fmt, "--out", out)
    assert result.exit_code == 0 and "wrote 2 responses" in result.output
    if fmt == "csv":
        table = pd.read_csv(out, dtype=str)
    elif fmt == "xlsx":
        table = pd.read_excel(out, dtype=str)
    elif fmt == "json":
        table = pd.DataFrame(json.loads(out.read_text()))
    else:
        table, _ = pyreadstat.read_sav(out)
    assert len(table) == 2
    if fmt in ("csv", "xlsx"):
        assert table.loc[0, "company"] == '\'=HYPERLINK("x")'  # never evaluated
        assert table.loc[0, "services"] == "testing prototyping"
        assert pd.isna(table.loc[1, "centre_name"])


def test_labels_replace_choice_names_on_request(survey, tmp_path):
    services.submit(survey, GOOD)
    out = tmp_path / "labels.csv"
    assert _run("export", "three-pages", "--out", out, "--labels").exit_code == 0
    assert pd.read_csv(out).loc[0, "used"] == "Yes"


def test_limesurvey_responses_are_imported_all_or_nothing(survey, tmp_path):
    header = '"id","submitdate","company","used","services[testing]","services[prototyping]"'
    good = tmp_path / "good.csv"
    good.write_text(f'{header}\n"1","2026-11-30","Acme","no","Y","N"\n', encoding="utf-8")
    assert _run("import-responses", "three-pages", good, "--from", "limesurvey").exit_code == 0
    assert Response.objects.get().answers == {
        "company": "Acme",
        "used": "no",
        "services": ["testing"],
    }
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f'{header}\n"2","2026-11-30","Beta","no","Y","N"\n"3","2026-11-30","","maybe","Y","N"\n',
        encoding="utf-8",
    )
    result = _run("import-responses", "three-pages", bad, "--from", "limesurvey")
    assert result.exit_code == 1 and "line 3" in result.output
    assert Response.objects.count() == 1


def test_a_builder_made_survey_exports_and_reimports_to_the_same_definition(tmp_path, users):
    from clustera.questionnaires import Choice, Group, Question
    from clustera.surveys import selectors

    editor = users["editor"]
    survey = services.create_survey(
        slug="built", title="Built", languages=["en", "fr"], default_language="en", user=editor
    ).survey
    services.add_item(survey, None, Group("p1", label={"en": "One", "fr": "Un"}), user=editor)
    services.add_item(
        survey,
        "p1",
        Question("used", "select_one", {"en": "Used?", "fr": "Utilisé ?"}, required="yes"),
        choices=[Choice("yes", {"en": "Yes", "fr": "Oui"}), Choice("no", {"en": "No"})],
        user=editor,
    )
    services.add_item(survey, None, Group("p2", label={"en": "Two"}, relevant="${used} = 'yes'"))
    services.add_item(
        survey,
        "p2",
        Question("trl", "select_multiple", {"en": "TRL"}, list_name="trl", taxonomy="trl"),
        user=editor,
    )
    services.add_item(
        survey,
        "p2",
        Question("visits", "integer", {"en": "Visits"}, constraint=". >= 0", default="2"),
        user=editor,
    )
    version = services.publish(survey, user=editor)
    out = tmp_path / "built.xlsx"
    assert _run("export-form", "built", "--out", out).exit_code == 0
    again = _run("import-form", out, "--slug", "built")
    assert again.exit_code == 0, again.output
    assert SurveyVersion.objects.count() == 1  # the same definition: no new version
    copy = _run("import-form", out, "--slug", "built-copy")
    assert copy.exit_code == 0, copy.output
    imported = selectors.newest_version(Survey.objects.get(slug="built-copy"))
    assert imported.definition == version.definition
