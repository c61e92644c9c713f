"""Account use cases: signing up and verifying, API tokens, acting for organisations.

E-mail goes through Django's backend (``accounts/emails.py``); in-app notifications through
the notifier that a higher app hands in at start-up (``set_notifier``), because the
notifications table belongs to partnering, above this app.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from clustera.accounts import emails, selectors
from clustera.accounts.evidence import email_domain, matches_website
from clustera.accounts.invitations import (
    accept_invitation,
    find_invitation,
    invite,
    resend_invitation,
    revoke_invitation,
    sign_up_invited,
)
from clustera.accounts.models import (
    ApiToken,
    OrganisationMembership,
    OrganisationRequest,
    OrganisationRole,
    RequestKind,
    RequestStatus,
)
from clustera.accounts.permissions import (
    NotAllowed,
    can_decide_request,
    can_manage_members,
    can_view_organisation,
)
from clustera.accounts.platform_accounts import (
    apply_retention,
    ensure_demo_user,
    set_platform_admin,
)
from clustera.accounts.signup import resend_verification, sign_up, verify_email
from clustera.errors import InvalidInputError

__all__ = [
    "NotAllowed",
    "accept_invitation",
    "apply_retention",
    "ensure_demo_user",
    "find_invitation",
    "invite",
    "resend_invitation",
    "revoke_invitation",
    "sign_up_invited",
    "change_role",
    "create_token",
    "decide_request",
    "record_token_use",
    "remove_member",
    "request_organisation",
    "resend_verification",
    "revoke_token",
    "set_notifier",
    "set_platform_admin",
    "sign_up",
    "verify_email",
    "withdraw_request",
]

Notifier = Callable[[Sequence[int], str, str], object]
_notifiers: list[Notifier] = []


def set_notifier(notifier: Notifier) -> None:
    """Register the function that shows a text and a link to users in the app."""
    if notifier not in _notifiers:
        _notifiers.append(notifier)


def _notify(user_ids: Sequence[int], text: str, url: str) -> None:
    for notifier in _notifiers:
        notifier(user_ids, text[:500], url)


TOKEN_NAME_LENGTH = 100


def create_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token for an active ``user``; return the row and the clear token (shown once)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(gettext("Only active users may hold API tokens"))
    label = name.strip()
    if not label or len(label) > TOKEN_NAME_LENGTH:
        raise InvalidInputError(
            gettext("a token name has 1 to %(count)s characters") % {"count": TOKEN_NAME_LENGTH},
            field="name",
            value=name,
        )
    return ApiToken.issue(user, label)


def revoke_token(user: Any, token_id: int) -> None:
    """Delete one of the user's own tokens; scripts using it get 401 from then on."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(gettext("Log in to revoke a token"))
    deleted, _ = ApiToken.objects.filter(pk=token_id, user=user).delete()
    if not deleted:
        raise InvalidInputError(
            gettext("you hold no token with this id"), field="token", value=token_id
        )


def record_token_use(token: ApiToken) -> None:
    """Note when a token was last used (shown on the account page)."""
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())


def _refuse(field: str, value: Any, errors: ValidationError | str) -> InvalidInputError:
    message = errors if isinstance(errors, str) else " ".join(errors.messages)
    return InvalidInputError(message, field=field, value=value)


def _verb(kind: str) -> str:
    verbs = {"claim": gettext("claim"), "join": gettext("join")}
    return verbs.get(kind) or gettext("publish the new organisation")


