"""Personal-data rights: everything about a person exported, and erased whole, across the apps."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.utils import timezone

from clustera.accounts.models import ApiToken, OrganisationMembership
from clustera.content.models import Follow
from clustera.portal import privacy
from clustera.registry.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(registry, django_user_model):
    """Ada, with data in several apps: a membership, a token, a follow, a contact, a response."""
    from clustera.surveys.models import Response, Survey, SurveyVersion

    ada = django_user_model.objects.create_user(
        "ada", email="ada.person@example.org", password="pw-ada-1", first_name="Ada"
    )
    OrganisationMembership.objects.create(user=ada, organisation=registry["ORG2"], role="admin")
    ApiToken.issue(ada, "notebook")
    Follow.objects.create(user=ada, target="region", target_id=1)
    Contact.objects.create(
        organisation=registry["ORG1"], name="Ada E.", email="ADA.person@example.org"
    )
    Contact.objects.create(organisation=registry["ORG1"], name="Bob", email="bob@example.org")
    survey = Survey.objects.create(slug="needs", title="Needs")
    version = SurveyVersion.objects.create(survey=survey, number=1, definition={})
    Response.objects.create(survey=survey, version=version, user=ada, resume_key="k1")
    Response.objects.create(
        survey=survey, version=version, email="ada.person@example.org", resume_key="k2"
    )
    Response.objects.create(survey=survey, version=version, resume_key="k3")  # somebody else
    ada.first_name = "Ada L."  # an audited change about the account
    ada.save()
    org = registry["ORG2"]
    from auditlog.context import set_actor

    with set_actor(ada):  # Ada changes her organisation: the audit names her
        org.city = "Ada Town"
        org.save()
    return ada


def test_the_export_holds_every_apps_records_of_the_person(person):
    data = privacy.export_person(person)
    assert data["format"] == "clustera-personal-data/1"
    assert (
        data["account"]["username"] == "ada"
        and data["account"]["email"] == "ada.person@example.org"
    )
    records = data["records"]
    assert len(records["accounts.OrganisationMembership (user)"]) == 1
    assert records["accounts.ApiToken (user)"][0]["fields"]["digest"] == "***"
    assert len(records["content.Follow (user)"]) == 1
    assert [c["fields"]["name"] for c in records["registry.Contact (email)"]] == ["Ada E."]
    assert len(records["surveys.Response (user)"]) == 1
    assert len(records["surveys.Response (email)"]) == 1
    assert any(e["fields"]["changes"].get("city") for e in records["auditlog.LogEntry (actor)"])
    assert records["auditlog.LogEntry (about the account)"]
    json.dumps(data, default=str)  # JSON-ready


def test_erasure_removes_the_person_and_keeps_the_audit_without_them(person, registry):
    from clustera.surveys.models import Response

    username, email, pk = person.username, person.email, person.pk
    counts = privacy.erase_person(person)
    assert counts["survey responses"] == 2 and counts["contacts"] == 1
    assert not get_user_model().objects.filter(pk=pk).exists()
    assert not OrganisationMembership.objects.filter(user_id=pk).exists()
    assert not ApiToken.objects.filter(user_id=pk).exists()
    assert list(Response.objects.values_list("resume_key", flat=True)) == ["k3"]
    assert set(Contact.objects.values_list("name", flat=True)) == {"Bob", "Ada Lumen"}
    # What Ada did stays recorded, without her; nothing in the audit names her any more.
    city_change = LogEntry.objects.get_for_object(registry["ORG2"]).filter(changes__has_key="city")
    assert city_change.get().actor is None
    for entry in LogEntry.objects.all():
        text = json.dumps(
            [entry.changes, entry.object_repr, entry.serialized_data, entry.actor_email]
        )
        assert username not in text.replace(privacy.ERASED, "") and email not in text
    erasure = LogEntry.objects.filter(object_pk=str(pk), additional_data__has_key="erasure")
    assert erasure.get().additional_data == {"erasure": "by the account holder"}


def test_erasure_is_whole_or_nothing(person, monkeypatch):
    from clustera.surveys.models import Response

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(person), "delete", fail)
    with pytest.raises(RuntimeError):
        privacy.erase_person(person)
    assert Response.objects.count() == 3
    assert Contact.objects.filter(email__iexact="ada.person@example.org").exists()
    assert LogEntry.objects.filter(actor=person).exists()


def test_the_my_data_page_downloads_and_erases(client, person):
    client.force_login(person)
    page = client.get("/accounts/me/data/")
    assert page.status_code == 200 and "registry.Contact (email)" in page.content.decode()
    download = client.get("/accounts/me/data/?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="clustera-my-data.json"'
    assert json.loads(download.content)["account"]["username"] == "ada"
    wrong = client.post("/accounts/me/data/", {"password": "nope", "confirm": "erase"})
    assert wrong.status_code == 422 and "This is not your password." in wrong.content.decode()
    unconfirmed = client.post("/accounts/me/data/", {"password": "pw-ada-1", "confirm": "yes"})
    assert unconfirmed.status_code == 422
    assert get_user_model().objects.filter(username="ada").exists()
    done = client.post("/accounts/me/data/", {"password": "pw-ada-1", "confirm": "erase"})
    assert done.status_code == 302
    assert not get_user_model().objects.filter(username="ada").exists()
    assert client.get("/accounts/me/data/").status_code == 302  # logged out


def test_the_my_data_page_needs_a_login(client):
    assert client.get("/accounts/me/data/").status_code == 302


def test_the_cli_exports_and_erases_on_request(person, tmp_path):
    from clustera.cli import main

    out = tmp_path / "ada.json"
    exported = CliRunner().invoke(main, ["privacy", "export", "ada", "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text())["account"]["email"] == "ada.person@example.org"
    unknown = CliRunner().invoke(main, ["privacy", "erase", "nobody", "--yes"])
    assert unknown.exit_code != 0 and "no account with the user name 'nobody'" in unknown.output
    erased = CliRunner().invoke(main, ["privacy", "erase", "ada", "--yes"])
    assert erased.exit_code == 0 and "survey responses 2" in erased.output
    assert not get_user_model().objects.filter(username="ada").exists()


def test_retention_deletes_old_unverified_accounts_and_old_audit_entries(
    settings, django_user_model
):
    from clustera.accounts import services

    settings.UNVERIFIED_ACCOUNT_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 365
    now = timezone.now()
    old = django_user_model.objects.create_user("old", is_active=False)
    django_user_model.objects.filter(pk=old.pk).update(date_joined=now - timedelta(days=31))
    django_user_model.objects.create_user("fresh", is_active=False)
    used = django_user_model.objects.create_user("used", is_active=False)
    django_user_model.objects.filter(pk=used.pk).update(
        date_joined=now - timedelta(days=90), last_login=now - timedelta(days=60)
    )
    LogEntry.objects.update(timestamp=now - timedelta(days=400))
    django_user_model.objects.create_user("recent-change")
    result = services.apply_retention(now)
    assert result["unverified accounts"] == 1 and result["audit entries"] >= 3
    assert set(django_user_model.objects.values_list("username", flat=True)) == {
        "fresh",
        "used",
        "recent-change",
    }
    assert LogEntry.objects.filter(timestamp__gte=now - timedelta(days=1)).exists()
    assert services.apply_retention(now) == {"unverified accounts": 0, "audit entries": 0}


def test_the_retention_job_is_scheduled_daily():
    from clustera.portal.periodic import declared_jobs

    jobs = {job.task_path: job.every for job in declared_jobs()}
    assert jobs["clustera.accounts.tasks.apply_retention"] == timedelta(days=1)
