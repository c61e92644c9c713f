"""Account pages: "My account" with the user's organisations and API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clustera.accounts import selectors, services
from clustera.accounts.permissions import is_editor
from clustera.errors import InvalidInputError


def _account_page(request: HttpRequest, new_token: str = "", status: int = 200) -> HttpResponse:
    context = {
        "memberships": selectors.memberships_of(request.user),
        "tokens": selectors.tokens_of(request.user),
        "is_editor": is_editor(request.user),
        "new_token": new_token,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's organisations (with roles) and API tokens."""
    return _account_page(request)


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
        messages.success(request, "Token revoked.")
    return redirect("accounts:account")
