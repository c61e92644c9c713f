"""Account pages: sign-up and verification, "My account" (organisations, requests, members,
API tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clustera.accounts import selectors, services
from clustera.accounts.forms import (
    InvitationForm,
    InvitedSignUpForm,
    OrganisationRequestForm,
    SignUpForm,
)
from clustera.accounts.invitations import INVITATION_DAYS, usable
from clustera.accounts.models import Invitation, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.errors import InvalidInputError


def _verb(kind: str) -> str:
    return {"claim": _("claim"), "join": _("join")}.get(kind, kind)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _account_page(request: HttpRequest, new_token: str = "", status: int = 200) -> HttpResponse:
    user = request.user
    memberships = selectors.memberships_of(user)
    managed = [m.organisation_id for m in memberships if m.role == "admin"]
    members = selectors.members_of(managed)
    invited = selectors.invitations_of(managed)
    query = request.GET.get("q", "")[:100]
    context = {
        "memberships": [
            (m, members.get(m.organisation_id, []), invited.get(m.organisation_id, []))
            for m in memberships
        ],
        "role_choices": OrganisationRole.choices,
        "invitation_days": INVITATION_DAYS,
        "tokens": selectors.tokens_of(user),
        "is_editor": is_editor(user),
        "reads_audit": is_editor(user) or bool(managed),
        "new_token": new_token,
        "my_requests": selectors.requests_of(user),
        "to_decide": selectors.requests_to_decide(user),
        "suggested": selectors.organisations_matching_email(user),
        "query": query,
        "found": selectors.find_organisations(user, query),
    }
    return render(request, "accounts/account.html", context, status=status)


def sign_up(request: HttpRequest) -> HttpResponse:
    """Create an account; it is active once the e-mailed link is opened."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.sign_up(
                data["username"], data["email"], data["password1"], _base_url(request)
            )
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(request, "accounts/sign_up_sent.html", {"email": user.email})
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/sign_up.html", {"form": form}, status=status)


def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Open the e-mailed link: activate the account and log in."""
    try:
        user = services.verify_email(uidb64, token)
    except InvalidInputError as exc:
        return render(request, "accounts/verify_failed.html", {"error": exc.message}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        _(
            "Your e-mail address is confirmed and your account active. "
            "Now claim, join or create the organisation you act for."
        ),
    )
    return redirect("accounts:account")


def resend(request: HttpRequest) -> HttpResponse:
    """Ask for a new verification link (the answer is the same whether the address is known)."""
    if request.method == "POST":
        services.resend_verification(request.POST.get("email", "")[:254], _base_url(request))
        return render(
            request, "accounts/sign_up_sent.html", {"email": request.POST.get("email", "")[:254]}
        )
    return render(request, "accounts/resend.html")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's organisations (with roles and members), requests, and API tokens."""
    return _account_page(request)


@login_required
@require_POST
def organisation_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to claim or join organisation ``pk`` (404 when the user may not see it)."""
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise Http404(_("No such organisation"))
    form = OrganisationRequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose to claim or join, with a message of at most 1,000 characters.")
        )
        return redirect("accounts:account")
    try:
        sent = services.request_organisation(
            request.user,
            organisation,
            form.cleaned_data["kind"],
            form.cleaned_data["message"],
            _base_url(request),
        )
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    else:
        _approvers, reason = selectors.approvers_of(organisation.pk)
        admins = reason == _("an administrator of this organisation")
        who = _("its administrators") if admins else _("the platform's editors")
        messages.success(
            request,
            _("Your request to %(verb)s %(organisation)s was sent to %(who)s.")
            % {"verb": _verb(sent.kind), "organisation": organisation.name, "who": who},
        )
    return redirect("accounts:account")


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or decline a request (admins of its organisation, editors)."""
    approve = request.POST.get("decision") == "approve"
    try:
        decided = services.decide_request(request.user, pk, approve, _base_url(request))
    except InvalidInputError:
        raise Http404(_("No pending request with this id for you to decide")) from None
    messages.success(
        request,
        _("%(user)s (%(kind)s %(organisation)s): %(status)s.")
        % {
            "user": decided.user,
            "kind": decided.kind,
            "organisation": decided.organisation.name,
            "status": str(decided.get_status_display()).lower(),
        },
    )
    return redirect("accounts:account")


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw one of the user's own pending requests."""
    try:
        services.withdraw_request(request.user, pk)
    except InvalidInputError:
        raise Http404(_("You have no pending request with this id")) from None
    messages.success(request, _("Request withdrawn."))
    return redirect("accounts:account")


