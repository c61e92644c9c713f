"""Partnering pages: express interest, notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clustera.errors import InvalidInputError
from clustera.partnering import services
from clustera.partnering.models import Notification
from clustera.registry.models import Organisation


@login_required
@require_POST
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an expression of interest from one of the user's organisations to organisation ``pk``."""
    target = Organisation.objects.filter(pk=pk, is_public=True).first()
    if target is None:
        raise Http404("No such organisation")
    try:
        sender_id = int(request.POST.get("from_organisation", ""))
    except ValueError:
        raise Http404("Choose the organisation you act for") from None
    sender = Organisation.objects.filter(pk=sender_id).first()
    if sender is None:
        raise Http404("No such organisation")
    try:
        services.express_interest(request.user, sender, target, request.POST.get("message", ""),
                                  request.POST.get("context", ""))
    except services.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except InvalidInputError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{target.name}'s administrators have been notified.")
    return redirect("registry:organisation", pk=target.pk)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    items = list(Notification.objects.filter(user=request.user)[:100])
    Notification.objects.filter(user=request.user, read=False).update(read=True)
    return render(request, "partnering/notifications.html", {"items": items})