def request_organisation(
    user: Any, organisation: Any, kind: str, message: str = "", base_url: str = ""
) -> OrganisationRequest:
    """Ask to claim (become admin of) or join (as member) an organisation.

    Its admins decide, or the platform's editors when it has none; they are notified in the
    app and by e-mail and told whether the user's e-mail domain is the organisation's.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(gettext("Log in with a verified account to act for an organisation"))
    if not can_view_organisation(user, organisation):
        raise _refuse("organisation", organisation.pk, gettext("no organisation with this id"))
    if kind not in RequestKind.values:
        raise _refuse("kind", kind, gettext("choose claim or join"))
    if len(message) > 1000:
        raise _refuse("message", f"{len(message)} characters", gettext("at most 1,000 characters"))
    role = selectors.role_in(user, organisation.pk)
    if role == OrganisationRole.ADMIN or (role and kind == RequestKind.JOIN):
        raise _refuse(
            "organisation",
            organisation.pk,
            gettext("you already act for %(organisation)s") % {"organisation": organisation.name},
        )
    try:
        with transaction.atomic():
            request = OrganisationRequest.objects.create(
                user=user,
                organisation=organisation,
                kind=kind,
                message=message.strip(),
                domain_match=matches_website(user.email, organisation.website or ""),
            )
    except IntegrityError:
        raise _refuse(
            "organisation", organisation.pk, gettext("you already have a request waiting for it")
        ) from None
    approvers, reason = selectors.approvers_of(organisation.pk)
    _ask(request, approvers, reason, base_url)
    return request


def _ask(request: OrganisationRequest, approvers: list[Any], reason: str, base_url: str) -> None:
    """Tell the approvers of a request, in the app and by e-mail."""
    user, kind = request.user, request.kind
    text = gettext("%(name)s asks to %(verb)s %(organisation)s") % {
        "name": user.get_username(),
        "verb": _verb(kind),
        "organisation": request.organisation.name,
    }
    if request.domain_match:
        text += " " + gettext("(their e-mail domain is the organisation's web domain)")
    url = reverse("accounts:account") + "#requests-to-decide"
    _notify([a.pk for a in approvers], text, url)
    emails.send(
        "accounts/email/request_received.txt",
        [a.email for a in approvers],
        {
            "request": request,
            "verb": _verb(kind),
            "domain": email_domain(user.email),
            "reason": reason,
            "link": emails.site_url(base_url) + url,
        },
    )


@transaction.atomic
def register_new_organisation(
    user: Any, organisation: Any, base_url: str = ""
) -> OrganisationRequest:
    """Make a user admin of the (private) organisation they created, and ask the editors to
    validate it; it becomes public when an editor approves."""
    OrganisationMembership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": OrganisationRole.ADMIN}
    )
    request = OrganisationRequest.objects.create(
        user=user,
        organisation=organisation,
        kind=RequestKind.CREATE,
        domain_match=matches_website(user.email, organisation.website or ""),
    )
    _ask(
        request,
        selectors.editors(),
        "a platform editor (new organisations are validated)",
        base_url,
    )
    return request


@transaction.atomic
def decide_request(
    actor: Any, request_id: int, approve: bool, base_url: str = ""
) -> OrganisationRequest:
    """Approve or decline a pending request; approval makes the user admin (claim) or member."""
    request = (
        OrganisationRequest.objects.select_for_update()
        .select_related("user", "organisation")
        .filter(pk=request_id, status=RequestStatus.PENDING)
        .first()
    )
    if request is None or not can_decide_request(actor, request):
        raise _refuse(
            "request", request_id, gettext("no pending request with this id for you to decide")
        )
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_by = actor
    request.decided = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided"])
    role = OrganisationRole.MEMBER if request.kind == RequestKind.JOIN else OrganisationRole.ADMIN
    if approve and request.kind == RequestKind.CREATE:
        request.organisation.is_public = True
        request.organisation.save(update_fields=["is_public", "updated"])
    elif approve:
        OrganisationMembership.objects.update_or_create(
            user=request.user, organisation=request.organisation, defaults={"role": role}
        )
    url = reverse("accounts:account")
    text = gettext("Your request to %(verb)s %(organisation)s was %(status)s") % {
        "verb": _verb(request.kind),
        "organisation": request.organisation.name,
        "status": str(request.get_status_display()).lower(),
    }
    _notify([request.user.pk], text, url)
    emails.send(
        "accounts/email/request_decided.txt",
        [request.user.email],
        {
            "request": request,
            "verb": _verb(request.kind),
            "role": OrganisationRole(role).label.lower(),
            "link": emails.site_url(base_url) + url,
        },
    )
    return request


def withdraw_request(user: Any, request_id: int) -> None:
    """Withdraw one of the user's own pending requests."""
    updated = OrganisationRequest.objects.filter(
        pk=request_id, user_id=getattr(user, "pk", None), status=RequestStatus.PENDING
    ).update(status=RequestStatus.WITHDRAWN, decided=timezone.now())
    if not updated:
        raise _refuse("request", request_id, gettext("you have no pending request with this id"))


def _managed_membership(actor: Any, membership_id: int) -> OrganisationMembership:
    membership = (
        OrganisationMembership.objects.select_related("organisation", "user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise _refuse("membership", membership_id, gettext("no membership with this id"))
    if not can_manage_members(actor, membership.organisation_id):
        if membership.user_id != getattr(actor, "pk", None):
            raise NotAllowed(
                gettext("Only the organisation's admins and editors manage its members")
            )
    return membership


def _keep_an_admin(membership: OrganisationMembership) -> None:
    if membership.role != OrganisationRole.ADMIN:
        return
    admins = OrganisationMembership.objects.filter(
        organisation_id=membership.organisation_id, role=OrganisationRole.ADMIN
    ).count()
    if admins <= 1:
        raise _refuse(
            "membership",
            membership.pk,
            gettext(
                "%(user)s is the last admin of %(organisation)s: make another member admin first"
            )
            % {"user": membership.user, "organisation": membership.organisation.name},
        )


@transaction.atomic
def change_role(actor: Any, membership_id: int, role: str) -> OrganisationMembership:
    """Make a member admin or an admin member (the organisation keeps at least one admin)."""
    if role not in OrganisationRole.values:
        raise _refuse("role", role, gettext("choose admin or member"))
    membership = _managed_membership(actor, membership_id)
    if not can_manage_members(actor, membership.organisation_id):
        raise NotAllowed(gettext("Only the organisation's admins and editors change roles"))
    if role != membership.role:
        _keep_an_admin(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(actor: Any, membership_id: int) -> None:
    """Remove a member (admins, editors) or leave (oneself); the last admin stays."""
    membership = _managed_membership(actor, membership_id)
    _keep_an_admin(membership)
    membership.delete()
