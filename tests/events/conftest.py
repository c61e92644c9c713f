from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def people(users, registry, django_user_model):
    """The shared users plus the event's organiser (admin of ORG1), the admin of another
    participating organisation (ORG4) and an analyst."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership
    from clustera.registry.models import Organisation

    registry["ORG4"] = Organisation.objects.create(
        key="ORG4", name="Sensor Forge", type="sme", country="XB", city="Hill Town", is_public=True
    )
    organiser = django_user_model.objects.create_user("organiser", password="pw-organiser-1")
    OrganisationMembership.objects.create(
        user=organiser, organisation=registry["ORG1"], role="admin"
    )
    other = django_user_model.objects.create_user(
        "other", password="pw-other-1", email="other@x.example"
    )
    OrganisationMembership.objects.create(user=other, organisation=registry["ORG4"], role="admin")
    analyst = django_user_model.objects.create_user("analyst", password="pw-analyst-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    users["orgadmin"].email = "orgadmin@x.example"
    users["orgadmin"].save()
    return {**users, "organiser": organiser, "other": other, "analyst": analyst}


@pytest.fixture
def event(registry, people):
    """A published opt-in matchmaking event of ORG1 in a month: types, a question, 3 slots, 2 tables."""
    from clustera.events.meeting_plan import _new_session
    from clustera.events.models import Event, ParticipantType, Question

    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    found = Event.objects.create(
        title="Photonics Matchmaking",
        kind="matchmaking",
        starts=starts,
        ends=starts + timedelta(hours=8),
        city="Port City",
        country="XA",
        lat=50.2,
        lon=10.4,
        tables=2,
        online_url="https://meet.example.org/pm",
    )
    found.organisers.add(registry["ORG1"])
    sme = ParticipantType.objects.create(event=found, code="sme", label="SME", max_requests=3)
    authority = ParticipantType.objects.create(
        event=found, code="public_authority", label="Public authority"
    )
    authority.may_request.set([authority])
    ParticipantType.objects.create(event=found, code="cluster", label="Cluster", max_meetings=2)
    Question.objects.create(
        event=found, text="Looking for?", choices="Partners\nCustomers", required=True
    )
    _new_session(found, "Morning", starts + timedelta(hours=1), starts + timedelta(hours=2), 20)
    assert sme.pk
    return found


@pytest.fixture
def registered(event, registry, people):
    """ORG2 (orgadmin) and ORG4 (other) registered and confirmed as SMEs."""
    from clustera.events import services

    sme = event.participant_types.get(code="sme")
    question = event.questions.get()
    answers = {str(question.pk): "Partners"}
    return {
        "ORG2": services.register(people["orgadmin"], event, registry["ORG2"], sme, answers),
        "ORG4": services.register(people["other"], event, registry["ORG4"], sme, answers),
    }


@pytest.fixture
def bearer(people):
    """Authorization headers with a fresh API token for any of ``people``."""
    from clustera.accounts.models import ApiToken

    def headers(role: str) -> dict[str, str]:
        _, clear = ApiToken.issue(people[role], "test")
        return {"HTTP_AUTHORIZATION": f"Bearer {clear}"}

    return headers
