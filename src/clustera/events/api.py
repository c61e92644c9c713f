"""Events API: the calendar, an event's registrations, meeting requests and agendas.

Lists are ``{"count": N, "items": [...]}``; reads are open for published events, a
registration's requests and agenda are for its organisation and the organisers; writes need a
token or a session (401), may be refused (403); unknown or hidden objects are 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.api_errors import errors
from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.events import access, event_setup, meeting_plan, selectors, services
from clustera.events.models import Event, Registration

router = Router(tags=["events"])


class EventQuery(Schema):
    kind: Literal["", "conference", "webinar", "workshop", "matchmaking", "summit"] = ""
    country: str = Field("", max_length=2, description="Two-letter country code")
    region: str = Field("", max_length=16, description="Region code (or its parent's)")
    technology: str = Field("", max_length=24)
    ecosystem: str = Field("", max_length=24)
    s3: str = Field("", max_length=24, description="S3 priority code")
    q: str = Field("", max_length=200, description="Words in the title or description")
    when: Literal["", "upcoming", "past"] = ""
    limit: int = Field(25, ge=1, le=500)
    offset: int = Field(0, ge=0)


class EventOut(Schema):
    id: int
    title: str
    kind: str
    starts: datetime
    ends: datetime
    timezone: str
    venue: str
    city: str
    country: str
    lat: float | None
    lon: float | None
    online_url: str
    organisers: list[int]
    technologies: list[str]
    ecosystems: list[str]
    s3_priorities: list[str]
    regions: list[str]
    participants: int
    request_mode: str


class EventPage(Schema):
    count: int
    items: list[EventOut]


def _event_out(item: Event) -> dict[str, Any]:
    return {
        **{
            f: getattr(item, f)
            for f in (
                "id",
                "title",
                "kind",
                "starts",
                "ends",
                "timezone",
                "venue",
                "city",
                "country",
                "lat",
                "lon",
                "online_url",
                "request_mode",
            )
        },
        "organisers": [o.pk for o in item.organisers.all()],
        "technologies": [t.code for t in item.technologies.all()],
        "ecosystems": [t.code for t in item.ecosystems.all()],
        "s3_priorities": [t.code for t in item.s3_priorities.all()],
        "regions": [r.code for r in item.regions.all()],
        "participants": getattr(item, "participants", 0),
    }


@router.get("/events", response=EventPage, auth=READ_AUTH)
def list_events(request: HttpRequest, query: Query[EventQuery]) -> dict[str, Any]:
    """Events visible to the caller, filtered, soonest first."""
    queryset = selectors.events(request.user, selectors.CalendarFilters.from_mapping(query.dict()))
    page = selectors.with_relations(queryset)[query.offset : query.offset + query.limit]
    return {"count": queryset.count(), "items": [_event_out(e) for e in page]}


def _event(request: HttpRequest, event_id: int) -> Event:
    found = selectors.event(request.user, event_id)
    if found is None:
        raise HttpError(404, f"No event with id {event_id}")
    return found


@router.get("/events/{event_id}", response=EventOut, auth=READ_AUTH)
def get_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    """One event (404 when unknown or unpublished and the caller does not organise it)."""
    _event(request, event_id)
    return _event_out(selectors.with_relations(Event.objects.filter(pk=event_id)).get())


class EventIn(Schema):
    organiser: int = Field(..., ge=1, description="Id of the organising organisation")
    title: str = Field(..., min_length=1, max_length=300)
    kind: Literal["conference", "webinar", "workshop", "matchmaking", "summit"]
    description: str = Field("", max_length=20000)
    starts: datetime = Field(..., description="With its UTC offset, e.g. 2027-05-11T09:00+02:00")
    ends: datetime
    timezone: str = Field("Europe/Brussels", max_length=64, description="IANA name")
    venue: str = Field("", max_length=300)
    city: str = Field("", max_length=120)
    country: str = Field("", max_length=2)
    online_url: str = Field("", max_length=400)
    capacity: int | None = Field(None, ge=1, le=100000)
    requires_validation: bool = False
    request_mode: Literal["opt_in", "opt_out"] = "opt_in"
    request_expiry_hours: int = Field(72, ge=1, le=2000)
    tables: int = Field(0, ge=0, le=10000)
    is_published: bool = True


@router.post("/events", response={201: EventOut}, auth=WRITE_AUTH)
def create_event(request: HttpRequest, payload: EventIn) -> tuple[int, Any]:
    """Create an event organised by an organisation the caller administers (or any, for editors)."""
    from clustera.registry.models import Organisation

    organiser = Organisation.objects.filter(pk=payload.organiser).first()
    if organiser is None:
        raise HttpError(404, f"No organisation with id {payload.organiser}")
    created = event_setup.create_event(request.user, organiser, payload.dict(exclude={"organiser"}))
    return 201, _event_out(selectors.with_relations(Event.objects.filter(pk=created.pk)).get())


class RegistrationOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    country: str
    participant_type: str
    status: str


class RegistrationPage(Schema):
    count: int
    items: list[RegistrationOut]


def _registration_out(entry: Registration) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "organisation": entry.organisation_id,
        "organisation_name": entry.organisation.name,
        "country": entry.organisation.country,
        "participant_type": entry.participant_type.code,
        "status": entry.status,
    }


class PageQuery(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@router.get("/events/{event_id}/registrations", response=RegistrationPage, auth=READ_AUTH)
def list_registrations(
    request: HttpRequest, event_id: int, page: Query[PageQuery]
) -> dict[str, Any]:
    """Confirmed participants (the public list); organisers see every registration."""
    found = _event(request, event_id)
    manager = access.can_manage_event(request.user, found)
    queryset = selectors.registrations(found, "" if manager else "confirmed")
    items = queryset[page.offset : page.offset + page.limit]
    return {"count": queryset.count(), "items": [_registration_out(r) for r in items]}


class RegistrationIn(Schema):
    organisation: int = Field(..., ge=1)
    participant_type: str = Field(
        ..., max_length=24, description="Code of one of the event's types"
    )
    answers: dict[str, str] = Field(default_factory=dict, description="Question id -> answer")


@router.post("/events/{event_id}/registrations", response={201: RegistrationOut}, auth=WRITE_AUTH)
def create_registration(
    request: HttpRequest, event_id: int, payload: RegistrationIn
) -> tuple[int, Any]:
    """Register an organisation the caller belongs to (confirmed, pending or waiting list)."""
    from clustera.registry.models import Organisation

    found = _event(request, event_id)
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    kind = found.participant_types.filter(code=payload.participant_type).first()
    if organisation is None:
        raise HttpError(404, f"No organisation with id {payload.organisation}")
    if kind is None:
        raise HttpError(
            422, f"participant_type: no type {payload.participant_type!r} at this event"
        )
    entry = services.register(request.user, found, organisation, kind, payload.answers)
    return 201, _registration_out(entry)


class MeetingRequestOut(Schema):
    id: int
    sender: int
    sender_name: str
    receiver: int
    receiver_name: str
    message: str
    must_meet: bool
    status: str
    expires: datetime | None


class MeetingRequestPage(Schema):
    count: int
    items: list[MeetingRequestOut]


def _request_out(found: Any) -> dict[str, Any]:
    return {
        "id": found.pk,
        "sender": found.sender_id,
        "sender_name": found.sender.organisation.name,
        "receiver": found.receiver_id,
        "receiver_name": found.receiver.organisation.name,
        "message": found.message,
        "must_meet": found.must_meet,
        "status": found.status,
        "expires": found.expires,
    }


def _registration(request: HttpRequest, registration_id: int) -> Registration:
    entry = selectors.registration(registration_id)
    if entry is None or not access.can_view_registration(request.user, entry):
        raise HttpError(404, f"No registration with id {registration_id}")
    return entry


@router.get(
    "/registrations/{registration_id}/requests", response=MeetingRequestPage, auth=READ_AUTH
)
def list_requests(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    """A participant's sent and received requests (its organisation and the organisers)."""
    entry = _registration(request, registration_id)
    found = selectors.requests_of(entry)
    items = [_request_out(r) for r in found["sent"] + found["received"]]
    return {"count": len(items), "items": items}


