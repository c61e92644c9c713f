"""The gap analysis follows its inputs: a submitted answer or a changed centre service enqueues
``recompute_gaps`` (one pending job at a time); the pages and the region report show the dataset
version (fingerprint) and the time of computation."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from clustera.questionnaires import load_template
from clustera.registry.models import Service
from clustera.surveys import gap_store, services
from clustera.surveys.models import GapRun

from .test_gap_hand_case import hand_case  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

NEED = {
    "company_name": "Acme",
    "region": "R1",
    "nace": "C25",
    "company_size": "small",
    "technologies": ["ai"],
    "services": ["prototyping"],
    "trl": "5",
    "budget_band": "lt10k",
    "travel_km": 50,
    "languages": ["en"],
    "cross_border": "yes",
    "contact_consent": "yes",
    "contact_email": "a@example.org",
}


@pytest.fixture
def queued(settings):
    """The database task queue (as in production): jobs wait instead of running at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return lambda: DBTaskResult.objects.filter(
        task_path="clustera.surveys.tasks.recompute_gaps", status="READY"
    ).count()


def _sme_survey():
    from clustera.registry.models import Activity

    Activity.objects.create(scheme="NACE", code="C25", name="Fabricated metal products")
    return services.store_definition(load_template("sme_technology_needs"), slug="needs").survey


def test_a_submitted_answer_enqueues_one_recomputation_for_a_burst(
    hand_case,  # noqa: F811
    queued,
    django_capture_on_commit_callbacks,
):
    survey = _sme_survey()
    answers = dict(NEED)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(survey, answers)
    assert queued() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(survey, answers)
        services.submit(survey, answers)
    assert queued() == 1  # coalesced: the waiting job will see every answer


def test_answers_to_other_surveys_enqueue_nothing(
    survey, queued, django_capture_on_commit_callbacks
):
    from .conftest import GOOD

    with django_capture_on_commit_callbacks(execute=True):
        services.submit(survey, GOOD)
    assert queued() == 0


def test_a_changed_centre_service_is_recomputed(
    hand_case,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    first = gap_store.recompute_gaps()
    before = gap_store.rows(first, technology="ai", region="R1").get()
    service = Service.objects.get(key="S1")
    service.trl_min, service.trl_max = 7, 9  # same count, same ids: only the content changes
    with django_capture_on_commit_callbacks(execute=True):
        service.save()  # the immediate backend (tests) runs the job at once
    run = GapRun.objects.get()
    assert run.fingerprint != first.fingerprint
    after = gap_store.rows(run, technology="ai", region="R1").get()
    assert before.access == pytest.approx(0.5) and before.nearest_km is not None
    # the TRL 5 need has no capable centre any more
    assert (after.access, after.nearest_km, after.unmet) == (0.0, None, after.demand)


def test_a_changed_service_waits_as_one_job(
    hand_case,  # noqa: F811
    queued,
    django_capture_on_commit_callbacks,
):
    service = Service.objects.get(key="S1")
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Prototyping lab A", "Prototyping lab B"):
            service.name = name
            service.save()
    assert queued() == 1


def test_gap_pages_show_the_dataset_version_and_time(hand_case, client):  # noqa: F811
    run = gap_store.recompute_gaps()
    page = client.get("/observatory/gaps/").content.decode()
    assert run.fingerprint[:12] in page and "Computed" in page
    panel = client.get("/observatory/gaps/regions/R1/").content.decode()
    assert run.fingerprint[:12] in panel


def test_the_region_report_has_the_gap_section(hand_case, tmp_path, admin_user):  # noqa: F811
    from pypdf import PdfReader

    from clustera.observatory.reports import render_report_html, report_context

    run = gap_store.recompute_gaps()
    # an editor's report shows every cell; a visitor's hides cells of fewer than 5 answers
    visitor = render_report_html(report_context("R3"))
    visitor_section = visitor[visitor.index('id="gaps"') :]
    assert "&lt; 5" in visitor_section and "334 km" in visitor_section
    context = report_context("R3", reader=admin_user)
    html = render_report_html(context)
    assert "Technology needs and gaps" in html and run.fingerprint[:12] in html
    assert "Luo, W., Wang, F. (2003)" in html
    # R3 is beyond the centre's reach (100 km): its one need is unmet, the centre 334 km away
    section = html[html.index('id="gaps"') :]
    assert "<td>R3</td><td>Artificial intelligence</td><td>prototyping</td><td>4-6</td>" in section
    assert "<td>1.0</td><td>0.000</td><td>334 km</td>" in section
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(tmp_path / "r3.pdf"))
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "r3.pdf").pages)
    assert "Technology needs and gaps" in text and "Artificial intelligence" in text