@login_required
@require_POST
def membership_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role, or remove them (``action=remove``; also to leave)."""
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(request.user, pk)
            messages.success(request, _("Membership removed."))
        else:
            services.change_role(request.user, pk, request.POST.get("role", ""))
            messages.success(request, _("Role changed."))
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        if exc.field == "membership" and "no membership" in exc.message:
            raise Http404(exc.message) from None
        messages.error(request, exc.message)
    return redirect("accounts:account")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token for the user; the clear token is shown on this response only."""
    try:
        _, clear = services.create_token(request.user, request.POST.get("name", ""))
    except InvalidInputError as exc:
        messages.error(request, exc.message)
        return _account_page(request, status=422)
    return _account_page(request, new_token=clear)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    try:
        services.revoke_token(request.user, pk)
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token revoked."))
    return redirect("accounts:account")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what and when: editors see everything, organisation admins their own."""
    from django.core.paginator import Paginator

    from clustera.accounts import audit
    from clustera.accounts.forms import AuditFilterForm
    from clustera.accounts.permissions import NotAllowed

    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    try:
        found = audit.entries(
            request.user,
            organisation=filters.get("organisation"),
            model=filters.get("model", ""),
            action=int(filters["action"]) if filters.get("action") else None,
            actor=filters.get("actor", ""),
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [audit.describe(entry) for entry in page],
        "query": query.urlencode(),
        "everything": audit.auditable_organisations(request.user) is None,
    }
    return render(request, "accounts/audit_log.html", context)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's admin (or an editor) invites an address with a role."""
    organisation = selectors.organisation_for(request.user, pk)
    if organisation is None:
        raise Http404(gettext("No such organisation"))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        messages.error(request, _("%(field)s: %(error)s") % {"field": field, "error": errors[0]})
        return redirect("accounts:account")
    data = form.cleaned_data
    try:
        sent = services.invite(
            request.user,
            data["email"],
            organisation=organisation,
            role=data["role"],
            base_url=_base_url(request),
            message=data["message"],
        )
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
    else:
        messages.success(
            request,
            _("Invitation sent to %(email)s to join %(organisation)s as %(role)s.")
            % {"email": sent.email, "organisation": organisation.name, "role": sent.role},
        )
    return redirect(reverse("accounts:account") + f"#invitations-{pk}")


@login_required
@require_POST
def invitation_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Resend (a new link, a new period) or revoke a pending invitation."""
    try:
        if request.POST.get("action") == "revoke":
            done = services.revoke_invitation(request.user, pk)
            messages.success(request, _("Invitation to %(email)s revoked.") % {"email": done.email})
        else:
            done = services.resend_invitation(request.user, pk, _base_url(request))
            messages.success(request, _("Invitation resent to %(email)s.") % {"email": done.email})
    except InvalidInputError as exc:
        raise Http404(exc.message) from None
    return redirect("accounts:account")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: shows what the invitee joins; signs them up with the address fixed,
    asks an existing account to log in, or (signed in) accepts with one button."""
    found = services.find_invitation(token)
    problem = usable(found)
    if problem or found is None:
        status = 404 if found is None else 410
        return render(request, "accounts/invitation_closed.html", {"error": problem}, status=status)
    has_account = get_user_model().objects.filter(email__iexact=found.email).exists()
    form = InvitedSignUpForm(request.POST or None)
    context = {"invitation": found, "has_account": has_account, "form": form, "token": token}
    if request.method != "POST":
        return render(request, "accounts/invitation.html", context)
    try:
        if request.user.is_authenticated:
            services.accept_invitation(request.user, token)
        elif has_account or not form.is_valid():
            return render(request, "accounts/invitation.html", context, status=422)
        else:
            data = form.cleaned_data
            user, _accepted = services.sign_up_invited(token, data["username"], data["password1"])
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    except InvalidInputError as exc:
        if hasattr(form, "cleaned_data") and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            context["error"] = exc.message
        return render(request, "accounts/invitation.html", context, status=422)
    return _welcome(request, found)


def _welcome(request: HttpRequest, accepted: Invitation) -> HttpResponse:
    if accepted.organisation is not None:
        messages.success(
            request,
            _("Welcome: you now act for %(organisation)s as %(role)s.")
            % {"organisation": accepted.organisation.name, "role": accepted.get_role_display()},
        )
    else:
        messages.success(request, _("Welcome to Clustera."))
    return redirect(accepted.next_url or "accounts:account")
