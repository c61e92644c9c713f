"""The registry API: list, filter, page and retrieve every registry object; write with permission."""

from __future__ import annotations

import io
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_CODE, MAX_ID, errors
from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.accounts.permissions import NotAllowed, can_edit_organisation, is_editor
from clustera.registry import models, selectors, services
from clustera.registry.api_schemas import (
    MemberPage,
    OfferIn,
    OfferOut,
    OfferPage,
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    OrganisationQuery,
    Page,
    ProjectPage,
    RegionPage,
    ServicePage,
    TermPage,
)
from clustera.registry.exporting import organisation_rows, to_json, write_csv
from clustera.registry.paging import after_organisation, capped_count, window
from clustera.registry.search import search_capped

router = Router(tags=["registry"])

#: An organisation id in a path.
OrganisationId = Path(..., ge=1, le=MAX_ID, description="Id of the organisation")


def _page(queryset: QuerySet[Any], page: Page) -> dict[str, Any]:
    return {
        "count": queryset.count(),
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


def _next_url(request: HttpRequest, after: int) -> str:
    """This list's URL, ``after`` the given organisation (without ``offset``)."""
    from urllib.parse import urlencode

    kept = {k: v for k, v in request.GET.items() if k not in ("offset", "after")}
    return f"{request.path}?{urlencode({**kept, 'after': after})}"


def _from_cursor(
    user: Any, queryset: QuerySet[Any], filters: selectors.DirectoryFilters, after: int
) -> tuple[QuerySet[Any], int]:
    """The list from just after organisation ``after``, and how many of its rows to skip.

    In name order a keyset condition (the index finds the place); a search holds at most
    ``SEARCH_LIMIT`` ranked ids, so its place is found among them. 404 when the organisation
    is not in the list the caller can see.
    """
    if filters.q:
        ranked = list(queryset.values_list("pk", flat=True))
        if after not in ranked:
            raise HttpError(404, f"after: organisation {after} is not among this search's results")
        return queryset, ranked.index(after) + 1
    visible = selectors.organisations(user, selectors.DirectoryFilters())
    following = after_organisation(queryset, visible, after)
    if following is None:
        raise HttpError(404, f"after: no organisation {after} among those you can see")
    return following, 0


@router.get("/organisations", response={200: OrganisationPage, **errors(404, 422)}, auth=READ_AUTH)
def list_organisations(request: HttpRequest, query: Query[OrganisationQuery]) -> dict[str, Any]:
    """Organisations visible to the caller, filtered, in pages.

    Ordered by name (a search: best matches first). ``count`` stops at 10,000 (a search keeps
    its first 1,000 matches); ``next`` pages on by keyset (``after``), however deep.
    """
    filters = selectors.DirectoryFilters.from_mapping(query.dict())
    queryset = selectors.organisations(request.user, filters)
    count, capped = capped_count(queryset)
    if filters.q:
        capped = search_capped(count)
    skip = 0
    if query.after is not None:
        queryset, skip = _from_cursor(request.user, queryset, filters, query.after)
    start = skip + query.offset
    rows = list(window(selectors.with_relations(queryset), start, start + query.limit + 1))
    items, more = rows[: query.limit], len(rows) > query.limit
    following = _next_url(request, items[-1].pk) if more else None
    return {"count": count, "count_capped": capped, "next": following, "items": items}


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **errors(404)},
    auth=READ_AUTH,
)
def get_organisation(request: HttpRequest, organisation_id: int = OrganisationId) -> Any:
    """One organisation (404 when it does not exist or is not visible to the caller)."""
    profile = selectors.organisation_profile(request.user, organisation_id)
    if profile is None:
        raise HttpError(404, "No such organisation")
    return profile["organisation"]


