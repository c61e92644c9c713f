"""Files for calendars, printers and scanners: ICS feeds and agendas, agenda PDFs, badge QR codes."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime

import segno
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from clustera.events.models import Event, Meeting, Registration

PRODUCT = "-//Clustera//Events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def events_ics(events: Iterable[Event], name: str, base_url: str) -> bytes:
    """An ICS calendar of events (one VEVENT each, times in UTC, a link to the event's page)."""
    calendar = _calendar(name)
    for item in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{item.pk}@clustera")
        entry.add("dtstamp", item.created.astimezone(UTC))
        entry.add("dtstart", item.starts.astimezone(UTC))
        entry.add("dtend", item.ends.astimezone(UTC))
        entry.add("summary", item.title)
        entry.add("description", item.description[:2000])
        entry.add("location", ", ".join(p for p in (item.venue, item.city) if p) or item.online_url)
        entry.add("url", f"{base_url}/events/{item.pk}/")
        entry.add("categories", [item.get_kind_display()])
        calendar.add_component(entry)
    return calendar.to_ical()


def agenda_ics(entry: Registration, meetings: Iterable[Meeting], base_url: str) -> bytes:
    """A participant's meetings as an ICS calendar: partner, table or room link, in the summary."""
    calendar = _calendar(f"{entry.event.title}: meetings of {entry.organisation.name}")
    now = datetime.now(UTC)
    for meeting in meetings:
        partner = meeting.second if meeting.first_id == entry.pk else meeting.first
        item = CalendarEvent()
        item.add("uid", f"meeting-{meeting.pk}@clustera")
        item.add("dtstamp", now)
        item.add("dtstart", meeting.slot.starts.astimezone(UTC))
        item.add("dtend", meeting.slot.ends.astimezone(UTC))
        item.add("summary", f"Meeting with {partner.organisation.name} (table {meeting.table})")
        item.add("location", meeting.virtual_url or f"Table {meeting.table}, {entry.event.venue}")
        item.add("url", f"{base_url}/events/{entry.event_id}/agenda/")
        calendar.add_component(item)
    return calendar.to_ical()


def qr_svg(data: str) -> str:
    """An inline SVG QR code (no JavaScript, scannable from a printed badge or a screen)."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=5, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def html_to_pdf(html: str, base_url: str) -> bytes:
    """A PDF of a printable page (agenda, badge) through WeasyPrint."""
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=base_url).write_pdf())
