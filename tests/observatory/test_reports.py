"""Assessment reports: HTML and PDF with charts, peers, S3 diagram, supply and cited sources."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from clustera.errors import UnknownCodeError
from clustera.observatory import models
from clustera.observatory.reports import write_report

pytestmark = pytest.mark.django_db


def _code(world):
    return (
        models.RegionIndicator.objects.filter(result__dataset=world["employment"], result__level=2)
        .first()
        .region.code
    )


def test_html_report_has_every_section_and_citation(world, tmp_path):
    path = write_report(_code(world), "html", tmp_path / "report.html")
    html = path.read_text()
    for heading in (
        "Key figures",
        "Cluster stars and specialisation",
        "Benchmarking against peer regions",
        "Smart-specialisation diagram",
        "Technology watch",
        "Technology-centre supply",
        "Appendix: sources and methods",
    ):
        assert heading in html
    assert html.count("<svg") >= 4
    assert "Balland, P.-A., Boschma, R., Crespo, J., Rigby, D. (2019)" in html
    assert "Synthetic demo data" in html


def test_cli_writes_a_pdf_whose_text_names_the_region(world, tmp_path):
    from clustera.cli import main

    code = _code(world)
    out = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        main, ["report", "region", code, "--format", "pdf", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"Region {code}" in text and "Appendix: sources and methods" in text
    assert "Hidalgo" in text and len(PdfReader(out).pages) >= 2


def test_unknown_region_is_refused(world, tmp_path):
    with pytest.raises(UnknownCodeError, match="NOPE"):
        write_report("NOPE", "pdf", tmp_path / "x.pdf")


def test_report_button_runs_a_background_job_and_serves_the_pdf(client, world):
    code = _code(world)
    response = client.post(f"/observatory/regions/{code}/report/", {"format": "pdf"})
    job = models.Job.objects.get(kind="report")
    assert response.url == f"/observatory/jobs/{job.pk}/"
    assert job.status == "done" and job.output.endswith(".pdf")
    page = client.get(response.url).content.decode()
    assert "Download the report" in page
    download = client.get(f"/observatory/jobs/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert code in PdfReader(io.BytesIO(content)).pages[0].extract_text()


def test_the_report_is_written_in_the_readers_language(client, world):
    """The background job renders the report in the language of the page that asked for it."""
    code = _code(world)
    response = client.post(f"/de/observatory/regions/{code}/report/", {"format": "html"})
    job = models.Job.objects.get(kind="report")
    assert job.parameters["language"] == "de"
    assert response.url == f"/de/observatory/jobs/{job.pk}/"
    html = b"".join(client.get(f"/de/observatory/jobs/{job.pk}/download/").streaming_content)
    text = html.decode()
    assert '<html lang="de">' in text
    assert "Bewertungsbericht" in text and "Anhang: Quellen und Methoden" in text
    assert "Appendix: sources and methods" not in text