@router.post("/organisations", response={201: OrganisationOut, **errors(403)}, auth=WRITE_AUTH)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> tuple[int, Any]:
    """Create an organisation (platform editors only)."""
    if not is_editor(request.user):
        raise HttpError(403, "Only platform editors may create organisations")
    organisation = services.create_organisation(payload.dict())
    return 201, selectors.organisation_profile(request.user, organisation.pk)["organisation"]  # type: ignore[index]


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **errors(403, 404)},
    auth=WRITE_AUTH,
)
def update_organisation(
    request: HttpRequest, payload: OrganisationPatch, organisation_id: int = OrganisationId
) -> Any:
    """Change an organisation's profile (its admins and platform editors)."""
    organisation = get_object_or_404(models.Organisation, pk=organisation_id)
    if not can_edit_organisation(request.user, organisation):
        raise HttpError(403, "You may not edit this organisation")
    services.update_organisation(organisation, payload.dict(exclude_unset=True), request.user)
    return selectors.organisation_profile(request.user, organisation.pk)["organisation"]  # type: ignore[index]


@router.delete(
    "/organisations/{organisation_id}", response={204: None, **errors(403, 404)}, auth=WRITE_AUTH
)
def delete_organisation(
    request: HttpRequest, organisation_id: int = OrganisationId
) -> tuple[int, None]:
    """Delete an organisation (platform editors only)."""
    organisation = get_object_or_404(models.Organisation, pk=organisation_id)
    try:
        services.delete_organisation(request.user, organisation)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    return 204, None


@router.get(
    "/organisations/{organisation_id}/offers",
    response={200: OfferPage, **errors(404)},
    auth=READ_AUTH,
)
def list_offers_of(
    request: HttpRequest, page: Query[Page], organisation_id: int = OrganisationId
) -> dict[str, Any]:
    """Offers and requests of one organisation."""
    if selectors.organisation_profile(request.user, organisation_id) is None:
        raise HttpError(404, "No such organisation")
    return _page(models.Offer.objects.filter(organisation_id=organisation_id), page)


@router.post(
    "/organisations/{organisation_id}/offers",
    response={201: OfferOut, **errors(403, 404)},
    auth=WRITE_AUTH,
)
def create_offer(
    request: HttpRequest, payload: OfferIn, organisation_id: int = OrganisationId
) -> tuple[int, Any]:
    """Publish an offer or request for an organisation (its admins and platform editors)."""
    organisation = get_object_or_404(models.Organisation, pk=organisation_id)
    if not can_edit_organisation(request.user, organisation):
        raise HttpError(403, "You may not publish offers for this organisation")
    return 201, services.create_offer(organisation, payload.dict())


@router.get("/offers", response=OfferPage, auth=READ_AUTH)
def list_offers(
    request: HttpRequest, page: Query[Page], kind: str = Query("", max_length=MAX_CODE)
) -> dict[str, Any]:
    """Offers and requests of visible organisations."""
    visible = selectors.organisations(request.user, selectors.DirectoryFilters()).values("id")
    queryset = models.Offer.objects.filter(organisation_id__in=visible)
    return _page(queryset.filter(kind=kind) if kind else queryset, page)


