"""Survey use cases: versioned import, save and resume, atomic submit, invitations, erase,
retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone
from tests.surveys.conftest import GOOD, write_form

from clustera.surveys import services
from clustera.surveys.models import Invitation, Response, SurveyVersion

pytestmark = pytest.mark.django_db


def test_import_opens_the_survey_under_its_form_id(survey):
    assert survey.slug == "three-pages"
    assert survey.status == "open"
    assert survey.languages == ["en", "fr"]
    assert survey.versions.get().number == 1


def test_a_draft_import_is_not_open(tmp_path, registry):
    version = services.import_form(write_form(tmp_path / "f.xlsx"), slug="drafty", draft=True)
    assert version.survey.slug == "drafty" and version.survey.status == "draft"


def test_reimport_replaces_an_unanswered_version_but_a_new_version_is_added(survey, tmp_path):
    again = services.import_form(write_form(tmp_path / "same.xlsx"))
    assert again.number == 1 and SurveyVersion.objects.filter(survey=survey).count() == 1
    newer = services.import_form(write_form(tmp_path / "v2.xlsx", version="2"))
    assert newer.number == 2
    assert SurveyVersion.objects.filter(survey=survey).count() == 2


def test_an_answered_version_is_frozen_and_old_answers_keep_it(survey, tmp_path):
    response, _ = services.submit(survey, GOOD)
    path = write_form(tmp_path / "edited.xlsx")
    workbook_version = services.import_form(path)  # same XLSForm version, but answered
    # the definition did not change, so nothing new is stored
    assert workbook_version.number == 1
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["survey"]["C3"] = "Company name"  # an edit
    book.save(path)
    edited = services.import_form(path)
    assert edited.number == 2
    response.refresh_from_db()
    assert response.version.number == 1


def test_submit_drops_answers_to_questions_hidden_by_skip_logic(survey):
    answers = {**GOOD, "used": "no"}
    response, created = services.submit(survey, answers)
    assert created
    assert "centre_name" not in response.answers and "visits" not in response.answers
    assert response.answers["company"] == "Acme"
    assert response.status == "complete"


def test_submit_reports_every_error_and_stores_nothing(survey):
    with pytest.raises(services.AnswersInvalid) as error:
        services.submit(survey, {"used": "maybe", "visits": 400, "services": ["teleport"]})
    fields = {e["field"] for e in error.value.errors}
    assert {"company", "used", "services"} <= fields
    assert not Response.objects.exists()


def test_the_same_idempotency_key_stores_one_response(survey):
    first, created = services.submit(survey, GOOD, idempotency_key="k1")
    again, created_again = services.submit(survey, GOOD, idempotency_key="k1")
    assert created and not created_again and first.pk == again.pk
    assert Response.objects.count() == 1


def test_a_submission_killed_after_the_insert_leaves_nothing(survey):
    from django.db.models.signals import post_save

    def killed(sender, instance, **kwargs):
        assert Response.objects.filter(pk=instance.pk).exists()  # the row was written...
        raise IntegrityError("killed mid-submission")

    post_save.connect(killed, sender=Response)
    try:
        with pytest.raises(IntegrityError):
            services.submit(survey, GOOD)
    finally:
        post_save.disconnect(killed, sender=Response)
    assert not Response.objects.exists()  # ...and rolled back with the rest


def test_save_page_keeps_answers_and_skips_the_hidden_page(survey):
    response = services.start_response(survey, language="en", consent=True)
    assert services.save_page(response, 0, {"company": "Acme", "used": "no"}) == []
    response.refresh_from_db()
    assert response.answers == {"company": "Acme", "used": "no"}
    shown = services.pages(response.version, response.answers)
    assert [p.name for p in shown] == ["about", "needs"]
    assert response.page == 1
    errors = services.save_page(response, 1, {})
    assert [e["field"] for e in errors] == ["services"]
    assert services.save_page(response, 1, {"services": ["testing"], "trl": "4"}) == []
    assert services.finish(response) == []
    response.refresh_from_db()
    assert response.status == "complete" and response.answers["trl"] == "4"


def test_page_errors_name_the_field_in_the_respondents_language(survey):
    response = services.start_response(survey, language="fr", consent=True)
    errors = services.save_page(response, 0, {"used": "yes"})
    assert errors == [{"field": "company", "message": "Cette question est obligatoire."}]


def test_invitations_are_sent_once_with_their_link(survey, users, mailoutbox):
    sent = services.invite(
        survey, ["a@example.org", "A@example.org", "b@example.org"], user=users["orgadmin"],
        base_url="http://testserver/",
    )  # fmt: skip
    assert sent == 2 and len(mailoutbox) == 2
    token = Invitation.objects.get(email="a@example.org").token
    assert f"/surveys/three-pages/i/{token}/" in mailoutbox[0].body
    assert services.invite(survey, ["a@example.org"], user=users["orgadmin"], base_url="x") == 0


def test_an_invitation_answers_once(survey):
    invitation = Invitation.objects.create(survey=survey, email="a@example.org", token="t" * 20)
    services.start_response(survey, invitation=invitation)
    with pytest.raises(services.NotAllowed):
        services.start_response(survey, invitation=invitation)


def test_the_respondent_exports_and_erases_their_answers(survey):
    response, _ = services.submit(survey, GOOD)
    exported = services.export_respondent(response)
    assert exported["answers"]["company"] == "Acme" and exported["survey"] == "three-pages"
    with pytest.raises(services.NotAllowed):
        services.erase_respondent(response, resume_key="wrong")
    services.erase_respondent(response, resume_key=response.resume_key)
    assert not Response.objects.exists()


def test_purge_deletes_only_responses_past_their_retention(survey):
    old, _ = services.submit(survey, GOOD)
    recent, _ = services.submit(survey, GOOD)
    Response.objects.filter(pk=old.pk).update(updated=timezone.now() - dt.timedelta(days=400))
    assert services.purge_expired() == 1
    assert list(Response.objects.values_list("pk", flat=True)) == [recent.pk]


def test_organisers_set_the_retention_and_bad_values_name_their_field(survey, users):
    services.update_privacy(
        survey, purpose="Needs map", controller="ORG2", retention_days="30", user=users["orgadmin"]
    )
    survey.refresh_from_db()
    assert (survey.purpose, survey.controller, survey.retention_days) == ("Needs map", "ORG2", 30)
    for field, values in (
        ("retention_days", {"retention_days": "0"}),
        ("retention_days", {"retention_days": "ten"}),
        ("purpose", {"purpose": " "}),
        ("controller", {"controller": "x" * 301}),
    ):
        arguments = {"purpose": "P", "controller": "C", "retention_days": "7", **values}
        with pytest.raises(services.InvalidInputError) as error:
            services.update_privacy(survey, **arguments)
        assert error.value.field == field
    survey.refresh_from_db()
    assert survey.retention_days == 30  # nothing half-written


def test_the_daily_purge_is_declared_and_keeps_answers_within_retention(survey):
    from django.apps import apps
    from django.utils.module_loading import import_string

    from clustera.surveys import tasks

    path, interval, kwargs = apps.get_app_config("surveys").periodic_tasks[0]
    assert import_string(path) is tasks.purge_expired_responses
    assert interval == dt.timedelta(days=1) and kwargs == {}
    services.update_privacy(survey, purpose="P", controller="C", retention_days=30)
    expired, _ = services.submit(survey, GOOD)
    kept, _ = services.submit(survey, GOOD)
    Response.objects.filter(pk=expired.pk).update(updated=timezone.now() - dt.timedelta(days=31))
    Response.objects.filter(pk=kept.pk).update(updated=timezone.now() - dt.timedelta(days=29))
    assert tasks.purge_expired_responses.enqueue().return_value == 1
    assert list(Response.objects.values_list("pk", flat=True)) == [kept.pk]
    assert tasks.purge_expired_responses.enqueue().return_value == 0  # safe to run twice
