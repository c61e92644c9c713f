"""Partnering pages: express interest, notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from clustera.accounts.permissions import can_view_organisation
from clustera.accounts.selectors import organisations_of
from clustera.errors import InvalidInputError
from clustera.partnering import recommend, services
from clustera.partnering.forms import CentreNeedForm, PartnerSearchForm
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
        services.express_interest(
            request.user,
            sender,
            target,
            request.POST.get("message", ""),
            request.POST.get("context", ""),
        )
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


def _suggestion_filters(
    suggestions: list[recommend.Suggestion], form_data: dict[str, object]
) -> list[recommend.Suggestion]:
    kept = suggestions
    if form_data.get("type"):
        kept = [s for s in kept if s.organisation.type == form_data["type"]]
    if form_data.get("country"):
        kept = [s for s in kept if s.organisation.country == str(form_data["country"]).upper()]
    if form_data.get("q"):
        from clustera.registry.search import search_organisations

        matching = set(
            search_organisations(
                Organisation.objects.filter(pk__in=[s.organisation.pk for s in kept]),
                str(form_data["q"]),
            ).values_list("pk", flat=True)
        )
        kept = [s for s in kept if s.organisation.pk in matching]
    return kept


def partner_search(request: HttpRequest) -> HttpResponse:
    """Ranked partner suggestions for an organisation, filtered by type, country and words."""
    mine = organisations_of(request.user)
    anchor_id = request.GET.get("organisation") or (str(mine[0].pk) if mine else "")
    anchor = None
    if anchor_id.isdigit():
        anchor = Organisation.objects.filter(pk=int(anchor_id)).first()
        if anchor is not None and not can_view_organisation(request.user, anchor):
            anchor = None
    form = PartnerSearchForm(request.GET or None, contexts=recommend.programme_contexts())
    suggestions: list[recommend.Suggestion] = []
    error = ""
    if anchor is not None and (form.is_valid() or not request.GET):
        data = form.cleaned_data if form.is_bound else {}
        context = (data["context"],) if data.get("context") else ()
        try:
            suggestions = _suggestion_filters(
                recommend.suggest_partners(
                    anchor,
                    k=100,
                    context=context,
                    new_only=bool(data.get("new_only")),
                    prefer=data.get("prefer") or None,
                ),
                data,
            )[:25]
        except InvalidInputError as exc:
            error = exc.message
        except recommend.RecommenderNotReady as exc:
            error = str(exc)
    return render(
        request,
        "partnering/partner_search.html",
        {"form": form, "anchor": anchor, "mine": mine, "suggestions": suggestions, "error": error},
    )


def suggestions_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The top suggestions for one of the user's own organisations (loaded into its profile page)."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or organisation not in organisations_of(request.user):
        raise Http404("Suggestions are shown on your own organisation's page")
    try:
        suggestions = recommend.suggest_partners(organisation, k=5)
    except recommend.RecommenderNotReady as exc:
        return HttpResponse(f'<p class="meta">{exc}</p>')
    return render(
        request,
        "partnering/_suggestions.html",
        {"suggestions": suggestions, "anchor": organisation},
    )


def centre_finder(request: HttpRequest) -> HttpResponse:
    """Technology centres whose equipment, services or training serve an SME's need."""
    form = CentreNeedForm(request.GET or None)
    results: list[recommend.CentreSuggestion] = []
    error = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            results = recommend.find_centres(
                technologies=(data["technology"].code,) if data["technology"] else (),
                text=data["text"],
                service_types=tuple(data["service_type"]),
                trl=data["trl"],
                region=data["region"].strip(),
                languages=tuple(data["language"].split()) if data["language"] else (),
                k=15,
            )
        except InvalidInputError as exc:
            error = exc.message
    return render(
        request, "partnering/centre_finder.html", {"form": form, "results": results, "error": error}
    )
