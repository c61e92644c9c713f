"""Organiser pages of an event: registrations to validate, Schedule all and Re-plan, the table
plan, statistics, and the check-in page for a phone (scanned QR or typed code)."""

from __future__ import annotations

import csv
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustera.accounts.selectors import memberships_of
from clustera.errors import InvalidInputError
from clustera.events import access, event_setup, meeting_plan, selectors, services
from clustera.events.forms import EventForm, SessionForm, TranslationForm
from clustera.events.models import Event
from clustera.io.spreadsheet import neutralise_formula


def _managed_or_404(request: HttpRequest, pk: int) -> Event:
    found = selectors.event(request.user, pk)
    if found is None:
        raise Http404(_("No such event"))
    if not access.can_manage_event(request.user, found):
        raise PermissionDenied(_("Only the event's organisers"))
    return found


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's dashboard: registrations, scheduling and figures."""
    found = _managed_or_404(request, pk)
    context = {
        "event": found,
        "pending": list(selectors.registrations(found, "pending"))
        + list(selectors.registrations(found, "waiting")),
        "stats": selectors.statistics(found),
        "sessions": list(found.sessions.annotate(n=Count("slots"))),
        "session_form": SessionForm(),
        "types": selectors.participant_types(found),
        "questions": list(found.questions.all()),
    }
    return render(request, "events/manage.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    """Validate or reject a registration."""
    found = _managed_or_404(request, pk)
    entry = found.registrations.filter(pk=registration_id).first()
    if entry is None:
        raise Http404(_("No such registration"))
    try:
        services.decide_registration(request.user, entry, request.POST.get("accept") == "1")
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    return redirect("events:manage", pk=found.pk)


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Start "Schedule all" or "Re-plan" in the background."""
    found = _managed_or_404(request, pk)
    mode = "replan" if request.POST.get("mode") == "replan" else "all"
    meeting_plan.request_schedule(request.user, found, mode=mode, time_limit=10.0)
    messages.success(request, _("Scheduling started; the table plan fills in when it is done."))
    return redirect("events:manage", pk=found.pk)


@login_required
def statistics_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's statistics as CSV (figure, group, value); text cells are neutralised so a
    spreadsheet never evaluates them as formulas."""
    found = _managed_or_404(request, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["figure", "group", "value"])
    writer.writerows(
        [neutralise_formula(figure), neutralise_formula(group), value]
        for figure, group, value in selectors.statistics_rows(found)
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{found.pk}-statistics.csv"'
    return response


@login_required
def table_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Every meeting by slot and table, with lock toggles."""
    found = _managed_or_404(request, pk)
    context = {
        "event": found,
        "meetings": selectors.meetings(found),
        "usage": selectors.slot_usage(found),
    }
    return render(request, "events/table_plan.html", context)


@login_required
@require_POST
def lock(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    """Lock or unlock a meeting."""
    found = _managed_or_404(request, pk)
    meeting = found.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404(_("No such meeting"))
    meeting_plan.set_locked(request.user, meeting, request.POST.get("locked") == "1")
    return redirect("events:table_plan", pk=found.pk)


@login_required
def check_in(request: HttpRequest, pk: int, token: str = "") -> HttpResponse:
    """The check-in page for a phone: a scanned badge opens it with its token; or type the code."""
    found = _managed_or_404(request, pk)
    done = None
    error = ""
    if request.method == "POST":
        try:
            done = services.check_in(
                request.user,
                found,
                token=request.POST.get("token", ""),
                code=request.POST.get("code", ""),
            )
        except InvalidInputError as exc:
            error = exc.message
    context = {
        "event": found,
        "token": token,
        "done": done,
        "error": error,
        "checked_in": found.registrations.filter(checked_in__isnull=False).count(),
    }
    return render(request, "events/check_in.html", context, status=422 if error else 200)


def _admin_organisations(request: HttpRequest) -> list[Any]:
    return [m.organisation for m in memberships_of(request.user) if m.role == "admin"]


@login_required
def new_event(request: HttpRequest) -> HttpResponse:
    """Create an event for an organisation the user administers; errors shown on their fields."""
    organisations = _admin_organisations(request)
    if not organisations:
        raise PermissionDenied(_("Only an organisation's admins create its events"))
    form = EventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organiser = next(o for o in organisations if o.pk == form.cleaned_data["organiser"])
        try:
            created = event_setup.create_event(request.user, organiser, form.cleaned_data)
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Event created. Add meeting sessions below if it has B2B meetings.")
            )
            return redirect("events:manage", pk=created.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "events/new_event.html", {"form": form}, status=status)


@login_required
@require_POST
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a session of meeting slots (times are local to the event's time zone)."""
    found = _managed_or_404(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        zone = ZoneInfo(found.timezone)
        data = form.cleaned_data
        try:
            meeting_plan.add_session(
                request.user,
                found,
                data["name"],
                data["starts"].replace(tzinfo=None).replace(tzinfo=zone),
                data["ends"].replace(tzinfo=None).replace(tzinfo=zone),
                data["slot_minutes"],
                data.get("tables"),
            )
        except InvalidInputError as exc:
            messages.error(request, f"{exc.field}: {exc.message}")
        else:
            messages.success(request, _("Session added."))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("events:manage", pk=found.pk)


@login_required
@require_POST
def add_question(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a registration question."""
    found = _managed_or_404(request, pk)
    try:
        event_setup.add_question(
            request.user,
            found,
            request.POST.get("text", ""),
            request.POST.get("choices", ""),
            request.POST.get("required") == "on",
        )
    except InvalidInputError as exc:
        messages.error(request, _("Question: %(error)s") % {"error": exc.message})
    return redirect("events:manage", pk=found.pk)


@login_required
@require_POST
def type_rules(request: HttpRequest, pk: int, type_id: int) -> HttpResponse:
    """Save a participant type's caps and whom it may ask to meet."""
    found = _managed_or_404(request, pk)
    kind = found.participant_types.filter(pk=type_id).first()
    if kind is None:
        raise Http404(_("No such participant type"))
    try:
        caps = [int(request.POST.get(name) or 0) for name in ("max_requests", "max_meetings")]
    except ValueError:
        messages.error(request, _("%(kind)s: caps are whole numbers") % {"kind": kind.label})
        return redirect("events:manage", pk=found.pk)
    try:
        event_setup.set_type_rules(
            request.user, kind, caps[0], caps[1], request.POST.getlist("may_request")
        )
    except InvalidInputError as exc:
        messages.error(request, f"{kind.label}, {exc.field}: {exc.message} ({exc.value})")
    else:
        messages.success(request, _("%(kind)s: rules saved.") % {"kind": kind.label})
    return redirect("events:manage", pk=found.pk)


@login_required
def translations(request: HttpRequest, pk: int) -> HttpResponse:
    """The event's title and description in the site's other languages: add, replace, remove."""
    found = _managed_or_404(request, pk)
    form = TranslationForm(request.POST or None, event=found)
    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                services.delete_translation(request.user, found, request.POST["delete"])
                messages.success(request, _("Translation removed."))
                return redirect("events:translations", pk=found.pk)
            if form.is_valid():
                services.save_translation(request.user, found, **form.cleaned_data)
                messages.success(request, _("Translation saved."))
                return redirect("events:translations", pk=found.pk)
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    context = {"event": found, "form": form, "translations": found.translations.all()}
    status = 422 if form.errors else 200
    return render(request, "events/translations.html", context, status=status)
