"""Organiser pages of an event: registrations to validate, Schedule all and Re-plan, the table
plan, statistics, and the check-in page for a phone (scanned QR or typed code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clustera.errors import InvalidInputError
from clustera.events import access, meeting_plan, selectors, services
from clustera.events.models import Event


def _managed_or_404(request: HttpRequest, pk: int) -> Event:
    found = selectors.event(request.user, pk)
    if found is None:
        raise Http404("No such event")
    if not access.can_manage_event(request.user, found):
        raise PermissionDenied("Only the event's organisers")
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
        "sessions": list(found.sessions.all()),
    }
    return render(request, "events/manage.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, registration_id: int) -> HttpResponse:
    """Validate or reject a registration."""
    found = _managed_or_404(request, pk)
    entry = found.registrations.filter(pk=registration_id).first()
    if entry is None:
        raise Http404("No such registration")
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
    messages.success(request, "Scheduling started; the table plan fills in when it is done.")
    return redirect("events:manage", pk=found.pk)


@login_required
def table_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Every meeting by slot and table, with lock toggles."""
    found = _managed_or_404(request, pk)
    return render(
        request, "events/table_plan.html", {"event": found, "meetings": selectors.meetings(found)}
    )


@login_required
@require_POST
def lock(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    """Lock or unlock a meeting."""
    found = _managed_or_404(request, pk)
    meeting = found.meetings.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting")
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
