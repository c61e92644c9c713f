"""Pages of calls and applications: the call list and page, the call editor, applying,
inviting partners, answering invitations, submitting and withdrawing."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import evaluation, rules, selectors, services
from clustera.partnerships.forms import (
    ApplicationForm,
    ApplyForm,
    CallForm,
    DocumentForm,
    InviteForm,
)
from clustera.partnerships.models import Application


def refusal_on_form(form: forms.Form, exc: InvalidInputError) -> None:
    """Show a service's refusal on the field it names (or above the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(
        field, f"{exc.message} ({exc.value})" if exc.value not in (None, "") else exc.message
    )


def call_list(request: HttpRequest) -> HttpResponse:
    """Calls for expression of interest, newest deadline first."""
    calls = list(selectors.visible_calls(request.user))
    return render(
        request,
        "partnerships/call_list.html",
        {"calls": calls, "may_manage": rules.may_manage_calls(request.user)},
    )


def _call_or_404(request: HttpRequest, pk: int) -> Any:
    call = selectors.call_detail(request.user, pk)
    if call is None:
        raise Http404(gettext("No such call"))
    return call


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call: text, themes, who may apply, countdown, criteria, documents and results."""
    call = _call_or_404(request, pk)
    leads = [
        o
        for o in selectors.organisations_by_ids(
            sorted(selectors.organisation_ids_of(request.user, admin_only=True))
        ).values()
    ]
    return render(
        request,
        "partnerships/call_detail.html",
        {
            "call": call,
            "countdown": services.countdown(call),
            "apply_form": ApplyForm(organisations=leads) if leads else None,
            "applications": selectors.applications_of_call(request.user, call),
            "may_manage": rules.may_manage_calls(request.user),
            "statistics": evaluation.statistics(call) if call.status == "evaluated" else None,
            "assignments": selectors.assignments_of(request.user, call),
        },
    )


def _save_call(request: HttpRequest, call: Any) -> HttpResponse:
    if not rules.may_manage_calls(request.user):
        raise PermissionDenied(gettext("Only platform editors publish calls"))
    initial: dict[str, Any] = {}
    if call is not None:
        initial = {
            "title": call.title,
            "summary": call.summary,
            "text": call.text,
            "organisation_types": call.organisation_types,
            "countries": call.countries,
            "min_partners": call.min_partners,
            "min_countries": call.min_countries,
            "deadline": call.deadline.astimezone(zoneinfo.ZoneInfo(call.time_zone)),
            "time_zone": call.time_zone,
            "overall_threshold": call.overall_threshold,
            "technologies": list(call.technologies.all()),
            "ecosystems": list(call.ecosystems.all()),
            "s3_priorities": list(call.s3_priorities.all()),
            "criteria": "\n".join(
                f"{c.name} | {c.weight:g} | {c.threshold:g} | {c.max_score:g}"
                for c in call.criteria.all()
            ),
        }
    form = CallForm(
        request.POST or None, initial=initial, countries=services.eligible_country_choices()
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_call(
                request.user, form.service_fields(), form.cleaned_data["criteria"], call
            )
        except InvalidInputError as exc:
            refusal_on_form(form, exc)
        else:
            if "publish" in request.POST:
                services.publish_call(request.user, saved)
            messages.success(
                request,
                gettext("Call “%(title)s” saved (%(status)s).")
                % {"title": saved.title, "status": saved.get_status_display()},
            )
            return redirect("partnerships:call", pk=saved.pk)
    return render(request, "partnerships/call_form.html", {"form": form, "call": call})


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    """The call editor for a new call (editors only)."""
    return _save_call(request, None)


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The call editor for an existing call (editors only)."""
    return _save_call(request, _call_or_404(request, pk))


