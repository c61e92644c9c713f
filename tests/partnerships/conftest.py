"""A published call open to three synthetic countries, partners abroad, and more roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def abroad(registry):
    """Two public partner organisations in other countries (XB, XC) and one outside the call (NO)."""
    from clustera.registry.models import Organisation

    make = Organisation.objects.create
    return {
        "XB": make(
            key="ORG4", name="Baltic Robotics Cluster", type="cluster", country="XB", is_public=True
        ),
        "XC": make(
            key="ORG5",
            name="Carpathia Pilot Lines",
            type="technology_centre",
            country="XC",
            is_public=True,
        ),
        "NO": make(key="ORG6", name="Fjord Sensors", type="sme", country="NO", is_public=True),
    }


@pytest.fixture
def roles(users, abroad, django_user_model, settings):
    """The shared roles plus an admin of another organisation (ORG4) and an analyst."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership

    other = django_user_model.objects.create_user(
        "otheradmin", password="pw-other-1", email="o@example.org"
    )
    OrganisationMembership.objects.create(user=other, organisation=abroad["XB"], role="admin")
    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get_or_create(name="analyst")[0])
    third = django_user_model.objects.create_user(
        "thirdadmin", password="pw-third-1", email="t@example.org"
    )
    OrganisationMembership.objects.create(user=third, organisation=abroad["XC"], role="admin")
    # The tiny registry's countries stand for associated countries here.
    settings.CLUSTERA_ASSOCIATED_COUNTRIES = ["XA", "XB", "XC"]
    users["orgadmin"].email = "lead@example.org"
    users["orgadmin"].save()
    return {**users, "otheradmin": other, "analyst": analyst, "thirdadmin": third}


CRITERIA = [
    {"name": "Excellence", "weight": 0.5, "threshold": 3, "max_score": 5},
    {"name": "Impact", "weight": 0.3, "threshold": 3, "max_score": 5},
    {"name": "Implementation", "weight": 0.2, "threshold": 2, "max_score": 5},
]


def _call_fields(**overrides):
    fields = {
        "title": "Strategic partnerships for photonics",
        "summary": "Team up across regions",
        "text": "Clusters form partnerships.",
        "organisation_types": [],
        "countries": ["XA", "XB", "XC"],
        "min_partners": 3,
        "min_countries": 3,
        "deadline": timezone.now() + timedelta(days=10),
        "time_zone": "Europe/Brussels",
        "overall_threshold": 0.0,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def call_fields():
    """A function giving a call's fields, with overrides."""
    return _call_fields


@pytest.fixture
def criteria():
    """Three criteria: excellence 0.5, impact 0.3, implementation 0.2."""
    return [dict(row) for row in CRITERIA]


@pytest.fixture
def call(roles):
    """A published call, open for ten more days."""
    from clustera.partnerships import services

    found = services.save_call(roles["editor"], _call_fields(), CRITERIA)
    return services.publish_call(roles["editor"], found)


@pytest.fixture
def application(call, roles, registry, abroad):
    """A draft led by ORG2 with partners in XB and XC that accepted."""
    from clustera.partnerships import services

    found = services.start_application(
        roles["orgadmin"], call, registry["ORG2"], "Photonic value chains"
    )
    services.update_application(roles["orgadmin"], found, {"concept": "Lasers for farms"})
    for key, admin in (("XB", "otheradmin"), ("XC", "thirdadmin")):
        partner = services.invite_partner(roles["orgadmin"], found, abroad[key])
        services.answer_invitation(roles[admin], partner, True)
    return found


@pytest.fixture
def accepted(application, roles, call):
    """The application submitted, scored 4 on every criterion by the analyst, and accepted."""
    from clustera.partnerships import evaluation, services

    services.submit_application(roles["orgadmin"], application)
    evaluation.appoint_evaluator(roles["editor"], call, roles["analyst"])
    assignment = evaluation.assign(roles["editor"], application, roles["analyst"])
    evaluation.declare_no_conflict(roles["analyst"], assignment)
    evaluation.submit_scores(
        roles["analyst"], assignment, {c.pk: (4.0, "fine") for c in call.criteria.all()}
    )
    return evaluation.decide(roles["editor"], application, True, "Strong partnership")


@pytest.fixture
def partnership(accepted, roles):
    """The workspace opened from the accepted application by the lead's admin."""
    from clustera.partnerships import workspace

    accepted.value_chain = "Photonic components\nSystem integration\nField trials"
    accepted.save()
    return workspace.create_partnership(
        roles["orgadmin"], accepted.title, accepted.lead, accepted, theme="Photonics for agri-food"
    )
