"""Who may do what with events: every role, every action (pages and API).

Roles: anonymous, plain user, member of a private organisation (ORG3), admin of a participant
(orgadmin, ORG2), admin of another participant (other, ORG4), the organiser (admin of ORG1),
editor, analyst, superuser. Hidden objects are 404, refused actions 403, missing login 401
(API) or a redirect to the login page.
"""

from __future__ import annotations

import pytest

from clustera.events import services
from clustera.events.models import MeetingRequest

pytestmark = pytest.mark.django_db

ROLES = ("plain", "member", "orgadmin", "other", "organiser", "editor", "analyst", "root")


def _login(client, people, role):
    if role:
        client.force_login(people[role])


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("plain", 404), ("member", 404), ("orgadmin", 404), ("other", 404),
     ("organiser", 200), ("editor", 200), ("analyst", 404), ("root", 200)],
)  # fmt: skip
def test_an_unpublished_event_is_seen_by_its_organisers_only(client, event, people, role, status):
    event.is_published = False
    event.save()
    _login(client, people, role)
    assert client.get(f"/events/{event.pk}/").status_code == status
    listed = client.get("/api/events").json()["count"]
    assert listed == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("plain", 403), ("member", 403), ("orgadmin", 403), ("other", 403),
     ("organiser", 200), ("editor", 200), ("analyst", 403), ("root", 200)],
)  # fmt: skip
def test_organiser_pages(client, event, registered, people, role, status):
    _login(client, people, role)
    for page in ("manage/", "table-plan/", "check-in/"):
        assert client.get(f"/events/{event.pk}/{page}").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("plain", 403), ("member", 403), ("orgadmin", 403), ("other", 403),
     ("organiser", 202), ("editor", 202), ("analyst", 403), ("root", 202)],
)  # fmt: skip
def test_scheduling(client, event, registered, people, bearer, role, status):
    headers = bearer(role) if role else {}
    response = client.post(
        f"/api/events/{event.pk}/schedule",
        {"time_limit": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("plain", 404), ("member", 404), ("orgadmin", 200), ("other", 404),
     ("organiser", 200), ("editor", 200), ("analyst", 404), ("root", 200)],
)  # fmt: skip
def test_a_participants_agenda_and_requests(client, registered, people, bearer, role, status):
    headers = bearer(role) if role else {}
    entry = registered["ORG2"]
    assert client.get(f"/api/registrations/{entry.pk}/agenda", **headers).status_code == status
    assert client.get(f"/api/registrations/{entry.pk}/requests", **headers).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("plain", 404), ("member", 404), ("orgadmin", 201), ("other", 404),
     ("organiser", 403), ("editor", 201), ("analyst", 404), ("root", 201)],
)  # fmt: skip
def test_sending_a_request_for_orgadmins_organisation(
    client, registered, people, bearer, role, status
):
    headers = bearer(role) if role else {}
    response = client.post(
        f"/api/registrations/{registered['ORG2'].pk}/requests",
        {"receiver": registered["ORG4"].pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == status
    assert MeetingRequest.objects.exists() is (status == 201)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("plain", 404), ("member", 404), ("orgadmin", 403), ("other", 200),
     ("organiser", 403), ("editor", 200), ("analyst", 404), ("root", 200)],
)  # fmt: skip
def test_answering_a_request_received_by_other(client, registered, people, bearer, role, status):
    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    headers = bearer(role) if role else {}
    response = client.post(
        f"/api/requests/{found.pk}/answer",
        {"accept": True},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == status
    found.refresh_from_db()
    assert (found.status == "accepted") is (status == 200)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("plain", False), ("member", False), ("orgadmin", True), ("other", False),
     ("organiser", True), ("editor", True), ("analyst", False), ("root", True)],
)  # fmt: skip
def test_cancelling_orgadmins_registration(registered, people, role, allowed):
    entry = registered["ORG2"]
    if allowed:
        assert services.cancel_registration(people[role], entry).status == "cancelled"
    else:
        with pytest.raises(services.NotAllowed):
            services.cancel_registration(people[role], entry)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("plain", 403), ("member", 403), ("orgadmin", 201), ("other", 403),
     ("organiser", 403), ("editor", 201), ("analyst", 403), ("root", 201)],
)  # fmt: skip
def test_registering_orgadmins_organisation(client, event, registry, people, bearer, role, status):
    headers = bearer(role) if role else {}
    payload = {
        "organisation": registry["ORG2"].pk,
        "participant_type": "sme",
        "answers": {str(event.questions.get().pk): "Partners"},
    }
    response = client.post(
        f"/api/events/{event.pk}/registrations", payload, content_type="application/json", **headers
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("plain", 403), ("orgadmin", 403), ("other", 403), ("organiser", 200),
     ("editor", 200), ("analyst", 403), ("root", 200)],
)  # fmt: skip
def test_checking_in_by_code(client, event, registered, people, role, status):
    _login(client, people, role)
    code = registered["ORG2"].checkin_code
    response = client.post(f"/events/{event.pk}/check-in/", {"code": code})
    assert response.status_code == status
    registered["ORG2"].refresh_from_db()
    assert (registered["ORG2"].checked_in is not None) is (status == 200)


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), ("plain", 404), ("orgadmin", 200), ("other", 200), ("organiser", 404)],
)  # fmt: skip
def test_personal_pages_need_a_registration(client, event, registered, people, role, status):
    _login(client, people, role)
    for page in ("agenda/", "badge/", "requests/"):
        assert client.get(f"/events/{event.pk}/{page}").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 401), ("plain", 403), ("member", 403), ("orgadmin", 403), ("other", 403),
     ("organiser", 201), ("editor", 201), ("analyst", 403), ("root", 201)],
)  # fmt: skip
def test_creating_an_event_for_org1(client, registry, people, bearer, role, status):
    headers = bearer(role) if role else {}
    payload = {
        "organiser": registry["ORG1"].pk,
        "title": "Photonics Summit",
        "kind": "summit",
        "starts": "2031-06-01T09:00:00+02:00",
        "ends": "2031-06-01T17:00:00+02:00",
        "timezone": "Europe/Berlin",
    }
    response = client.post("/api/events", payload, content_type="application/json", **headers)
    assert response.status_code == status
    if status == 201:
        assert response.json()["starts"].startswith("2031-06-01T07:00")
        assert response.json()["organisers"] == [registry["ORG1"].pk]


@pytest.mark.parametrize(
    ("role", "page", "api"),
    [(None, 302, 403), ("plain", 403, 403), ("member", 403, 403), ("orgadmin", 403, 403),
     ("other", 403, 403), ("organiser", 200, 200), ("editor", 200, 200), ("analyst", 403, 403),
     ("root", 200, 200)],
)  # fmt: skip
def test_statistics_csv_and_api_are_for_organisers(
    client, event, registered, people, bearer, role, page, api
):
    _login(client, people, role)
    csv_status = client.get(f"/events/{event.pk}/manage/statistics.csv").status_code
    client.logout()
    headers = bearer(role) if role else {}
    answer = client.get(f"/api/events/{event.pk}/statistics", **headers)
    assert (csv_status, answer.status_code) == (page, api)
