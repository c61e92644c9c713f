"""Calls, applications and evaluation use cases: what they write, and what they refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnering.models import Notification
from clustera.partnerships import evaluation, services
from clustera.partnerships.models import Application, ApplicationPartner, Call, Score

pytestmark = pytest.mark.django_db


def test_an_editor_saves_and_publishes_a_call_with_its_criteria(roles, call_fields, criteria):
    call = services.save_call(roles["editor"], call_fields(), criteria)
    assert call.status == "draft"
    assert [c.name for c in call.criteria.all()] == ["Excellence", "Impact", "Implementation"]
    services.publish_call(roles["editor"], call)
    assert Call.objects.get().status == "published"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"countries": ["XA", "ZZ"]}, "countries"),
        ({"min_partners": 2, "min_countries": 3}, "min_countries"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"organisation_types": ["pirate"]}, "organisation_types"),
    ],
)
def test_a_call_with_bad_rules_is_refused_naming_the_field(
    roles, call_fields, criteria, overrides, field
):
    with pytest.raises(InvalidInputError) as refused:
        services.save_call(roles["editor"], call_fields(**overrides), criteria)
    assert refused.value.field == field
    assert not Call.objects.exists()


def test_associated_countries_come_from_the_setting(roles, settings, call_fields, criteria):
    settings.CLUSTERA_ASSOCIATED_COUNTRIES = ["NO"]
    assert (
        "NO" in services.eligible_country_choices() and "DE" in services.eligible_country_choices()
    )
    services.save_call(
        roles["editor"], call_fields(countries=["NO", "DE"], min_countries=2), criteria
    )
    settings.CLUSTERA_ASSOCIATED_COUNTRIES = []
    with pytest.raises(InvalidInputError, match="'NO'"):
        services.save_call(
            roles["editor"], call_fields(countries=["NO"], min_countries=1), criteria
        )


def test_invitations_notify_the_partner_admins_by_app_and_mail(application, roles, mailoutbox):
    assert Notification.objects.filter(user=roles["otheradmin"], text__contains="invites").exists()
    assert any("Invitation: Photonic value chains" in m.subject for m in mailoutbox)
    assert [m.to for m in mailoutbox] == [["o@example.org"], ["t@example.org"]]


def test_eligibility_explains_what_is_missing(call, roles, registry, abroad):
    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "Two countries")
    partner = services.invite_partner(roles["orgadmin"], draft, abroad["XB"])
    verdict = services.eligibility_of(draft)
    assert verdict.problems == ("needs 3 eligible partners, has 1", "needs 3 countries, has 1")
    services.answer_invitation(roles["otheradmin"], partner, True)
    assert services.eligibility_of(draft).problems == (
        "needs 3 eligible partners, has 2",
        "needs 3 countries, has 2",
    )


def test_submitting_an_ineligible_consortium_is_refused_and_nothing_changes(
    call, roles, registry, abroad
):
    draft = services.start_application(roles["orgadmin"], call, registry["ORG2"], "With Norway")
    services.update_application(roles["orgadmin"], draft, {"concept": "x"})
    for key, admin in (("XB", "otheradmin"),):
        services.answer_invitation(
            roles[admin], services.invite_partner(roles["orgadmin"], draft, abroad[key]), True
        )
    services.invite_partner(roles["orgadmin"], draft, abroad["NO"])
    ApplicationPartner.objects.filter(organisation=abroad["NO"]).update(status="accepted")
    with pytest.raises(InvalidInputError, match="Fjord Sensors: country NO is not eligible"):
        services.submit_application(roles["orgadmin"], draft)
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_a_submitted_application_is_frozen(application, roles):
    services.submit_application(roles["orgadmin"], application)
    with pytest.raises(InvalidInputError, match="frozen"):
        services.update_application(roles["orgadmin"], application, {"concept": "changed"})
    assert Application.objects.get(pk=application.pk).concept == "Lasers for farms"


def test_after_the_deadline_nothing_is_started_or_submitted(application, roles, call, registry):
    later = call.deadline + timedelta(minutes=1)
    with pytest.raises(InvalidInputError, match="deadline has passed"):
        services.submit_application(roles["orgadmin"], application, now=later)
    with pytest.raises(InvalidInputError, match="deadline"):
        services.start_application(roles["orgadmin"], call, registry["ORG2"], "Late", now=later)
    assert Application.objects.get(pk=application.pk).status == "draft"
    assert Application.objects.count() == 1


def test_withdrawal_is_recorded_with_its_reason(application, roles):
    services.submit_application(roles["orgadmin"], application)
    services.withdraw_application(roles["orgadmin"], application, "Partner left")
    found = Application.objects.get(pk=application.pk)
    assert (found.status, found.withdrawal_reason) == ("withdrawn", "Partner left")
    assert found.submitted is not None and found.withdrawn is not None


def _evaluate(roles, application, call, scores_by_user):
    for name, values in scores_by_user.items():
        evaluation.appoint_evaluator(roles["editor"], call, roles[name])
        assignment = evaluation.assign(roles["editor"], application, roles[name])
        evaluation.declare_no_conflict(roles[name], assignment)
        criteria = list(call.criteria.all())
        evaluation.submit_scores(
            roles[name], assignment, {c.pk: (v, f"on {c.name}") for c, v in zip(criteria, values)}
        )


def test_consensus_ranking_decision_and_notification(application, roles, call, mailoutbox):
    services.submit_application(roles["orgadmin"], application)
    _evaluate(roles, application, call, {"analyst": (4, 3, 2), "plain": (5, 4, 4)})
    row = evaluation.ranking(call)[0]
    # consensus: excellence 4.5, impact 3.5, implementation 3 -> 0.5*4.5 + 0.3*3.5 + 0.2*3 = 3.9
    assert row.consensus == {str(c.pk): v for c, v in zip(call.criteria.all(), (4.5, 3.5, 3.0))}
    assert row.result.assessment.total == pytest.approx(3.9) and row.result.rank == 1
    mailoutbox.clear()
    evaluation.decide(roles["editor"], application, True, "Strong value chain")
    found = Application.objects.get(pk=application.pk)
    assert (found.status, found.rank) == ("accepted", 1)
    assert found.final_score == pytest.approx(3.9)
    assert {m.to[0] for m in mailoutbox} == {"lead@example.org", "o@example.org", "t@example.org"}
    assert Notification.objects.filter(user=roles["orgadmin"], text__contains="accepted").exists()
    evaluation.publish_results(roles["editor"], call)
    stats = evaluation.statistics(call)
    assert (stats.submitted, stats.accepted, stats.countries) == (1, 1, 1)


def test_an_evaluator_from_an_applicant_organisation_is_refused(application, roles, call):
    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["otheradmin"])
    with pytest.raises(
        InvalidInputError, match="conflict of interest: a member of Baltic Robotics"
    ):
        evaluation.assign(roles["editor"], application, roles["otheradmin"])
    assert not application.assignments.exists()


def test_scores_need_the_declaration_and_every_criterion(application, roles, call):
    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["analyst"])
    assignment = evaluation.assign(roles["editor"], application, roles["analyst"])
    first = call.criteria.first()
    with pytest.raises(InvalidInputError, match="declare"):
        evaluation.submit_scores(roles["analyst"], assignment, {first.pk: (4, "")})
    evaluation.declare_no_conflict(roles["analyst"], assignment)
    with pytest.raises(InvalidInputError, match="no score for this criterion"):
        evaluation.submit_scores(roles["analyst"], assignment, {first.pk: (4, "")})
    with pytest.raises(NotAllowed):
        evaluation.submit_scores(roles["plain"], assignment, {first.pk: (4, "")})
    assert not Score.objects.exists()


def test_a_call_document_over_ten_mib_is_refused(call, roles):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("guide.pdf", b"x" * (services.MAX_DOCUMENT_BYTES + 1))
    with pytest.raises(InvalidInputError, match="10 MiB"):
        services.add_call_document(roles["editor"], call, "Guide", big)
    assert not call.documents.exists()


def test_countdown_counts_days_hours_minutes(call):
    now = call.deadline - timedelta(days=2, hours=3, minutes=4, seconds=5)
    assert services.countdown(call, now) == services.Countdown(True, 2, 3, 4)
    assert services.countdown(call, call.deadline + timedelta(seconds=1)).open is False
    assert timezone.is_aware(call.deadline)
