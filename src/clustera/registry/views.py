"""Registry pages: home, directory with facets, profiles, editing, the map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from clustera.accounts.permissions import can_edit_organisation, is_editor
from clustera.accounts.selectors import awaiting_validation, has_active_account, organisations_of
from clustera.errors import InvalidInputError
from clustera.registry import facets, models, selectors, services
from clustera.registry.forms import (
    ClusterProfileForm,
    ContactFormSet,
    NewOrganisationForm,
    OfferForm,
    OrganisationForm,
)
from clustera.registry.offers import OFFER_DAYS
from clustera.registry.paging import CappedPaginator
from clustera.registry.profile import CLEARABLE
from clustera.registry.search import SEARCH_LIMIT, search_capped
from clustera.registry.validation import validation_checklist


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what is in the registry, a search box, where to go next."""
    visible = selectors.organisations(request.user, selectors.DirectoryFilters())
    counts = dict(
        visible.order_by().values("type").annotate(n=Count("id")).values_list("type", "n")
    )
    labels = dict(models.OrganisationType.choices)
    return render(
        request,
        "registry/home.html",
        {
            "total": sum(counts.values()),
            "counts": sorted(((labels[k], k, v) for k, v in counts.items()), key=lambda x: -x[2]),
            "regions": models.Region.objects.count(),
            "services": models.Service.objects.filter(organisation__is_public=True).count(),
            "offers": models.Offer.objects.filter(organisation__is_public=True).count(),
        },
    )


# What the directory says when a filter of its address names nothing it knows.
_IGNORED = {
    "type": gettext_lazy("“%(value)s” is not an organisation type: that filter was ignored."),
    "region": gettext_lazy("No region has the code “%(value)s”: that filter was ignored."),
    "nace": gettext_lazy("No activity has the code “%(value)s”: that filter was ignored."),
    "ecosystem": gettext_lazy(
        "No industrial ecosystem has the code “%(value)s”: that filter was ignored."
    ),
    "technology": gettext_lazy("No technology has the code “%(value)s”: that filter was ignored."),
    "cluster_label": gettext_lazy("“%(value)s” is not a cluster label: that filter was ignored."),
}


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The directory of organisations: facets, full-text search, pages; htmx swaps the results."""
    filters, ignored = selectors.without_unknown_codes(
        selectors.DirectoryFilters.from_mapping(request.GET)
    )
    queryset = selectors.with_relations(selectors.organisations(request.user, filters))
    from django.conf import settings

    paginator = CappedPaginator(queryset, settings.CLUSTERA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    for name in ("page", *ignored):
        query.pop(name, None)
    # "Show all" of one facet (a link, no JavaScript); an unknown name shows the usual cut.
    facet_all = request.GET.get("facet_all", "")
    facet_all = facet_all if facet_all in selectors.FACETS else ""
    more = search_capped(paginator.count) if filters.q else paginator.more
    context = {
        "ignored": [_IGNORED[name] % {"value": value} for name, value in ignored.items()],
        "filters": filters,
        "facets": facets.cached_facets(request.user, filters, show_all=facet_all),
        "page": page,
        "more": more,
        "search_limit": SEARCH_LIMIT,
        "querystring": query.urlencode(),
        "types": models.OrganisationType.choices,
    }
    template = "registry/_results.html" if request.htmx else "registry/directory.html"
    return render(request, template, context)


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's profile; contacts only for its members and editors."""
    profile = selectors.organisation_profile(request.user, pk)
    if profile is None:
        raise Http404(_("No such organisation"))
    profile["can_edit"] = can_edit_organisation(request.user, profile["organisation"])
    mine = organisations_of(request.user)
    profile["my_organisations"] = [o for o in mine if o.pk != pk]
    profile["is_mine"] = any(o.pk == pk for o in mine)
    # Said before sending: a message to an organisation nobody reads waits for the editors.
    profile["has_active_account"] = has_active_account(pk)
    if awaiting_validation(pk) and (profile["can_edit"] or is_editor(request.user)):
        profile["checklist"] = validation_checklist(profile["organisation"])
    return render(request, "registry/organisation_detail.html", profile)


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    """Create an organisation: private, with the user as its admin, until editors validate it."""
    form = NewOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.propose_organisation(
                request.user, form.cleaned_data, request.build_absolute_uri("/")
            )
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is created as a private profile with you as its admin. "
                    "The platform's editors publish it once it meets the checklist below."
                )
                % {"name": organisation.name},
            )
            return redirect("registry:organisation", pk=organisation.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "registry/organisation_new.html", {"form": form}, status=status)


def _editable(request: HttpRequest, pk: int) -> models.Organisation:
    organisation = get_object_or_404(models.Organisation, pk=pk)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied(
            _("Only this organisation's admins and platform editors may change it")
        )
    return organisation


