"""Reads of events: the calendar's filters, an event's participants, requests and agendas."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from clustera.events import access
from clustera.events.models import (
    Event,
    FollowUp,
    FollowUpOutcome,
    Meeting,
    MeetingRequest,
    ParticipantType,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Slot,
    participant_type_label,
)
from clustera.registry.models import Organisation
from clustera.texts import pick_version

CALENDAR_FILTERS = ("kind", "country", "region", "technology", "ecosystem", "s3", "q", "when")


@dataclass(frozen=True)
class CalendarFilters:
    """What the calendar, its feeds and the API list are filtered by (each optional)."""

    kind: str = ""
    country: str = ""
    region: str = ""
    technology: str = ""
    ecosystem: str = ""
    s3: str = ""
    q: str = ""
    when: str = ""  # "" or "all", "upcoming", "past"

    @classmethod
    def from_mapping(cls, data: Any) -> CalendarFilters:
        """Read the filters of a query string (unknown keys ignored, values trimmed)."""
        values = {name: str(data.get(name, "") or "").strip()[:200] for name in CALENDAR_FILTERS}
        return cls(**values)

    def active(self) -> dict[str, str]:
        """The filters that are set, to rebuild a query string."""
        return {k: v for k, v in self.__dict__.items() if v}


def events(user: Any, filters: CalendarFilters) -> QuerySet[Event]:
    """Events visible to ``user`` matching ``filters``, soonest first."""
    queryset = access.visible_events(user, Event.objects.all())
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.country:
        queryset = queryset.filter(country=filters.country.upper())
    if filters.region:
        queryset = queryset.filter(
            Q(regions__code=filters.region) | Q(regions__parent__code=filters.region)
        )
    if filters.technology:
        queryset = queryset.filter(technologies__code=filters.technology)
    if filters.ecosystem:
        queryset = queryset.filter(ecosystems__code=filters.ecosystem)
    if filters.s3:
        queryset = queryset.filter(s3_priorities__code=filters.s3)
    if filters.q:
        queryset = queryset.filter(
            Q(title__icontains=filters.q) | Q(description__icontains=filters.q)
        )
    now = timezone.now()
    if filters.when == "upcoming":
        queryset = queryset.filter(ends__gte=now)
    elif filters.when == "past":
        queryset = queryset.filter(ends__lt=now)
    return queryset.distinct().order_by("starts", "id")


def filter_options() -> dict[str, list[tuple[str, str]]]:
    """The choices of the calendar's theme and region selects: the terms events carry (and the
    regions above theirs), by name."""
    from clustera.registry.labels import term_label
    from clustera.registry.models import Ecosystem, Region, S3Priority, Technology

    used = Region.objects.filter(events__isnull=False)
    regions = Region.objects.filter(
        Q(pk__in=used) | Q(children__in=used) | Q(children__children__in=used)
    )
    options: dict[str, list[tuple[str, str]]] = {
        "region": sorted({(r.code, f"{r.name} ({r.code})") for r in regions}, key=lambda o: o[1])
    }
    for name, model in (("technology", Technology), ("ecosystem", Ecosystem), ("s3", S3Priority)):
        terms = model.objects.filter(events__isnull=False).distinct().order_by("name")
        options[name] = list(dict.fromkeys((t.code, term_label(t)) for t in terms))
    return options


def with_relations(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Events with their organisers and themes loaded in a fixed number of queries."""
    return queryset.prefetch_related(
        Prefetch("organisers", queryset=Organisation.objects.only("id", "name")),
        "technologies",
        "ecosystems",
        "s3_priorities",
        "regions",
    ).annotate(
        participants=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
        )
    )


def event(user: Any, pk: int) -> Event | None:
    """One event ``user`` may see, or None (unknown and unpublished look the same)."""
    found = Event.objects.filter(pk=pk).first()
    if found is None or not access.can_view_event(user, found):
        return None
    return found


def month_grid(year: int, month: int, items: list[Event]) -> list[list[dict[str, Any]]]:
    """Weeks of a month (Monday first), each day with the events running on it."""
    weeks = []
    for week in month_calendar.Calendar().monthdatescalendar(year, month):
        row = []
        for day in week:
            running = [
                e for e in items if _local_date(e, e.starts) <= day <= _local_date(e, e.ends)
            ]
            row.append({"day": day, "in_month": day.month == month, "events": running})
        weeks.append(row)
    return weeks


def _local_date(item: Event, moment: datetime) -> date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(item.timezone)).date()


def participant_types(item: Event) -> list[ParticipantType]:
    """The event's participant types with whom each may ask to meet."""
    return list(item.participant_types.prefetch_related("may_request"))


def registrations(item: Event, status: str = "") -> QuerySet[Registration]:
    """An event's registrations with organisation, type and region loaded."""
    queryset = item.registrations.select_related(
        "organisation", "organisation__region", "participant_type"
    ).order_by("organisation__name")
    return queryset.filter(status=status) if status else queryset


