"""Small cells of the gap analysis (issue 14): a cell whose demand comes from fewer than 5 answers
is shown as "< 5", with its unmet demand, access and uncovered share withheld and left out of
totals, to everyone but analysts, editors and platform admins, on the pages, the map, the CSV,
the API and the region report.

Fixture: regions R1 (0°, 0°) and R2 (10° north, out of reach of each other), one prototyping
centre at R1; 3 complete SME-survey answers asking for AI prototyping at TRL 5 in R1 and 7 in
R2. R1's cell (3 answers) is small, R2's (7 answers) is not.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group

from clustera.accounts.models import ANALYST_GROUP
from clustera.registry.models import Region
from clustera.surveys import gap_disclosure, gap_report, gap_store

pytestmark = pytest.mark.django_db


def _square(lat: float) -> str:
    ring = [[0, lat], [1, lat], [1, lat + 1], [0, lat + 1], [0, lat]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def cells(prototyping_needs):
    for code, lat in (("R1", 0.0), ("R2", 10.0)):
        Region.objects.create(
            code=code, level=2, name=f"Region {code}", country="XX", label_lat=lat,
            label_lon=0.0, geometry=_square(lat),
        )  # fmt: skip
    answers = [("R1", n) for n in range(3)] + [("R2", n) for n in range(7)]
    prototyping_needs((f"{region}-{number}", region) for region, number in answers)
    run = gap_store.recompute_gaps()
    demand = {r.region: r.demand for r in gap_store.rows(run, technology="ai")}
    assert demand == {"R1": 3.0, "R2": 7.0}  # the fixture has the cells it claims
    return run


@pytest.fixture
def analyst(django_user_model):
    user = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    user.groups.add(Group.objects.get_or_create(name=ANALYST_GROUP)[0])
    return user


@pytest.fixture
def plain(django_user_model):
    return django_user_model.objects.create_user("someone", password="pw-someone-1")


def test_the_rule_names_who_sees_small_cells(analyst, plain, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    root = django_user_model.objects.create_superuser("root", password="pw-root-1")
    editor = django_user_model.objects.create_user("ed", password="pw-ed-1")
    editor.groups.add(Group.objects.get_or_create(name="editor")[0])
    assert [gap_disclosure.sees_small_cells(u) for u in (analyst, root, editor)] == [True] * 3
    assert not gap_disclosure.sees_small_cells(plain)
    assert not gap_disclosure.sees_small_cells(AnonymousUser())
    assert not gap_disclosure.sees_small_cells(None)
    assert [gap_disclosure.is_small(d) for d in (0, 1, 4, 4.0, 5, 7, None)] == [
        False, True, True, True, False, False, False,
    ]  # fmt: skip


def _api(client) -> dict[str, dict]:
    body = client.get("/api/gaps?technology=ai").json()
    return {item["region"]: item for item in body["items"]}


def test_the_api_withholds_the_small_cell_from_visitors(cells, client, analyst):
    items = _api(client)
    assert items["R1"]["suppressed"] is True
    assert [items["R1"][k] for k in ("demand", "unmet", "access", "uncovered_share")] == [None] * 4
    assert items["R1"]["supply"] == 1.0 and items["R1"]["nearest_km"] == pytest.approx(0.0)
    assert items["R2"]["suppressed"] is False and items["R2"]["demand"] == 7.0
    assert items["R2"]["unmet"] == pytest.approx(7.0)
    # the small cell comes last, whatever its unmet demand: its rank would bound it
    order = [i["region"] for i in client.get("/api/gaps?technology=ai").json()["items"]]
    assert order == ["R2", "R1"]
    client.force_login(analyst)
    items = _api(client)
    assert items["R1"]["suppressed"] is False and items["R1"]["demand"] == 3.0
    assert items["R1"]["unmet"] == pytest.approx(2.0) and items["R1"]["access"] == 1 / 3


def test_the_schema_documents_the_nullable_demand_and_the_flag(client):
    schema = client.get("/api/openapi.json").json()
    gap = schema["components"]["schemas"]["GapOut"]["properties"]
    assert "fewer than 5 answers" in gap["suppressed"]["description"]
    assert {"type": "null"} in gap["demand"]["anyOf"]


def _row(page: str, region: str) -> str:
    start = page.index(f"({region})</a>")
    return page[start : page.index("</tr>", start)]


def test_the_technology_page_shows_less_than_5_to_visitors(cells, client, analyst):
    page = client.get("/observatory/gaps/ai/").content.decode()
    small = _row(page, "R1")
    assert "&lt;&nbsp;5" in small and ">3<" not in small and "2.0" not in small
    assert "<td>7</td>" in _row(page, "R2") and 'id="small-cells"' in page
    client.force_login(analyst)
    page = client.get("/observatory/gaps/ai/").content.decode()
    assert "<td>3</td>" in _row(page, "R1") and "&lt;&nbsp;5" not in page
    assert 'id="small-cells"' not in page


def test_the_index_leaves_small_cells_out_of_totals(cells, client, analyst):
    page = client.get("/observatory/gaps/").content.decode()
    assert "<td>7 <span" in page and "(and 1 cell of fewer than 5 answers)" in page
    client.force_login(analyst)
    page = client.get("/observatory/gaps/").content.decode()
    assert "<td>10</td>" in page and "fewer than 5 answers)" not in page


def test_the_region_panel_suppresses_the_small_cell(cells, client, analyst):
    panel = client.get("/observatory/gaps/regions/R1/").content.decode()
    assert "&lt;&nbsp;5" in panel and "<td>3</td>" not in panel and "2.0" not in panel
    client.force_login(analyst)
    panel = client.get("/observatory/gaps/regions/R1/").content.decode()
    assert "<td>3</td>" in panel and "<td>2.0</td>" in panel


def test_the_map_classes_the_small_region_as_suppressed(cells, client, analyst):
    def regions(measure: str) -> dict[str, dict]:
        body = client.get(f"/observatory/gaps/ai/map.json?measure={measure}").json()
        return {f["properties"]["code"]: f["properties"] for f in body["regions"]["features"]}

    for measure in ("unmet", "access"):
        shown = regions(measure)
        assert shown["R1"]["suppressed"] is True and shown["R1"]["value"] is None
        assert shown["R2"]["suppressed"] is False and shown["R2"]["value"] is not None
    client.force_login(analyst)
    shown = regions("unmet")
    assert shown["R1"]["suppressed"] is False and shown["R1"]["value"] == pytest.approx(2.0)


def _csv(client) -> dict[str, dict]:
    response = client.get("/observatory/gaps/ai/gaps.csv")
    assert response["Content-Type"].startswith("text/csv")
    return {r["region"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}


def test_the_csv_download_suppresses_likewise(cells, client, analyst):
    rows = _csv(client)
    assert rows["R1"]["suppressed"] == "true"
    assert [rows["R1"][k] for k in ("demand", "unmet", "access", "uncovered_share")] == [""] * 4
    assert rows["R2"]["demand"] == "7.0" and rows["R2"]["suppressed"] == "false"
    client.force_login(analyst)
    rows = _csv(client)
    assert rows["R1"]["demand"] == "3.0" and rows["R1"]["suppressed"] == "false"
    assert client.get("/observatory/gaps/nope/gaps.csv").status_code == 404


def test_the_report_section_suppresses_for_its_reader(cells, analyst, plain):
    region = Region.objects.get(code="R1")
    html, _citations = gap_report.region_section(region, None)
    assert "&lt;&nbsp;5" in html and "<td>3</td>" not in html and "<td>2.0</td>" not in html
    html, _citations = gap_report.region_section(region, plain)
    assert "&lt;&nbsp;5" in html
    html, _citations = gap_report.region_section(region, analyst)
    assert "<td>3</td>" in html and "<td>2.0</td>" in html and "&lt;&nbsp;5" not in html


def test_the_pdf_report_of_a_visitor_and_of_an_analyst(cells, client, analyst, plain):
    from pypdf import PdfReader

    from clustera.observatory import models

    def pdf_text() -> tuple[str, int]:
        response = client.post("/observatory/regions/R1/report/", {"format": "pdf"})
        job = models.Job.objects.filter(kind="report").latest("pk")
        assert response.status_code == 302 and job.status == "done", job.message
        content = b"".join(client.get(f"/observatory/jobs/{job.pk}/download/").streaming_content)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        return " ".join(text.split()), job.pk

    text, _pk = pdf_text()
    assert "Technology needs and gaps" in text and "< 5" in text
    client.force_login(analyst)
    text, pk = pdf_text()
    assert "Technology needs and gaps" in text and "< 5" not in text
    # the analyst's report is theirs: another reader may not download it
    client.force_login(plain)
    assert client.get(f"/observatory/jobs/{pk}/download/").status_code == 404
