"""Event pages for visitors and participants: calendar (list, month, map, ICS), an event,
registration, the marketplace of participants, meeting requests, the agenda and the badge."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustera.accounts.selectors import organisations_of
from clustera.errors import InvalidInputError
from clustera.events import access, calendar_files, marketplace, meeting_plan, selectors, services
from clustera.events.forms import (
    AvailabilityForm,
    CalendarFilterForm,
    MeetingRequestForm,
    RegistrationForm,
)
from clustera.events.models import Event, FollowUpOutcome, Registration
from clustera.registry.models import OfferKind


def _event_or_404(request: HttpRequest, pk: int) -> Event:
    found = selectors.event(request.user, pk)
    if found is None:
        raise Http404(_("No such event"))
    return found


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def calendar(request: HttpRequest) -> HttpResponse:
    """The events calendar: filters, list, and links to the month view, map and ICS feed."""
    data = request.GET.copy()
    data.setdefault("when", "upcoming")  # like every events site: what is coming first
    filters = selectors.CalendarFilters.from_mapping(data)
    items = list(selectors.with_relations(selectors.events(request.user, filters))[:200])
    context = {"form": _filter_form(data), "items": items, "query": urlencode(filters.active())}
    return render(request, "events/calendar.html", context)


def _filter_form(data: Any) -> CalendarFilterForm:
    return CalendarFilterForm(data, options=selectors.filter_options())


def month(request: HttpRequest) -> HttpResponse:
    """A month of the calendar, Monday first, with the filters of the list."""
    today = date.today()
    try:
        year = int(request.GET.get("year", today.year))
        number = int(request.GET.get("month", today.month))
        first = date(year, number, 1)
    except ValueError:
        raise Http404(_("No such month")) from None
    filters = selectors.CalendarFilters.from_mapping(request.GET)
    items = list(selectors.events(request.user, filters).filter(starts__year__lte=year))
    previous = date(year - (number == 1), 12 if number == 1 else number - 1, 1)
    following = date(year + (number == 12), 1 if number == 12 else number + 1, 1)
    context = {
        "form": _filter_form(request.GET),
        "first": first,
        "weeks": selectors.month_grid(year, number, items),
        "previous": previous,
        "following": following,
        "query": urlencode(filters.active()),
    }
    return render(request, "events/month.html", context)


def event_map(request: HttpRequest) -> HttpResponse:
    """Events with a place, on a map (Leaflet; the list view is the no-JavaScript fallback)."""
    filters = selectors.CalendarFilters.from_mapping(request.GET)
    context = {"form": _filter_form(request.GET), "query": urlencode(filters.active())}
    return render(request, "events/map.html", context)


def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON points of the filtered events with a place."""
    filters = selectors.CalendarFilters.from_mapping(request.GET)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e.lon, e.lat]},
            "properties": {
                "id": e.pk,
                "title": e.title,
                "kind": e.get_kind_display(),
                "starts": e.starts.isoformat(),
                "city": e.city,
            },
        }
        for e in selectors.events(request.user, filters).filter(
            lat__isnull=False, lon__isnull=False
        )
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def feed(request: HttpRequest) -> HttpResponse:
    """The ICS feed of the filtered calendar (subscribe to it in any calendar application)."""
    filters = selectors.CalendarFilters.from_mapping(request.GET)
    body = calendar_files.events_ics(
        selectors.events(request.user, filters)[:500], "Clustera events", _base_url(request)
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event as an ICS file."""
    found = _event_or_404(request, pk)
    response = HttpResponse(
        calendar_files.events_ics([found], found.title, _base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{found.pk}.ics"'
    return response


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event: when, where, who organises, themes; registering and the participant's links."""
    found = _event_or_404(request, pk)
    mine = selectors.registration_of(request.user, found)
    organisations = [
        o
        for o in organisations_of(request.user)
        if not found.registrations.filter(organisation=o).exclude(status="cancelled").exists()
    ]
    form = RegistrationForm(event=found, organisations=organisations) if organisations else None
    context = {
        "event": found,
        "text": selectors.event_text(found, get_language() or "en"),
        "mine": mine,
        "form": form,
        "types": selectors.participant_types(found),
        "manager": access.can_manage_event(request.user, found),
        "participants": found.registrations.filter(status="confirmed").count(),
    }
    return render(request, "events/event.html", context)


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register one of the user's organisations; errors are shown on their fields."""
    found = _event_or_404(request, pk)
    organisations = organisations_of(request.user)
    form = RegistrationForm(request.POST, event=found, organisations=organisations)
    if form.is_valid():
        try:
            entry = services.register(
                request.user,
                found,
                next(o for o in organisations if o.pk == form.cleaned_data["organisation"]),
                found.participant_types.get(pk=form.cleaned_data["participant_type"]),
                form.answers(),
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": entry.organisation.name, "status": entry.get_status_display()},
            )
            return redirect("events:event", pk=found.pk)
    context = {"event": found, "form": form, "types": selectors.participant_types(found)}
    return render(request, "events/event.html", context, status=422)


def _mine_or_404(request: HttpRequest, found: Event) -> Registration:
    entry = selectors.registration_of(request.user, found)
    if entry is None:
        raise Http404(_("Your organisation is not registered for this event"))
    return entry


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the user's organisation's registration."""
    found = _event_or_404(request, pk)
    services.cancel_registration(request.user, _mine_or_404(request, found))
    messages.success(request, _("Your registration is cancelled."))
    return redirect("events:event", pk=found.pk)


def participants(request: HttpRequest, pk: int) -> HttpResponse:
    """The marketplace: confirmed participants with their profiles, offers and requests, a search,
    suggested meetings for the user's organisation and a request form on each."""
    found = _event_or_404(request, pk)
    mine = selectors.registration_of(request.user, found) if request.user.is_authenticated else None
    query = marketplace.MarketQuery.from_mapping(request.GET)
    context = {
        "event": found,
        "mine": mine,
        "query": query,
        "types": selectors.participant_types(found),
        "entries": marketplace.search(found, query)[:300],
        "suggestions": marketplace.suggested_meetings(mine) if mine else None,
        "offer_kinds": OfferKind.choices,
    }
    return render(request, "events/participants.html", context)


@login_required
def my_requests(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's sent and received requests, with answers and self-booking of a common slot."""
    found = _event_or_404(request, pk)
    entry = _mine_or_404(request, found)
    requests = selectors.requests_of(entry)
    if found.tables:
        met = {frozenset((m.first_id, m.second_id)) for m in selectors.meetings_of(entry)}
        for item in requests["received"] + requests["sent"]:
            pair = frozenset((item.sender_id, item.receiver_id))
            if item.status == "accepted" and pair not in met:
                item.bookable = meeting_plan.bookable_slots(item)[:8]  # type: ignore[attr-defined]
    initial = {"unavailable": entry.unavailable_sessions.all()}
    context = {
        "event": found,
        "mine": entry,
        **requests,
        "availability": AvailabilityForm(event=found, initial=initial),
    }
    return render(request, "events/requests.html", context)


@login_required
@require_POST
def send_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a meeting request from the user's organisation."""
    found = _event_or_404(request, pk)
    entry = _mine_or_404(request, found)
    form = MeetingRequestForm(request.POST)
    receiver = selectors.registration(int(request.POST.get("receiver") or 0))
    if not form.is_valid() or receiver is None or receiver.event_id != found.pk:
        messages.error(request, _("Choose a participant of this event."))
        return redirect("events:participants", pk=found.pk)
    try:
        services.send_request(
            request.user,
            entry,
            receiver,
            form.cleaned_data["message"],
            form.cleaned_data["must_meet"],
        )
    except InvalidInputError as exc:
        messages.error(request, f"{receiver.organisation.name}: {exc.message}")
    else:
        messages.success(
            request, _("Request sent to %(name)s.") % {"name": receiver.organisation.name}
        )
    return redirect("events:participants", pk=found.pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    """Accept or decline a received request."""
    found = _event_or_404(request, pk)
    item = selectors.request(request_id)
    if (
        item is None
        or item.event_id != found.pk
        or not access.can_view_registration(request.user, item.receiver)
    ):
        raise Http404(_("No such request"))
    try:
        services.answer_request(request.user, item, request.POST.get("accept") == "1")
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    return redirect("events:requests", pk=found.pk)


@login_required
@require_POST
def book(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    """Book a free common slot for an accepted request."""
    found = _event_or_404(request, pk)
    item = selectors.request(request_id)
    if item is None or item.event_id != found.pk:
        raise Http404(_("No such request"))
    slot = next((s for s in selectors.slots(found) if str(s.pk) == request.POST.get("slot")), None)
    if slot is None:
        raise Http404(_("No such slot"))
    try:
        meeting_plan.book_slot(request.user, item, slot)
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Meeting booked."))
    return redirect("events:agenda", pk=found.pk)


@login_required
@require_POST
def availability(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the sessions the user's organisation cannot attend."""
    found = _event_or_404(request, pk)
    entry = _mine_or_404(request, found)
    form = AvailabilityForm(request.POST, event=found)
    if form.is_valid():
        services.set_availability(request.user, entry, list(form.cleaned_data["unavailable"]))
        messages.success(request, _("Availability saved."))
    return redirect("events:requests", pk=found.pk)


def _agenda_context(request: HttpRequest, found: Event) -> dict[str, Any]:
    entry = _mine_or_404(request, found)
    meetings = selectors.meetings_of(entry)
    rows = [(m, m.second if m.first_id == entry.pk else m.first) for m in meetings]
    reported = selectors.follow_ups_of(entry)
    return {
        "event": found,
        "mine": entry,
        "rows": rows,
        "meetings": meetings,
        "reported": reported,
        "outcomes": FollowUpOutcome.choices,
        "after": timezone.now() >= found.starts,
    }


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The personal agenda: meetings in time order with partner, table or room link."""
    found = _event_or_404(request, pk)
    context = _agenda_context(request, found)
    fmt = request.GET.get("format", "")
    if fmt == "ics":
        body = calendar_files.agenda_ics(context["mine"], context["meetings"], _base_url(request))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="agenda-{found.pk}.ics"'
        return response
    if fmt == "pdf":
        html = render_to_string("events/agenda_print.html", context, request=request)
        response = HttpResponse(
            calendar_files.html_to_pdf(html, _base_url(request)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="agenda-{found.pk}.pdf"'
        return response
    return render(request, "events/agenda.html", context)


@login_required
def badge(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's badge: name, type and the QR code the organisers scan at check-in."""
    found = _event_or_404(request, pk)
    entry = _mine_or_404(request, found)
    url = request.build_absolute_uri(
        f"/events/{found.pk}/check-in/{services.checkin_token(entry)}/"
    )
    context = {"event": found, "mine": entry, "qr": calendar_files.qr_svg(url)}
    if request.GET.get("format") == "pdf":
        html = render_to_string("events/badge_print.html", context, request=request)
        response = HttpResponse(
            calendar_files.html_to_pdf(html, _base_url(request)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="badge-{found.pk}.pdf"'
        return response
    return render(request, "events/badge.html", context)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    """Report after the event whether a meeting was held and what came of it."""
    found = _event_or_404(request, pk)
    entry = _mine_or_404(request, found)
    meeting = next((m for m in selectors.meetings_of(entry) if m.pk == meeting_id), None)
    if meeting is None:
        raise Http404(_("No such meeting in your agenda"))
    try:
        services.report_follow_up(
            request.user,
            meeting,
            entry,
            request.POST.get("outcome", ""),
            held=request.POST.get("held") != "0",
        )
    except InvalidInputError as exc:
        messages.error(request, f"{exc.message}: {exc.value}")
    else:
        messages.success(request, _("Thank you: follow-up recorded."))
    return redirect("events:agenda", pk=found.pk)
