"""Pages that find partners: the partner search, the suggestions panel, the centre finder.

Their handlers are served through ``clustera.partnering.views`` (the urls name them there).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clustera.accounts.permissions import can_view_organisation
from clustera.accounts.selectors import organisations_of
from clustera.errors import InvalidInputError
from clustera.partnering import model_store, selectors, services
from clustera.partnering.forms import CentreNeedForm, PartnerSearchForm

#: The centre score's parts in words (``clustera.matching.SCORE_PARTS``).
PART_LABELS = {
    "technology": gettext_lazy("technology match"),
    "service_type": gettext_lazy("service type"),
    "trl": gettext_lazy("TRL fit"),
    "more_services": gettext_lazy("more matching services"),
    "region": gettext_lazy("in your region"),
    "language": gettext_lazy("language"),
    "distance": gettext_lazy("distance"),
}


def _filters(data: dict[str, object]) -> services.PartnerFilters:
    return services.PartnerFilters(
        include_own_clusters=bool(data.get("include_own_clusters")),
        new_only=bool(data.get("new_only")),
        type=str(data.get("type") or ""),
        country=str(data.get("country") or "").strip(),
        region=str(data.get("region") or "").strip(),
        words=str(data.get("q") or "").strip(),
    )


def partner_search(request: HttpRequest) -> HttpResponse:
    """Ranked partner suggestions for an organisation, the filters applied in turn, each counted."""
    mine = organisations_of(request.user)
    anchor_id = request.GET.get("organisation") or (str(mine[0].pk) if mine else "")
    anchor = None
    if anchor_id.isdigit():
        anchor = selectors.organisation(int(anchor_id))
        if anchor is not None and not can_view_organisation(request.user, anchor):
            anchor = None
    form = PartnerSearchForm(request.GET or None, contexts=selectors.programme_contexts())
    results = services.SuggestionResults([])
    error = ""
    if anchor is not None and (form.is_valid() or not request.GET):
        data = form.cleaned_data if form.is_bound else {}
        try:
            results = services.partner_suggestions(
                anchor,
                k=25,
                context=(data["context"],) if data.get("context") else (),
                prefer=data.get("prefer") or None,
                filters=_filters(data),
            )
        except InvalidInputError as exc:
            error = exc.message
        except model_store.RecommenderNotReady as exc:
            error = str(exc)
    context = {
        "form": form,
        "anchor": anchor,
        "mine": mine,
        "suggestions": results.items,
        "steps": results.steps,
        "explanation": results.explanation,
        "error": error,
    }
    return render(request, "partnering/partner_search.html", context)


def suggestions_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The top suggestions for one of the user's own organisations (loaded into its profile page)."""
    organisation = selectors.organisation(pk)
    if organisation is None or organisation not in organisations_of(request.user):
        raise Http404(_("Suggestions are shown on your own organisation's page"))
    try:
        results = services.partner_suggestions(organisation, k=5)
    except model_store.RecommenderNotReady as exc:
        return HttpResponse(f'<p class="meta">{exc}</p>')
    return render(
        request,
        "partnering/_suggestions.html",
        {
            "suggestions": results.items,
            "anchor": organisation,
            "explanation": results.explanation,
        },
    )


def centre_finder(request: HttpRequest) -> HttpResponse:
    """Technology centres whose equipment, services or training serve an SME's need."""
    form = CentreNeedForm(request.GET or None)
    results = services.CentreResults(0, [])
    error = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            results = services.centre_results(
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
    rows = [(c, [(PART_LABELS[name], value) for name, value in c.parts]) for c in results.items]
    context = {"form": form, "results": rows, "total": results.total, "error": error}
    return render(request, "partnering/centre_finder.html", context)