def registration_of(user: Any, item: Event) -> Registration | None:
    """The registration of the (first) organisation ``user`` acts for at ``item``, if any."""
    own = access.acting_for(user)
    return (
        item.registrations.select_related("organisation", "participant_type", "event")
        .filter(organisation_id__in=own)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def registration(pk: int) -> Registration | None:
    """A registration by id, with its event and organisation."""
    return (
        Registration.objects.select_related("event", "organisation", "participant_type")
        .filter(pk=pk)
        .first()
    )


def requests_of(entry: Registration) -> dict[str, list[MeetingRequest]]:
    """A participant's sent and received meeting requests, newest first."""
    related = ("sender__organisation", "receiver__organisation")
    return {
        "sent": list(entry.sent.select_related(*related)),
        "received": list(entry.received.select_related(*related)),
    }


def meetings_of(entry: Registration) -> list[Meeting]:
    """A participant's meetings in time order (the personal agenda)."""
    return list(
        Meeting.objects.filter(Q(first=entry) | Q(second=entry))
        .select_related("slot", "slot__session", "first__organisation", "second__organisation")
        .order_by("slot__starts")
    )


def meetings(item: Event) -> QuerySet[Meeting]:
    """All meetings of an event (the table plan), by slot and table."""
    return item.meetings.select_related(
        "slot", "slot__session", "first__organisation", "second__organisation"
    ).order_by("slot__starts", "table")


def slots(item: Event) -> list[Slot]:
    """The event's slots in time order."""
    return list(
        Slot.objects.filter(session__event=item).select_related("session").order_by("starts")
    )


def slot_usage(item: Event) -> list[dict[str, Any]]:
    """Per slot of the table plan: its session, its tables (the session's or the event's) and
    how many are taken."""
    used = dict(item.meetings.values_list("slot_id").annotate(n=Count("id")))
    return [
        {
            "slot": slot,
            "tables": slot.session.tables if slot.session.tables is not None else item.tables,
            "used": used.get(slot.pk, 0),
        }
        for slot in slots(item)
    ]


def request(pk: int) -> MeetingRequest | None:
    """A meeting request by id with both registrations."""
    return (
        MeetingRequest.objects.select_related(
            "event", "sender__organisation", "receiver__organisation"
        )
        .filter(pk=pk)
        .first()
    )


def statistics(item: Event) -> dict[str, Any]:
    """Organiser's figures (and the ECCP-style report's): registrations by status, type and
    country, requests sent/accepted/declined/expired/cancelled, meetings scheduled and held,
    check-ins and no-shows, and the follow-up outcomes participants reported."""
    regs = item.registrations.exclude(status=RegistrationStatus.CANCELLED)
    by_type = regs.values("participant_type__label").annotate(n=Count("id")).order_by("-n")
    by_country = (
        regs.values("organisation__country")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__country")
    )
    by_status = dict(item.requests.values_list("status").annotate(n=Count("id")))
    confirmed = regs.filter(status=RegistrationStatus.CONFIRMED)
    checked_in = confirmed.filter(checked_in__isnull=False).count()
    reports = FollowUp.objects.filter(meeting__event=item)
    outcomes = dict(reports.values_list("outcome").annotate(n=Count("id")))
    held = reports.filter(held=True).values("meeting_id").distinct().count()
    over = item.ends < timezone.now()
    return {
        "registrations": regs.count(),
        "by_status": dict(regs.values_list("status").annotate(n=Count("id"))),
        "by_type": [
            (participant_type_label(row["participant_type__label"]), row["n"]) for row in by_type
        ],
        "by_country": [(row["organisation__country"], row["n"]) for row in by_country],
        "requests": {
            "sent": sum(by_status.values()),
            **{status: by_status.get(status, 0) for status in RequestStatus.values},
        },
        "meetings": item.meetings.count(),
        "meetings_held": held,
        "meetings_not_held": reports.filter(held=False).values("meeting_id").distinct().count(),
        "checked_in": checked_in,
        "no_shows": confirmed.count() - checked_in if over else 0,
        "follow_ups": {outcome: outcomes.get(outcome, 0) for outcome in FollowUpOutcome.values},
    }


def statistics_rows(item: Event) -> list[tuple[str, str, int]]:
    """The statistics as (figure, group, value) rows, for the CSV file."""
    stats = statistics(item)
    rows = [("registrations", "all", stats["registrations"])]
    rows += [("registrations by status", k, n) for k, n in sorted(stats["by_status"].items())]
    rows += [("registrations by type", label, n) for label, n in stats["by_type"]]
    rows += [("registrations by country", code or "-", n) for code, n in stats["by_country"]]
    rows += [("requests", status, n) for status, n in stats["requests"].items()]
    rows += [
        ("meetings", "scheduled", stats["meetings"]),
        ("meetings", "held", stats["meetings_held"]),
        ("meetings", "not held", stats["meetings_not_held"]),
        ("participants", "checked in", stats["checked_in"]),
        ("participants", "no-shows", stats["no_shows"]),
    ]
    rows += [("follow-up outcomes", k, n) for k, n in stats["follow_ups"].items()]
    return rows


def follow_ups_of(entry: Registration) -> dict[int, str]:
    """The outcome a participant reported for each of its meetings, by meeting id."""
    return dict(FollowUp.objects.filter(registration=entry).values_list("meeting_id", "outcome"))


@dataclass(frozen=True)
class EventText:
    """An event's title and description as a reader of ``language`` sees them."""

    title: str
    description: str
    language: str
    original_language: str
    is_fallback: bool  # no translation into the reader's language: the original is shown


def event_text(found: Event, language: str) -> EventText:
    """The event's text in ``language`` (e.g. "fr" or "fr-be"), else its original one."""
    original = found.language
    version = pick_version(language, original, ((t.language, t) for t in found.translations.all()))
    shown = version.translation
    if shown is None:
        return EventText(found.title, found.description, original, original, version.fallback)
    description = shown.description or found.description
    return EventText(shown.title, description, version.language, original, False)
