"""Partnering pages: express interest, notifications, partner search, centre finder, panels."""

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
from clustera.partnering import model_store, selectors, services
from clustera.partnering.forms import CentreNeedForm, PartnerSearchForm


@login_required
@require_POST
def express_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an expression of interest from one of the user's organisations to organisation ``pk``."""
    target = selectors.public_organisation(pk)
    if target is None:
        raise Http404("No such organisation")
    try:
        sender_id = int(request.POST.get("from_organisation", ""))
    except ValueError:
        raise Http404("Choose the organisation you act for") from None
    sender = selectors.organisation(sender_id)
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
    items = selectors.notifications_of(request.user)
    services.mark_notifications_read(request.user)
    return render(request, "partnering/notifications.html", {"items": items})


def _suggestion_filters(
    suggestions: list[services.Suggestion], form_data: dict[str, object]
) -> list[services.Suggestion]:
    kept = suggestions
    if form_data.get("type"):
        kept = [s for s in kept if s.organisation.type == form_data["type"]]
    if form_data.get("country"):
        kept = [s for s in kept if s.organisation.country == str(form_data["country"]).upper()]
    if form_data.get("q"):
        matching = selectors.matching_words([s.organisation.pk for s in kept], str(form_data["q"]))
        kept = [s for s in kept if s.organisation.pk in matching]
    return kept


def partner_search(request: HttpRequest) -> HttpResponse:
    """Ranked partner suggestions for an organisation, filtered by type, country and words."""
    mine = organisations_of(request.user)
    anchor_id = request.GET.get("organisation") or (str(mine[0].pk) if mine else "")
    anchor = None
    if anchor_id.isdigit():
        anchor = selectors.organisation(int(anchor_id))
        if anchor is not None and not can_view_organisation(request.user, anchor):
            anchor = None
    form = PartnerSearchForm(request.GET or None, contexts=selectors.programme_contexts())
    suggestions: list[services.Suggestion] = []
    error = ""
    if anchor is not None and (form.is_valid() or not request.GET):
        data = form.cleaned_data if form.is_bound else {}
        context = (data["context"],) if data.get("context") else ()
        try:
            suggestions = _suggestion_filters(
                services.suggest_partners(
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
        except model_store.RecommenderNotReady as exc:
            error = str(exc)
    return render(
        request,
        "partnering/partner_search.html",
        {"form": form, "anchor": anchor, "mine": mine, "suggestions": suggestions, "error": error},
    )


def suggestions_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The top suggestions for one of the user's own organisations (loaded into its profile page)."""
    organisation = selectors.organisation(pk)
    if organisation is None or organisation not in organisations_of(request.user):
        raise Http404("Suggestions are shown on your own organisation's page")
    try:
        suggestions = services.suggest_partners(organisation, k=5)
    except model_store.RecommenderNotReady as exc:
        return HttpResponse(f'<p class="meta">{exc}</p>')
    return render(
        request,
        "partnering/_suggestions.html",
        {"suggestions": suggestions, "anchor": organisation},
    )


def centre_finder(request: HttpRequest) -> HttpResponse:
    """Technology centres whose equipment, services or training serve an SME's need."""
    form = CentreNeedForm(request.GET or None)
    results: list[services.CentreSuggestion] = []
    error = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            results = services.find_centres(
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


def offer_answers_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """Who answers a public organisation's offers and requests (loaded into its profile page)."""
    organisation = selectors.public_organisation(pk)
    if organisation is None:
        raise Http404("No such organisation")
    offers = selectors.offers_of(organisation)
    answers = services.answers_to(offers, k=3)
    return render(
        request,
        "partnering/_offer_answers.html",
        {"offer_answers": [(offer, answers.get(offer.pk, [])) for offer in offers]},
    )