class MeetingRequestIn(Schema):
    receiver: int = Field(..., ge=1, description="Registration id of the participant asked")
    message: str = Field("", max_length=2000)
    must_meet: bool = False


@router.post(
    "/registrations/{registration_id}/requests", response={201: MeetingRequestOut}, auth=WRITE_AUTH
)
def create_request(
    request: HttpRequest, registration_id: int, payload: MeetingRequestIn
) -> tuple[int, Any]:
    """Send a meeting request from this registration (its organisation's members)."""
    entry = _registration(request, registration_id)
    receiver = selectors.registration(payload.receiver)
    if receiver is None or receiver.event_id != entry.event_id:
        raise HttpError(
            404, f"No participant with registration id {payload.receiver} at this event"
        )
    found = services.send_request(request.user, entry, receiver, payload.message, payload.must_meet)
    return 201, _request_out(selectors.request(found.pk))


class AnswerIn(Schema):
    accept: bool


@router.post("/requests/{request_id}/answer", response=MeetingRequestOut, auth=WRITE_AUTH)
def answer_request(request: HttpRequest, request_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Accept or decline a received request (the receiver's members)."""
    found = selectors.request(request_id)
    if found is None or not (
        access.can_view_registration(request.user, found.receiver)
        or access.can_view_registration(request.user, found.sender)
    ):
        raise HttpError(404, f"No request with id {request_id}")
    services.answer_request(request.user, found, payload.accept)
    return _request_out(selectors.request(request_id))


class MeetingOut(Schema):
    id: int
    partner: int
    partner_name: str
    starts: datetime
    ends: datetime
    table: int
    virtual_url: str


class AgendaPage(Schema):
    count: int
    items: list[MeetingOut]


@router.get("/registrations/{registration_id}/agenda", response=AgendaPage, auth=READ_AUTH)
def agenda(request: HttpRequest, registration_id: int) -> dict[str, Any]:
    """A participant's meetings in time order."""
    entry = _registration(request, registration_id)
    items = []
    for m in selectors.meetings_of(entry):
        partner = m.second if m.first_id == entry.pk else m.first
        items.append(
            {
                "id": m.pk,
                "partner": partner.pk,
                "partner_name": partner.organisation.name,
                "starts": m.slot.starts,
                "ends": m.slot.ends,
                "table": m.table,
                "virtual_url": m.virtual_url,
            }
        )
    return {"count": len(items), "items": items}


class ScheduleIn(Schema):
    mode: Literal["all", "replan"] = "all"
    time_limit: float = Field(10.0, ge=0.5, le=120)


class ScheduleOut(Schema):
    status: str
    summary: dict[str, Any]


@router.post("/events/{event_id}/schedule", response={202: ScheduleOut}, auth=WRITE_AUTH)
def schedule(request: HttpRequest, event_id: int, payload: ScheduleIn) -> tuple[int, Any]:
    """Start "Schedule all" or "Re-plan" (organisers); the figures come with the status."""
    found = _event(request, event_id)
    meeting_plan.request_schedule(request.user, found, payload.mode, payload.time_limit)
    found.refresh_from_db()
    return 202, {"status": found.schedule_status, "summary": found.schedule_summary}


class CountOut(Schema):
    group: str
    count: int


class EventStatisticsOut(Schema):
    registrations: int
    by_status: dict[str, int]
    by_type: list[CountOut]
    by_country: list[CountOut]
    requests: dict[str, int] = Field(
        ..., description="sent, and per status: pending, accepted, declined, expired, cancelled"
    )
    meetings: int = Field(..., description="Meetings scheduled")
    meetings_held: int = Field(..., description="Meetings a participant reported as held")
    meetings_not_held: int
    checked_in: int
    no_shows: int = Field(..., description="Confirmed, not checked in, once the event is over")
    follow_ups: dict[str, int] = Field(..., description="Reported outcomes by kind")


@router.get(
    "/events/{event_id}/statistics",
    response={200: EventStatisticsOut, **errors(403, 404)},
    auth=READ_AUTH,
)
def statistics(request: HttpRequest, event_id: int) -> tuple[int, dict[str, Any]]:
    """The event's statistics (organisers only): registrations by type and country, requests,
    meetings scheduled and held, check-ins, no-shows and follow-up outcomes."""
    found = _event(request, event_id)
    if not access.can_manage_event(request.user, found):
        raise HttpError(403, "Only the event's organisers see its statistics")
    stats = selectors.statistics(found)
    for key in ("by_type", "by_country"):
        stats[key] = [{"group": group or "", "count": n} for group, n in stats[key]]
    return 200, stats
