"""File questions in the HTML form: an upload field, the size limit enforced with a clear error,
the file stored privately, downloadable only by organisers and analysts, gone with its response."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from clustera.surveys import services, uploads
from clustera.surveys.models import Response

from .test_permissions import READERS, ROLES, _login, people  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_survey(tmp_path, registry, settings):
    """One page: a name and a document of at most 0.01 MB (10 KB)."""
    settings.CLUSTERA_DATA_DIR = settings.DATA_DIR = tmp_path / "data"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in (
        ["type", "name", "label::English (en)", "required", "parameters"],
        ["begin_group", "doc", "Your document"],
        ["text", "company", "Company", "yes"],
        ["file", "plan", "Project plan", "", "max-file-size=0.01"],
        ["end_group"],
    ):
        sheet.append(row)
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_id", "version", "form_title"])
    settings_sheet.append(["docs", "1", "Documents"])
    workbook.create_sheet("choices").append(["list_name", "name", "label::English (en)"])
    workbook.save(tmp_path / "docs.xlsx")
    return services.import_form(tmp_path / "docs.xlsx", organiser=registry["ORG2"]).survey


def _answer(client, content: bytes, name: str = "plan.pdf"):
    client.get("/surveys/docs/")
    resume = client.post("/surveys/docs/", {"consent": "yes"})["Location"]
    page = client.get(resume).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file" ' in page.replace(">", " ")
    posted = client.post(
        resume,
        {
            "page": "0",
            "company": "Acme",
            "plan": SimpleUploadedFile(name, content),
            "action": "next",
        },
    )
    return resume, posted


def test_a_file_over_the_limit_is_refused_with_a_clear_error(client, file_survey):
    resume, posted = _answer(client, b"x" * 20_000)
    assert posted.status_code == 422
    text = posted.content.decode()
    assert "The file “plan.pdf” is 19.5 KB; at most 10.2 KB is accepted." in text
    response = Response.objects.get()
    assert "plan" not in response.answers and response.page == 0
    assert not (uploads.root() / str(response.pk)).exists()  # nothing stored


def test_a_file_within_the_limit_is_kept_privately_and_survives_the_next_save(
    client, file_survey, settings
):
    resume, posted = _answer(client, b"%PDF-1.4 plan")
    assert posted.status_code == 302
    response = Response.objects.get()
    answer = response.answers["plan"]
    assert (answer["name"], answer["size"]) == ("plan.pdf", 13)
    stored = uploads.path_of(response.pk, answer)
    assert stored.read_bytes() == b"%PDF-1.4 plan"
    assert not stored.is_relative_to(settings.MEDIA_ROOT)  # not under the public media folder
    # back to the page without a new file: the one sent stays
    again = client.get(f"{resume}?page=0").content.decode()
    assert "Sent: plan.pdf" in again
    client.post(resume, {"page": "0", "company": "Acme Ltd", "action": "next"})
    response.refresh_from_db()
    assert response.answers["plan"] == answer and response.answers["company"] == "Acme Ltd"
    client.post(resume, {"page": "1", "action": "submit"})
    response.refresh_from_db()
    assert response.status == "complete" and response.answers["plan"]["key"] == answer["key"]


@pytest.mark.parametrize("role", ROLES)
def test_only_organisers_and_analysts_download_the_file(client, file_survey, people, role):  # noqa: F811
    from django.test import Client

    respondent = Client()
    resume, _ = _answer(respondent, b"secret plan")
    respondent.post(resume, {"page": "1", "action": "submit"})
    response = Response.objects.get()
    _login(client, people, role)
    got = client.get(f"/surveys/docs/files/{response.pk}/plan/")
    results = client.get("/surveys/docs/results/").content.decode()
    link = f'href="/surveys/docs/files/{response.pk}/plan/"'
    assert (link in results) is (role in READERS)
    if role in READERS:
        assert got.status_code == 200 and b"".join(got.streaming_content) == b"secret plan"
        assert 'filename="plan.pdf"' in got["Content-Disposition"]
    else:
        assert got.status_code == 403
    # a question without a file, or another survey's response: not found
    assert client.get(f"/surveys/docs/files/{response.pk}/company/").status_code in (403, 404)


def test_erasing_the_response_deletes_its_file(client, file_survey):
    _answer(client, b"plan")
    response = Response.objects.get()
    stored = uploads.path_of(response.pk, response.answers["plan"])
    services.erase_respondent(response, resume_key=response.resume_key)
    assert not stored.exists()
