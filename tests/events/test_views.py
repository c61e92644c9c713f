"""Event pages: calendar views and feeds, registration, requests, agenda files, badge, check-in."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from clustera.events import services
from clustera.events.models import Meeting, Registration

pytestmark = pytest.mark.django_db


def test_the_calendar_lists_and_filters_events(client, event, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/events/")
    assert response.status_code == 200 and b"Photonics Matchmaking" in response.content
    assert b"Photonics Matchmaking" not in client.get("/events/?kind=webinar").content
    assert b"Photonics Matchmaking" not in client.get("/events/?when=past").content
    assert b"Photonics Matchmaking" in client.get("/events/?country=xa&when=upcoming").content


def test_the_month_view_shows_the_event_on_its_day(client, event):
    response = client.get(f"/events/month/?year={event.starts.year}&month={event.starts.month}")
    assert response.status_code == 200 and b"Photonics Matchmaking" in response.content
    assert client.get("/events/month/?year=x").status_code == 404


def test_the_feed_and_the_event_file_are_valid_ics(client, event):
    feed = Calendar.from_ical(client.get("/events/feed.ics?kind=matchmaking").content)
    (item,) = feed.walk("VEVENT")
    assert str(item["summary"]) == "Photonics Matchmaking"
    assert item.decoded("dtstart") == event.starts
    single = client.get(f"/events/{event.pk}/event.ics")
    assert "attachment" in single["Content-Disposition"]
    assert (
        Calendar.from_ical(single.content).walk("VEVENT")[0]["url"].endswith(f"/events/{event.pk}/")
    )


def test_the_map_data_has_located_events(client, event):
    data = client.get("/events/map.json").json()
    assert data["features"][0]["geometry"]["coordinates"] == [10.4, 50.2]
    assert client.get("/events/map/").status_code == 200


def test_registering_by_the_form_shows_errors_on_the_fields(client, event, people, registry):
    client.force_login(people["orgadmin"])
    page = client.get(f"/events/{event.pk}/")
    assert b"Lumen Optics" in page.content and b"Looking for?" in page.content
    sme = event.participant_types.get(code="sme").pk
    question = event.questions.get().pk
    bad = client.post(
        f"/events/{event.pk}/register/",
        {"organisation": registry["ORG2"].pk, "participant_type": sme},
    )
    assert bad.status_code == 422 and b"This field is required" in bad.content
    good = client.post(
        f"/events/{event.pk}/register/",
        {"organisation": registry["ORG2"].pk, "participant_type": sme, f"q{question}": "Partners"},
    )
    assert good.status_code == 302
    assert Registration.objects.get(organisation=registry["ORG2"]).status == "confirmed"


def test_request_accept_schedule_and_agenda_files(client, event, registered, people):
    client.force_login(people["orgadmin"])
    sent = client.post(
        f"/events/{event.pk}/requests/send/",
        {"receiver": registered["ORG4"].pk, "message": "Let us talk lasers"},
    )
    assert sent.status_code == 302
    client.force_login(people["other"])
    page = client.get(f"/events/{event.pk}/requests/")
    assert b"Let us talk lasers" in page.content
    found = registered["ORG4"].received.get()
    client.post(f"/events/{event.pk}/requests/{found.pk}/answer/", {"accept": "1"})
    client.force_login(people["organiser"])
    client.post(f"/events/{event.pk}/manage/schedule/", {"mode": "all"})
    assert Meeting.objects.filter(event=event).count() == 1
    client.force_login(people["orgadmin"])
    agenda = client.get(f"/events/{event.pk}/agenda/")
    assert b"Sensor Forge" in agenda.content
    ics = Calendar.from_ical(client.get(f"/events/{event.pk}/agenda/?format=ics").content)
    assert "Sensor Forge" in str(ics.walk("VEVENT")[0]["summary"])
    pdf = client.get(f"/events/{event.pk}/agenda/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_badge_has_a_qr_code_and_the_check_in_page_checks_in(client, event, registered, people):
    client.force_login(people["orgadmin"])
    badge = client.get(f"/events/{event.pk}/badge/")
    assert b"<svg" in badge.content and registered["ORG2"].checkin_code.encode() in badge.content
    token = services.checkin_token(registered["ORG2"])
    client.force_login(people["organiser"])
    page = client.get(f"/events/{event.pk}/check-in/{token}/")
    assert b"Badge scanned" in page.content
    done = client.post(f"/events/{event.pk}/check-in/{token}/", {"token": token})
    assert b"is checked in" in done.content
    assert Registration.objects.get(pk=registered["ORG2"].pk).checked_in is not None
    wrong = client.post(f"/events/{event.pk}/check-in/", {"code": "NOPE"})
    assert wrong.status_code == 422 and b"no confirmed participant" in wrong.content


def test_the_marketplace_lists_participants_with_a_search(client, event, registered, people):
    client.force_login(people["orgadmin"])
    page = client.get(f"/events/{event.pk}/participants/?q=forge")
    assert (
        b"Sensor Forge" in page.content and b"Request a meeting with Sensor Forge" in page.content
    )
    assert b"Sensor Forge" not in client.get(f"/events/{event.pk}/participants/?country=XA").content


def test_the_organiser_page_shows_figures(
    client, event, registered, people, django_assert_max_num_queries
):
    client.force_login(people["organiser"])
    with django_assert_max_num_queries(25):
        page = client.get(f"/events/{event.pk}/manage/")
    assert b"Schedule all" in page.content and b"registrations" in page.content


def test_an_organisation_admin_creates_an_event_and_adds_a_session(client, people, registry):
    client.force_login(people["organiser"])
    bad = client.post(
        "/events/new/",
        {"organiser": registry["ORG1"].pk, "title": "Laser Days", "kind": "matchmaking",
         "starts": "2031-05-11T09:00", "ends": "2031-05-11T18:00", "timezone": "Mars/Olympus",
         "request_mode": "opt_in", "request_expiry_hours": 48, "tables": 10},
    )  # fmt: skip
    assert bad.status_code == 422 and b"Unknown time zone" in bad.content
    good = client.post(
        "/events/new/",
        {"organiser": registry["ORG1"].pk, "title": "Laser Days", "kind": "matchmaking",
         "starts": "2031-05-11T09:00", "ends": "2031-05-11T18:00", "timezone": "Europe/Lisbon",
         "request_mode": "opt_in", "request_expiry_hours": 48, "tables": 10},
    )  # fmt: skip
    assert good.status_code == 302
    from clustera.events.models import Event

    created = Event.objects.get(title="Laser Days")
    assert created.starts.isoformat() == "2031-05-11T08:00:00+00:00"  # 09:00 in Lisbon (WEST)
    assert created.participant_types.count() == 5 and created.organisers.get() == registry["ORG1"]
    client.post(
        f"/events/{created.pk}/manage/sessions/",
        {"name": "Morning", "starts": "2031-05-11T09:00", "ends": "2031-05-11T11:00",
         "slot_minutes": 20},
    )  # fmt: skip
    assert created.sessions.get().slots.count() == 6


def test_only_organisation_admins_may_open_the_new_event_form(client, people):
    client.force_login(people["member"])
    assert client.get("/events/new/").status_code == 403
    client.force_login(people["orgadmin"])
    assert client.get("/events/new/").status_code == 200


def test_participants_report_follow_ups_after_the_event(client, event, registered, people):
    from datetime import timedelta

    from clustera.events import meeting_plan

    found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
    services.answer_request(people["other"], found, True)
    meeting = meeting_plan.book_slot(
        people["orgadmin"], found, meeting_plan.bookable_slots(found)[0]
    )
    client.force_login(people["orgadmin"])
    assert b"what came of your meetings" not in client.get(f"/events/{event.pk}/agenda/").content
    event.starts -= timedelta(days=40)
    event.save()
    assert b"what came of your meetings" in client.get(f"/events/{event.pk}/agenda/").content
    url = f"/events/{event.pk}/agenda/{meeting.pk}/follow-up/"
    client.post(url, {"held": "1", "outcome": "cooperation"})
    client.force_login(people["organiser"])
    assert b"cooperation" in client.get(f"/events/{event.pk}/manage/").content


def test_organisers_set_type_rules_and_questions(client, event, people):
    client.force_login(people["organiser"])
    sme = event.participant_types.get(code="sme")
    client.post(
        f"/events/{event.pk}/manage/types/{sme.pk}/",
        {"max_requests": "7", "max_meetings": "5", "may_request": ["cluster", "sme"]},
    )
    sme.refresh_from_db()
    assert (sme.max_requests, sme.max_meetings) == (7, 5)
    assert sorted(sme.may_request.values_list("code", flat=True)) == ["cluster", "sme"]
    bad = client.post(
        f"/events/{event.pk}/manage/types/{sme.pk}/",
        {"max_requests": "900", "max_meetings": "5"},
        follow=True,
    )
    assert b"max_requests: from 0 to 200 (900)" in bad.content
    client.post(
        f"/events/{event.pk}/manage/questions/", {"text": "Booth needed?", "choices": "Yes\nNo"}
    )
    assert event.questions.filter(text="Booth needed?").get().choice_list == ["Yes", "No"]
    client.force_login(people["orgadmin"])
    response = client.post(f"/events/{event.pk}/manage/questions/", {"text": "Sneaky?"})
    assert response.status_code == 403


def test_the_badge_prints_as_pdf(client, event, registered, people):
    client.force_login(people["orgadmin"])
    response = client.get(f"/events/{event.pk}/badge/?format=pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_participant_pages_have_a_fixed_number_of_queries(
    client, event, registered, people, django_assert_max_num_queries, monkeypatch
):
    from clustera.events import marketplace
    from clustera.partnering.model_store import RecommenderNotReady

    def not_ready(*args, **kwargs):
        raise RecommenderNotReady("not fitted in this test")

    monkeypatch.setattr(marketplace.partnering, "suggest_partners", not_ready)
    for number in range(3):
        found = services.send_request(people["orgadmin"], registered["ORG2"], registered["ORG4"])
        services.answer_request(people["other"], found, number % 2 == 0)
        found.delete()
    client.force_login(people["orgadmin"])
    for page in ("participants/", "requests/", "agenda/"):
        with django_assert_max_num_queries(30):
            assert client.get(f"/events/{event.pk}/{page}").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/events/{event.pk}/registrations").json()["count"] == 2


def test_the_statistics_csv_neutralises_formulas(client, event, registered, people):
    import csv
    import io

    sme = event.participant_types.get(code="sme")
    sme.label = '=HYPERLINK("http://x.example")'
    sme.save()
    client.force_login(people["organiser"])
    response = client.get(f"/events/{event.pk}/manage/statistics.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["figure", "group", "value"]
    assert ["registrations", "all", "2"] in rows
    assert ["registrations by type", '\'=HYPERLINK("http://x.example")', "2"] in rows
    assert ["requests", "expired", "0"] in rows and ["meetings", "held", "0"] in rows
    assert ["follow-up outcomes", "agreement", "0"] in rows
    page = client.get(f"/events/{event.pk}/manage/").content.decode()
    assert f"/events/{event.pk}/manage/statistics.csv" in page