def _cluster_form(request: HttpRequest, organisation: models.Organisation) -> Any:
    if organisation.type != "cluster":
        return None
    profile = models.ClusterProfile.objects.filter(organisation=organisation).first()
    return ClusterProfileForm(request.POST or None, instance=profile, prefix="cluster")


def _contacts_formset(request: HttpRequest, organisation: models.Organisation) -> Any:
    if request.method != "POST":
        return _contacts_formset_unbound(organisation)
    if "contacts-TOTAL_FORMS" not in request.POST:
        return None  # a post without the contacts part leaves them as they are
    initial = _contacts_formset_unbound(organisation).initial
    return ContactFormSet(request.POST, initial=initial, prefix="contacts")


def _contacts_formset_unbound(organisation: models.Organisation) -> Any:
    initial = [
        {"id": c.pk, "name": c.name, "email": c.email, "role": c.role}
        for c in organisation.contacts.order_by("name")
    ]
    return ContactFormSet(initial=initial, prefix="contacts")


def _contact_rows(contacts: Any) -> list[dict[str, Any]]:
    return [
        {**f.cleaned_data, "delete": f.cleaned_data.get("DELETE", False)}
        for f in contacts.forms
        if f.cleaned_data
    ]


def _save_profile(
    request: HttpRequest,
    organisation: models.Organisation,
    form: Any,
    cluster: Any,
    contacts: Any = None,
) -> bool:
    """Write both parts through the services; field-named errors go back onto the forms."""
    clear = tuple(
        name
        for name in CLEARABLE
        if name in form.cleaned_data and form.cleaned_data[name] in (None, "")
    )
    try:
        with transaction.atomic():
            services.update_organisation(organisation, form.profile_changes(), request.user, clear)
            if cluster is not None:
                services.update_cluster_profile(request.user, organisation, cluster.cleaned_data)
            if contacts is not None:
                services.save_contacts(request.user, organisation, _contact_rows(contacts))
    except InvalidInputError as exc:
        if contacts is not None and exc.field in ("name", "email", "role", "contacts"):
            contacts.non_form_errors().append(f"{exc.field}: {exc.value}: {exc.message}")
            return False
        target = cluster if cluster is not None and exc.field in cluster.fields else form
        target.add_error(exc.field if exc.field in target.fields else None, exc.message)
        return False
    except DjangoValidationError as exc:
        form.add_error(None, exc.messages)
        return False
    return True


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a profile (organisation admins, editors): fields, codes with pickers, location on
    a map, and a cluster's label, figures and S3 priorities."""
    organisation = _editable(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    cluster = _cluster_form(request, organisation)
    contacts = _contacts_formset(request, organisation)
    if request.method == "POST":
        valid = (
            form.is_valid()
            & (cluster is None or cluster.is_valid())
            & (contacts is None or contacts.is_valid())
        )
        if valid and _save_profile(request, organisation, form, cluster, contacts):
            messages.success(request, _("Profile saved."))
            return redirect("registry:organisation", pk=organisation.pk)
        organisation.refresh_from_db()
    context = {
        "form": form,
        "cluster_form": cluster,
        "contacts": contacts or _contacts_formset_unbound(organisation),
        "organisation": organisation,
    }
    return render(
        request,
        "registry/organisation_form.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@login_required
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish an offer or request for an organisation (its admins, editors)."""
    organisation = _editable(request, pk)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(organisation, form.offer_data(), request.user)
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Published in the marketplace until %(day)s.") % {"day": offer.expires},
            )
            return redirect("partnering:offer", pk=offer.pk)
    return render(
        request,
        "registry/offer_form.html",
        {"form": form, "organisation": organisation, "offer_days": OFFER_DAYS},
    )


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    """Clusters and technology centres on a map of the loaded regions."""
    levels = sorted(set(models.Region.objects.exclude(geometry="").values_list("level", flat=True)))
    return render(
        request,
        "registry/map.html",
        {"levels": levels, "synthetic": selectors.is_synthetic_world()},
    )


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """GeoJSON regions of one level with counts, and the located organisations."""
    try:
        level = int(request.GET.get("level", "2"))
    except ValueError:
        return JsonResponse(
            {"detail": f"level must be 0-3, got {request.GET.get('level')!r}"}, status=400
        )
    if not 0 <= level <= 3:
        return JsonResponse({"detail": f"level must be 0-3, got {level}"}, status=400)
    payload: dict[str, Any] = {
        "regions": selectors.map_regions(level),
        "points": selectors.map_points(request.user),
    }
    return JsonResponse(payload, json_dumps_params={"separators": (",", ":")})