@router.get("/services", response=ServicePage, auth=READ_AUTH)
def list_services(
    request: HttpRequest,
    page: Query[Page],
    kind: str = Query("", max_length=MAX_CODE),
    technology: str = Query("", max_length=MAX_CODE),
    trl: int | None = Query(None, ge=1, le=9),
) -> dict[str, Any]:
    """Technology-centre equipment, services and training; ``trl`` keeps those covering it."""
    visible = selectors.organisations(request.user, selectors.DirectoryFilters()).values("id")
    queryset = models.Service.objects.filter(organisation_id__in=visible).select_related(
        "technology"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if technology:
        queryset = queryset.filter(technology__code=technology)
    if trl is not None:
        queryset = queryset.filter(trl_min__lte=trl, trl_max__gte=trl)
    return _page(queryset, page)


@router.get("/regions", response=RegionPage, auth=READ_AUTH)
def list_regions(
    request: HttpRequest,
    page: Query[Page],
    level: int | None = Query(None, ge=0, le=3),
    version: str = Query("", max_length=MAX_CODE),
    country: str = Query("", max_length=MAX_CODE),
    parent: str = Query("", max_length=MAX_CODE),
) -> dict[str, Any]:
    """Regions of every NUTS version (and of the synthetic world)."""
    queryset = models.Region.objects.select_related("parent")
    if level is not None:
        queryset = queryset.filter(level=level)
    if version:
        queryset = queryset.filter(nuts_version=version)
    if country:
        queryset = queryset.filter(country=country)
    if parent:
        queryset = queryset.filter(parent__code=parent)
    return _page(queryset, page)


_TAXONOMIES: dict[str, Any] = {
    "activities": models.Activity,
    "technologies": models.Technology,
    "ecosystems": models.Ecosystem,
    "s3-priorities": models.S3Priority,
}


@router.get("/taxonomies/{kind}", response=TermPage, auth=READ_AUTH)
def list_terms(
    request: HttpRequest,
    kind: Literal["activities", "technologies", "ecosystems", "s3-priorities"],
    page: Query[Page],
    scheme: str = Query("", max_length=MAX_CODE),
    parent: str = Query("", max_length=MAX_CODE),
) -> dict[str, Any]:
    """Codes of a taxonomy (NACE, technologies, ecosystems, S3 priorities)."""
    queryset = _TAXONOMIES[kind].objects.all()
    if scheme:
        queryset = queryset.filter(scheme=scheme)
    if parent:
        queryset = queryset.filter(parent__code=parent)
    return _page(queryset, page)


@router.get("/export/organisations.{fmt}", auth=READ_AUTH, response={200: None})
def export_organisations(
    request: HttpRequest, fmt: Literal["csv", "json", "parquet"], query: Query[OrganisationQuery]
) -> HttpResponse:
    """Bulk export of the directory (the visible, filtered organisations) as CSV, JSON or Parquet."""
    filters = selectors.DirectoryFilters.from_mapping(query.dict())
    rows = list(organisation_rows(selectors.organisations(request.user, filters)))
    if fmt == "csv":
        out = io.StringIO()
        write_csv("organisations", rows, out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(to_json({"organisations": rows}), content_type="application/json")
    else:
        import tempfile
        from pathlib import Path

        from clustera.registry.exporting import write_parquet

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "organisations.parquet"
            write_parquet("organisations", rows, path)
            response = HttpResponse(
                path.read_bytes(), content_type="application/vnd.apache.parquet"
            )
    response["Content-Disposition"] = f'attachment; filename="organisations.{fmt}"'
    return response


@router.get(
    "/clusters/{organisation_id}/members",
    response={200: MemberPage, **errors(404)},
    auth=READ_AUTH,
)
def list_members(
    request: HttpRequest, page: Query[Page], organisation_id: int = OrganisationId
) -> dict[str, Any]:
    """Members of a cluster organisation (the visible ones)."""
    if selectors.organisation_profile(request.user, organisation_id) is None:
        raise HttpError(404, "No such organisation")
    visible = selectors.organisations(request.user, selectors.DirectoryFilters()).values("id")
    links = (
        models.ClusterMembership.objects.filter(cluster_id=organisation_id, member_id__in=visible)
        .select_related("member")
        .order_by("member__name")
    )
    result = _page(links, page)
    result["items"] = [
        {
            "organisation": m.member_id,
            "name": m.member.name,
            "type": m.member.type,
            "since": m.since,
        }
        for m in result["items"]
    ]
    return result


@router.get("/projects", response={200: ProjectPage, **errors(404)}, auth=READ_AUTH)
def list_projects(
    request: HttpRequest,
    page: Query[Page],
    organisation: int | None = Query(None, ge=1, le=MAX_ID),
    year: int | None = Query(None, ge=1000, le=9999),
    programme: str = Query("", max_length=MAX_CODE),
) -> dict[str, Any]:
    """Collaboration projects (CORDIS or synthetic) with the ids of their visible participants.

    404 for an ``organisation`` the caller cannot see, as on its profile.
    """
    visible = selectors.organisations(request.user, selectors.DirectoryFilters()).values("id")
    queryset = models.Project.objects.prefetch_related(
        Prefetch(
            "participations",
            queryset=models.Participation.objects.filter(organisation_id__in=visible),
        )
    )
    if organisation is not None:
        if selectors.organisation_profile(request.user, organisation) is None:
            raise HttpError(404, "No such organisation")
        queryset = queryset.filter(participations__organisation_id=organisation)
    if year is not None:
        queryset = queryset.filter(start_year=year)
    if programme:
        queryset = queryset.filter(programme__icontains=programme)
    return _page(queryset.distinct(), page)
