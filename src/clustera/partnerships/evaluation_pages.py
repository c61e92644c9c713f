"""Pages of the evaluation: the editor's panel (evaluators, assignments, ranking, decisions)
and the evaluator's scoring page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import evaluation, rules, selectors
from clustera.partnerships.forms import DecisionForm, ScoreForm
from clustera.partnerships.views import refusal_on_form


def _managed_call(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    if not rules.may_manage_calls(request.user):
        raise Http404(gettext("No such call"))
    call = selectors.call_detail(request.user, pk)
    if call is None:
        raise Http404(gettext("No such call"))
    return call


@login_required
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's evaluation panel of a call."""
    call = _managed_call(request, pk)
    return render(
        request,
        "partnerships/evaluation_panel.html",
        {
            "call": call,
            "evaluators": list(call.evaluators.select_related("user")),
            "applications": selectors.applications_of_call(request.user, call),
            "ranking": evaluation.ranking(call),
            "decision_form": DecisionForm(),
        },
    )


def _back(call_id: int) -> HttpResponse:
    return redirect("partnerships:evaluation_panel", pk=call_id)


def _user_named(name: str):  # type: ignore[no-untyped-def]
    return get_user_model().objects.filter(username=name.strip()).first()


@login_required
@require_POST
def appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a user (by user name) the evaluator role for the call."""
    call = _managed_call(request, pk)
    user = _user_named(request.POST.get("username", ""))
    if user is None:
        messages.error(request, gettext("No user with this name."))
    else:
        evaluation.appoint_evaluator(request.user, call, user)
        messages.success(
            request, gettext("%(user)s evaluates this call.") % {"user": user.get_username()}
        )
    return _back(call.pk)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign an application to an evaluator (refused on a conflict of interest)."""
    call = _managed_call(request, pk)
    application = call.applications.filter(pk=request.POST.get("application") or 0).first()
    user = _user_named(request.POST.get("username", ""))
    if application is None or user is None:
        messages.error(request, gettext("Choose an application and an evaluator."))
        return _back(call.pk)
    try:
        evaluation.assign(request.user, application, user)
    except InvalidInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Assigned to %(user)s.") % {"user": user.get_username()})
    return _back(call.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, application_id: int) -> HttpResponse:
    """Accept or reject an application with reasons; the applicants are notified."""
    call = _managed_call(request, pk)
    application = call.applications.filter(pk=application_id).first()
    if application is None:
        raise Http404(gettext("No such application"))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose accept or reject and give the reasons."))
        return _back(call.pk)
    try:
        evaluation.decide(
            request.user, application, form.cleaned_data["accept"], form.cleaned_data["reasons"]
        )
    except InvalidInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("“%(title)s” %(status)s; applicants notified.")
            % {"title": application.title, "status": str(application.get_status_display()).lower()},
        )
    return _back(call.pk)


@login_required
@require_POST
def publish_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the call's anonymised statistics."""
    call = _managed_call(request, pk)
    try:
        evaluation.publish_results(request.user, call)
    except InvalidInputError as exc:
        messages.error(request, str(exc))
        return _back(call.pk)
    return redirect("partnerships:call", pk=call.pk)


@login_required
def my_evaluations(request: HttpRequest) -> HttpResponse:
    """The applications assigned to the user, across calls."""
    return render(
        request,
        "partnerships/my_evaluations.html",
        {"assignments": selectors.assignments_of(request.user)},
    )


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare no conflict of interest, then score each criterion with a comment."""
    assignment = next((a for a in selectors.assignments_of(request.user) if a.pk == pk), None)
    if assignment is None:
        raise Http404(gettext("No such evaluation"))
    application = selectors.application_detail(request.user, assignment.application_id)
    criteria = list(assignment.application.call.criteria.all())
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    initial = {}
    for criterion_id, found in existing.items():
        initial[f"score_{criterion_id}"] = found.score
        initial[f"comment_{criterion_id}"] = found.comment
    form = ScoreForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST":
        try:
            if "declare" in request.POST:
                evaluation.declare_no_conflict(request.user, assignment)
                messages.success(request, gettext("Declaration recorded: you may score."))
                return redirect("partnerships:score", pk=assignment.pk)
            if form.is_valid():
                evaluation.submit_scores(request.user, assignment, form.scores())
                messages.success(request, gettext("Scores saved."))
                return redirect("partnerships:my_evaluations")
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        except InvalidInputError as exc:
            refusal_on_form(form, exc)
    return render(
        request,
        "partnerships/score.html",
        {"assignment": assignment, "application": application, "form": form},
    )
