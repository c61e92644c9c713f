"""Events API: lists as {count, items}, 401/403/404/422, agendas, the schedule, query counts."""

from __future__ import annotations

import pytest

from clustera.events import services

pytestmark = pytest.mark.django_db


def test_events_list_and_filters(client, event, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        body = client.get("/api/events?kind=matchmaking").json()
    assert body["count"] == 1 and body["items"][0]["title"] == "Photonics Matchmaking"
    assert body["items"][0]["organisers"] == [event.organisers.get().pk]
    assert client.get("/api/events?kind=webinar").json()["count"] == 0
    assert client.get("/api/events?limit=0").status_code == 422
    assert client.get(f"/api/events/{event.pk}").json()["participants"] == 0
    assert client.get("/api/events/999999").status_code == 404


def test_registering_through_the_api(client, event, registry, bearer):
    url = f"/api/events/{event.pk}/registrations"
    payload = {"organisation": registry["ORG2"].pk, "participant_type": "sme"}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    headers = bearer("orgadmin")
    missing = client.post(url, payload, content_type="application/json", **headers)
    assert missing.status_code == 422 and "q" in missing.json()["detail"]
    payload["answers"] = {str(event.questions.get().pk): "Partners"}
    created = client.post(url, payload, content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    listed = client.get(url).json()
    assert listed["count"] == 1 and listed["items"][0]["organisation_name"] == "Lumen Optics"
    other = client.post(
        url,
        {**payload, "organisation": registry["ORG1"].pk},
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 403


def test_requests_answers_agenda_and_schedule(client, event, registered, bearer):
    sender = registered["ORG2"]
    body = {"receiver": registered["ORG4"].pk, "message": "Hi", "must_meet": True}
    created = client.post(
        f"/api/registrations/{sender.pk}/requests",
        body,
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert created.status_code == 201 and created.json()["status"] == "pending"
    request_id = created.json()["id"]
    refused = client.post(
        f"/api/requests/{request_id}/answer",
        {"accept": True},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert refused.status_code == 403  # the sender cannot accept its own request
    accepted = client.post(
        f"/api/requests/{request_id}/answer",
        {"accept": True},
        content_type="application/json",
        **bearer("other"),
    )
    assert accepted.json()["status"] == "accepted"
    schedule = client.post(
        f"/api/events/{event.pk}/schedule",
        {"mode": "all", "time_limit": 1},
        content_type="application/json",
        **bearer("organiser"),
    )
    assert schedule.status_code == 202 and schedule.json()["summary"]["meetings"] == 1
    agenda = client.get(f"/api/registrations/{sender.pk}/agenda", **bearer("orgadmin")).json()
    assert agenda["count"] == 1 and agenda["items"][0]["partner_name"] == "Sensor Forge"
    requests = client.get(f"/api/registrations/{sender.pk}/requests", **bearer("orgadmin")).json()
    assert requests["count"] == 1 and requests["items"][0]["must_meet"] is True


def test_bounds_are_checked(client, event, registered, bearer):
    too_long = client.post(
        f"/api/registrations/{registered['ORG2'].pk}/requests",
        {"receiver": registered["ORG4"].pk, "message": "x" * 2001},
        content_type="application/json",
        **bearer("orgadmin"),
    )
    assert too_long.status_code == 422
    slow = client.post(
        f"/api/events/{event.pk}/schedule",
        {"time_limit": 500},
        content_type="application/json",
        **bearer("organiser"),
    )
    assert slow.status_code == 422
    assert services.checkin_token(registered["ORG2"])


def test_creating_an_event_refuses_bad_times_naming_the_field(client, registry, bearer):
    payload = {
        "organiser": registry["ORG1"].pk,
        "title": "Backwards",
        "kind": "workshop",
        "starts": "2031-06-02T09:00:00+00:00",
        "ends": "2031-06-01T09:00:00+00:00",
    }
    backwards = client.post(
        "/api/events", payload, content_type="application/json", **bearer("organiser")
    )
    assert backwards.status_code == 422 and "'ends'" in backwards.json()["detail"]
    payload["ends"], payload["timezone"] = "2031-06-02T17:00:00+00:00", "Mars/Olympus"
    unknown = client.post(
        "/api/events", payload, content_type="application/json", **bearer("organiser")
    )
    assert unknown.status_code == 422 and "Mars/Olympus" in unknown.json()["detail"]


def test_statistics_count_registrations_requests_meetings_and_outcomes(
    client, event, registered, people, bearer
):
    from clustera.events import meeting_plan

    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    meeting = meeting_plan.book_slot(
        people["orgadmin"], found, meeting_plan.bookable_slots(found)[0]
    )
    services.report_follow_up(people["orgadmin"], meeting, registered["ORG2"], "cooperation")
    services.report_follow_up(people["other"], meeting, registered["ORG4"], "agreement")
    services.check_in(people["organiser"], event, code=registered["ORG2"].checkin_code)
    answer = client.get(f"/api/events/{event.pk}/statistics", **bearer("organiser")).json()
    assert answer["registrations"] == 2 and answer["by_type"] == [{"group": "SME", "count": 2}]
    assert answer["by_country"] == [{"group": "XA", "count": 1}, {"group": "XB", "count": 1}]
    assert answer["requests"]["sent"] == 1 and answer["requests"]["accepted"] == 1
    assert answer["meetings"] == 1 and answer["meetings_held"] == 1
    assert answer["checked_in"] == 1 and answer["no_shows"] == 0  # the event is still to come
    assert answer["follow_ups"] == {"none": 0, "contact": 0, "cooperation": 1, "agreement": 1}