@login_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft call."""
    call = _call_or_404(request, pk)
    try:
        services.publish_call(request.user, call)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect("partnerships:call", pk=call.pk)


@login_required
@require_POST
def call_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document to a call (editors only)."""
    call = _call_or_404(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_call_document(
                request.user, call, form.cleaned_data["title"], form.cleaned_data["file"]
            )
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        except InvalidInputError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, gettext("Choose a file to attach."))
    return redirect("partnerships:call", pk=call.pk)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an application as lead."""
    call = _call_or_404(request, pk)
    leads = list(
        selectors.organisations_by_ids(
            sorted(selectors.organisation_ids_of(request.user, admin_only=True))
        ).values()
    )
    if not leads:
        raise PermissionDenied(gettext("Only an organisation's admins apply on its behalf"))
    form = ApplyForm(request.POST, organisations=leads)
    if "lead" in form.errors:
        raise PermissionDenied(gettext("You may apply only for an organisation you administer"))
    if not form.is_valid():
        messages.error(request, gettext("Choose an organisation you administer and a title."))
        return redirect("partnerships:call", pk=call.pk)
    lead = selectors.organisation(form.cleaned_data["lead"])
    if lead is None:
        raise Http404(gettext("No such organisation"))
    try:
        application = services.start_application(
            request.user,
            call,
            lead,
            form.cleaned_data["title"],
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, str(exc))
        return redirect("partnerships:call", pk=call.pk)
    return redirect("partnerships:application", pk=application.pk)


def _application_or_404(request: HttpRequest, pk: int) -> Application:
    application = selectors.application_detail(request.user, pk)
    if application is None:
        raise Http404(gettext("No such application"))
    return application


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application: its form while a draft, its consortium, eligibility and status."""
    application = _application_or_404(request, pk)
    editable = (
        rules.may_edit_application(request.user, application) and application.status == "draft"
    )
    form = ApplicationForm(
        request.POST or None,
        initial={name: getattr(application, name) for name in services.APPLICATION_FIELDS},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(
                gettext("This application is not yours to change, or it is frozen")
            )
        if form.is_valid():
            try:
                services.update_application(request.user, application, form.cleaned_data)
            except InvalidInputError as exc:
                refusal_on_form(form, exc)
            else:
                messages.success(request, gettext("Application saved."))
                return redirect("partnerships:application", pk=application.pk)
    return render(
        request,
        "partnerships/application_detail.html",
        {
            "application": application,
            "form": form,
            "editable": editable,
            "may_withdraw": rules.may_edit_application(request.user, application)
            and application.status in ("draft", "submitted"),
            "eligibility": services.eligibility_of(application),
            "invite_form": InviteForm(),
            "document_form": DocumentForm(),
            "show_scores": rules.may_manage_calls(request.user),
            "workspace": selectors.partnership_of(application),
            "may_open_workspace": application.status == "accepted"
            and (
                rules.may_manage_calls(request.user)
                or rules.may_lead(request.user, application.lead_id)
            ),
        },
    )


def _act(request: HttpRequest, application: Application, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("partnerships:application", pk=application.pk)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a partner organisation by id or exact name."""
    application = _application_or_404(request, pk)
    wanted = request.POST.get("organisation", "").strip()
    found = selectors.organisation_by_id_or_name(wanted)
    if found is None:
        messages.error(
            request, gettext("No organisation with id or name “%(name)s”.") % {"name": wanted}
        )
        return redirect("partnerships:application", pk=application.pk)
    return _act(
        request,
        application,
        lambda: services.invite_partner(request.user, application, found),
        gettext("%(name)s invited; its admins are notified.") % {"name": found.name},
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit the application (eligibility checked; frozen afterwards)."""
    application = _application_or_404(request, pk)
    return _act(
        request,
        application,
        lambda: services.submit_application(request.user, application),
        gettext("Application submitted. It can no longer be changed."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the application; the withdrawal and its reason are recorded."""
    application = _application_or_404(request, pk)
    return _act(
        request,
        application,
        lambda: services.withdraw_application(
            request.user, application, request.POST.get("reason", "")
        ),
        gettext("Application withdrawn."),
    )


@login_required
@require_POST
def application_document(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document to a draft application."""
    application = _application_or_404(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, gettext("Choose a file to attach."))
        return redirect("partnerships:application", pk=application.pk)
    return _act(
        request,
        application,
        lambda: services.add_application_document(
            request.user, application, form.cleaned_data["title"], form.cleaned_data["file"]
        ),
        gettext("Document attached."),
    )


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    """Open invitations to the organisations the user administers."""
    return render(
        request,
        "partnerships/invitations.html",
        {"invitations": selectors.invitations_for(request.user)},
    )


@login_required
@require_POST
def answer_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation."""
    partner = selectors.application_partner(pk)
    if partner is None or not rules.may_answer_invitation(request.user, partner):
        raise Http404(gettext("No such invitation"))
    try:
        services.answer_invitation(request.user, partner, request.POST.get("answer") == "accept")
    except InvalidInputError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Invitation %(status)s.")
            % {"status": str(partner.get_status_display()).lower()},
        )
    return redirect("partnerships:invitations")
