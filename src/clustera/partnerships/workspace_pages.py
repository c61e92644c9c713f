"""Pages of the partnership workspace: the list, the workspace (or the public summary), its
forms (one small POST handler per action), value-chain gap suggestions and invitations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import investment, rules, selectors, workspace
from clustera.partnerships.dossier import render_dossier
from clustera.partnerships.models import FundingSource, MilestoneStatus, ProposalStage
from clustera.partnerships.roadmap_chart import Bar, timeline


def partnership_list(request: HttpRequest) -> HttpResponse:
    """Partnerships: the user's workspaces and the public summaries."""
    found = list(selectors.partnerships_visible_to(request.user).prefetch_related("members"))
    return render(
        request,
        "partnerships/partnership_list.html",
        {"partnerships": found, "may_create": rules.may_manage_calls(request.user)},
    )


ROADMAP_PAGE = 50


def bars(roadmap: list[selectors.RoadmapItem]) -> list[Bar]:
    """The roadmap's items as timeline bars."""
    return [Bar(m.id, m.title, m.start, m.due, m.status, m.depends_on) for m in roadmap]


def _roadmap_page(request: HttpRequest, roadmap: list[Any]) -> dict[str, Any]:
    """One page of the roadmap table (the timeline shows all), and the "after" options built
    once in Python rather than looked up item by item in the template."""
    pages = max(1, -(-len(roadmap) // ROADMAP_PAGE))
    raw = request.GET.get("roadmap", "1")
    number = min(pages, max(1, int(raw))) if raw.isdigit() else 1
    return {
        "roadmap_rows": roadmap[(number - 1) * ROADMAP_PAGE : number * ROADMAP_PAGE],
        "roadmap_page": number,
        "roadmap_pages": range(1, pages + 1) if pages > 1 else range(0),
        "roadmap_options": format_html_join(
            "", '<option value="{}">{}</option>', ((m.id, m.title) for m in roadmap)
        ),
    }


def _coverage(step: Any, active: set[int]) -> tuple[Any, list[Any], str]:
    """A step, its covering organisations and "covered", "invited" (only invited ones) or "gap"."""
    covering = list(step.covering)
    if any(o.pk in active for o in covering):
        return step, covering, "covered"
    return step, covering, "invited" if covering else "gap"


def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The workspace for members and editors; the public summary for others when published."""
    partnership = selectors.workspace(pk)
    if partnership is None:
        raise Http404(gettext("No such partnership"))
    members = [m for m in partnership.members.all()]
    if not rules.may_view_workspace(request.user, partnership):
        if partnership.visibility != "public":
            raise Http404(gettext("No such partnership"))
        return render(
            request,
            "partnerships/partnership_public.html",
            {
                "p": partnership,
                "members": [m for m in members if m.active],
                "stage": investment.stage_of(partnership),
            },
        )
    proposal = getattr(partnership, "proposal", None)
    member_orgs = {m.organisation_id for m in members if m.active}
    roadmap = selectors.roadmap(partnership.pk)
    table = investment.financing(proposal) if proposal else None
    return render(
        request,
        "partnerships/workspace.html",
        {
            "p": partnership,
            "members": members,
            "timeline": timeline(
                bars(roadmap), gettext("Roadmap of %(name)s") % {"name": partnership.name}
            ),
            **_roadmap_page(request, roadmap),
            "budget_lines": selectors.budget_lines(proposal) if proposal else [],
            "item_base": f"/partnerships/{partnership.pk}/items/",
            "steps": [_coverage(s, member_orgs) for s in partnership.steps.all()],
            "proposal": proposal,
            "financing": table,
            "readiness": investment.readiness_problems(proposal, table) if proposal else [],
            "risks": list(proposal.risks.all()) if proposal else [],
            "activity": selectors.activity_of(partnership),
            "may_manage": rules.may_manage_members(request.user, partnership),
            "statuses": MilestoneStatus.choices,
            "stages": ProposalStage.choices,
            "sources": FundingSource.choices,
        },
    )


def _text(request: HttpRequest, name: str, required: bool = True) -> str:
    value = request.POST.get(name, "").strip()
    if required and not value:
        raise InvalidInputError(gettext("required"), field=name, value="")
    return value


def _number(request: HttpRequest, name: str, kind: Callable[[str], Any] = int) -> Any:
    raw = request.POST.get(name, "").strip()
    try:
        return kind(raw)
    except (ValueError, InvalidOperation):
        raise InvalidInputError(gettext("not a number"), field=name, value=raw) from None


def _date(request: HttpRequest, name: str) -> date:
    raw = request.POST.get(name, "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError(gettext("a date as YYYY-MM-DD"), field=name, value=raw) from None


def _organisation(request: HttpRequest, name: str = "organisation") -> Any:
    wanted = request.POST.get(name, "").strip()
    found = selectors.organisation_by_id_or_name(wanted)
    if found is None:
        raise InvalidInputError(
            gettext("no organisation with this id or name"), field=name, value=wanted
        )
    return found


def _proposal(p: Any) -> Any:
    found = getattr(p, "proposal", None)
    if found is None:
        raise InvalidInputError(
            gettext("start the investment proposal first"), field="proposal", value=""
        )
    return found


def _milestone(request: HttpRequest, p: Any) -> Any:
    found = p.milestones.filter(pk=_number(request, "milestone")).first()
    if found is None:
        raise InvalidInputError(
            gettext("no such roadmap item"), field="milestone", value=request.POST.get("milestone")
        )
    return found


def _step(request: HttpRequest, p: Any) -> Any:
    found = p.steps.filter(pk=_number(request, "step")).first()
    if found is None:
        raise InvalidInputError(
            gettext("no such step"), field="step", value=request.POST.get("step")
        )
    return found


ACTIONS: dict[str, Callable[[HttpRequest, Any], Any]] = {
    "strategy": lambda r, p: workspace.update_strategy(
        r.user,
        p,
        {
            **{n: r.POST.get(n, "") for n in workspace.STRATEGY_FIELDS},
            **({"visibility": r.POST["visibility"]} if "visibility" in r.POST else {}),
        },
    ),
    "focus": lambda r, p: workspace.set_focus(
        r.user,
        p,
        [c.strip() for c in r.POST.get("regions", "").replace(",", ";").split(";") if c.strip()],
        [
            c.strip()
            for c in r.POST.get("technologies", "").replace(",", ";").split(";")
            if c.strip()
        ],
    ),
    "document": lambda r, p: workspace.add_document(
        r.user, p, r.POST.get("title", ""), r.FILES.get("file")
    ),
    "indicator": lambda r, p: workspace.add_indicator(
        r.user,
        p,
        _text(r, "name"),
        _text(r, "unit", False),
        _number(r, "baseline", float),
        _number(r, "target", float),
    ),
    "member": lambda r, p: workspace.invite_member(
        r.user, p, _organisation(r), r.POST.get("role", "partner")
    ),
    "milestone": lambda r, p: workspace.add_milestone(
        r.user,
        p,
        _text(r, "title"),
        _date(r, "start"),
        _date(r, "due"),
        p.members.filter(pk=r.POST.get("owner") or 0).first(),
        list(p.milestones.filter(pk__in=[v for v in r.POST.getlist("depends_on") if v.isdigit()])),
    ),
    "milestone_status": lambda r, p: workspace.set_milestone_status(
        r.user, _milestone(r, p), r.POST.get("status", "")
    ),
    "step": lambda r, p: workspace.add_step(r.user, p, _text(r, "name")),
    "cover": lambda r, p: workspace.cover_step(r.user, _step(r, p), _organisation(r)),
    "fill_gap": lambda r, p: workspace.fill_gap(r.user, _step(r, p), _organisation(r)),
    "pilot": lambda r, p: workspace.add_pilot(
        r.user,
        p,
        _text(r, "title"),
        _number(r, "budget", Decimal),
        _number(r, "trl_start"),
        _number(r, "trl_target"),
        r.POST.get("kpis", ""),
        selectors.member_organisations(p, r.POST.getlist("participants")),
    ),
    "proposal": lambda r, p: investment.save_proposal(
        r.user,
        p,
        _text(r, "title"),
        _number(r, "total", Decimal) if r.POST.get("total", "").strip() else None,
        r.POST.get("co_investors", ""),
    ),
    "budget_line": lambda r, p: investment.add_budget_line(
        r.user,
        _proposal(p),
        _organisation(r),
        _number(r, "year"),
        r.POST.get("source", ""),
        _number(r, "amount", Decimal),
        r.POST.get("description", ""),
    ),
    "risk": lambda r, p: investment.add_risk(
        r.user,
        _proposal(p),
        _text(r, "description"),
        _number(r, "likelihood"),
        _number(r, "impact"),
        r.POST.get("mitigation", ""),
    ),
    "stage": lambda r, p: investment.move_stage(r.user, _proposal(p), r.POST.get("stage", "")),
}


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one workspace action; refusals come back as a message naming the field and value."""
    partnership = selectors.workspace(pk)
    if partnership is None or not rules.may_view_workspace(request.user, partnership):
        raise Http404(gettext("No such partnership"))
    if action not in ACTIONS:
        raise Http404(gettext("No such action"))
    try:
        ACTIONS[action](request, partnership)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Saved."))
    return redirect(f"/partnerships/{pk}/#{action}")


@login_required
def gaps(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    """Organisations that could cover a value-chain step, with the reasons, to invite."""
    partnership = selectors.workspace(pk)
    if partnership is None or not rules.may_view_workspace(request.user, partnership):
        raise Http404(gettext("No such partnership"))
    step = partnership.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404(gettext("No such step"))
    suggestions, note = workspace.gap_suggestions(partnership, step)
    return render(
        request,
        "partnerships/gaps.html",
        {
            "p": partnership,
            "step": step,
            "suggestions": suggestions,
            "note": note,
            "may_manage": rules.may_manage_members(request.user, partnership),
        },
    )


@login_required
@require_POST
def open_workspace(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the workspace of an accepted application (its lead's admins, editors)."""
    application = selectors.application_detail(request.user, pk)
    if application is None:
        raise Http404(gettext("No such application"))
    try:
        partnership = workspace.create_partnership(
            request.user,
            application.title,
            application.lead,
            application,
            objectives=application.objectives,
            vision=application.concept[:5000],
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, str(exc))
        return redirect("partnerships:application", pk=pk)
    return redirect("partnerships:partnership", pk=partnership.pk)


@login_required
def partnership_new(request: HttpRequest) -> HttpResponse:
    """Open a partnership directly (editors): a name and the lead organisation."""
    if not rules.may_manage_calls(request.user):
        raise PermissionDenied(gettext("Only platform editors open a partnership directly"))
    error = ""
    if request.method == "POST":
        try:
            partnership = workspace.create_partnership(
                request.user, _text(request, "name"), _organisation(request, "lead")
            )
        except InvalidInputError as exc:
            error = str(exc)
        else:
            return redirect("partnerships:partnership", pk=partnership.pk)
    return render(request, "partnerships/partnership_new.html", {"error": error})


@login_required
def workspace_invitations(request: HttpRequest) -> HttpResponse:
    """Invitations to join partnerships, for the organisations the user administers."""
    if request.method == "POST":
        member = next(
            (
                m
                for m in selectors.workspace_invitations_for(request.user)
                if str(m.pk) == request.POST.get("member")
            ),
            None,
        )
        if member is None:
            raise Http404(gettext("No such invitation"))
        workspace.accept_membership(request.user, member)
        messages.success(
            request,
            gettext("%(organisation)s joined %(partnership)s.")
            % {"organisation": member.organisation.name, "partnership": member.partnership.name},
        )
        return redirect("partnerships:partnership", pk=member.partnership_id)
    return render(
        request,
        "partnerships/workspace_invitations.html",
        {"invitations": selectors.workspace_invitations_for(request.user)},
    )


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the dossier as PDF (default) or HTML (members and editors)."""
    partnership = selectors.workspace(pk)
    if partnership is None or not rules.may_view_workspace(request.user, partnership):
        raise Http404(gettext("No such partnership"))
    fmt = "html" if request.GET.get("format") == "html" else "pdf"
    body = render_dossier(partnership.pk, fmt)
    if fmt == "html":
        return HttpResponse(body, content_type="text/html; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="partnership-{partnership.pk}.pdf"'
    return response
