"""Pages that change or remove one item of the workspace: a roadmap item, a pilot, a budget
line or a risk (members and editors; others get a 404 for a private workspace, 403 to write)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import rules, selectors, workspace_edits
from clustera.partnerships.models import FundingSource, MilestoneStatus
from clustera.partnerships.selectors import find_item
from clustera.partnerships.workspace_pages import _date, _number, _organisation, _text

KINDS = ("milestone", "pilot", "budget_line", "risk")


def _save_milestone(r: HttpRequest, p: Any, item: Any) -> Any:
    return workspace_edits.edit_milestone(
        r.user,
        item,
        _text(r, "title"),
        _date(r, "start"),
        _date(r, "due"),
        r.POST.get("status", ""),
        p.members.filter(pk=r.POST.get("owner") or 0).first(),
        list(p.milestones.filter(pk__in=[v for v in r.POST.getlist("depends_on") if v.isdigit()])),
    )


def _save_pilot(r: HttpRequest, p: Any, item: Any) -> Any:
    return workspace_edits.edit_pilot(
        r.user,
        item,
        _text(r, "title"),
        _number(r, "budget", Decimal),
        _number(r, "trl_start"),
        _number(r, "trl_target"),
        r.POST.get("kpis", ""),
        r.POST.get("status", ""),
        selectors.member_organisations(p, r.POST.getlist("participants")),
    )


def _save_line(r: HttpRequest, p: Any, item: Any) -> Any:
    return workspace_edits.edit_budget_line(
        r.user,
        item,
        _organisation(r),
        _number(r, "year"),
        r.POST.get("source", ""),
        _number(r, "amount", Decimal),
        r.POST.get("description", ""),
    )


def _save_risk(r: HttpRequest, p: Any, item: Any) -> Any:
    return workspace_edits.edit_risk(
        r.user,
        item,
        _text(r, "description"),
        _number(r, "likelihood"),
        _number(r, "impact"),
        r.POST.get("mitigation", ""),
    )


SAVE: dict[str, Callable[[HttpRequest, Any, Any], Any]] = {
    "milestone": _save_milestone,
    "pilot": _save_pilot,
    "budget_line": _save_line,
    "risk": _save_risk,
}
DELETE: dict[str, Callable[[Any, Any], None]] = {
    "milestone": workspace_edits.delete_milestone,
    "pilot": workspace_edits.delete_pilot,
    "budget_line": workspace_edits.delete_budget_line,
    "risk": workspace_edits.delete_risk,
}
ANCHORS = {
    "milestone": "milestone",
    "pilot": "pilot",
    "budget_line": "proposal",
    "risk": "proposal",
}


def _post(request: HttpRequest, partnership: Any, kind: str, item: Any) -> str:
    """Save or delete; returns the error text ("" when done)."""
    try:
        if "delete" in request.POST:
            DELETE[kind](request.user, item)
            messages.success(request, _("Removed."))
        else:
            SAVE[kind](request, partnership, item)
            messages.success(request, _("Saved."))
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        return str(exc)
    return ""


@login_required
def item(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    """Edit (GET: the form; POST: save) or delete (POST with ``delete``) one workspace item."""
    partnership = selectors.workspace(pk)
    if partnership is None or not rules.may_view_workspace(request.user, partnership):
        raise Http404(_("No such partnership"))
    found = find_item(partnership, kind, item_id)
    if found is None:
        raise Http404(_("No such item"))
    error = ""
    if request.method == "POST":
        error = _post(request, partnership, kind, found)
        if not error:
            return redirect(f"/partnerships/{pk}/#{ANCHORS[kind]}")
    return render(
        request,
        "partnerships/item_form.html",
        {
            "p": partnership,
            "kind": kind,
            "item": find_item(partnership, kind, item_id) if error else found,
            "error": error,
            "members": [m for m in partnership.members.all() if m.active],
            "roadmap": [r for r in selectors.roadmap(pk) if r.id != item_id]
            if kind == "milestone"
            else [],
            "depends": set(found.depends_on.values_list("pk", flat=True))
            if kind == "milestone"
            else set(),
            "participants": {o.pk for o in found.participants.all()} if kind == "pilot" else set(),
            "statuses": MilestoneStatus.choices,
            "pilot_statuses": workspace_edits.PILOT_STATUSES,
            "sources": FundingSource.choices,
            "may_edit": rules.may_edit_workspace(request.user, partnership),
        },
    )
