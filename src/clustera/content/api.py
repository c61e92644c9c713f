"""The content API: published items with the lists' filters, one item, writing and publishing."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.content import selectors, services
from clustera.content.models import Item
from clustera.registry.models import Organisation

router = Router(tags=["content"])


class ItemQuery(Schema):
    limit: int = Field(25, ge=1, le=200, description="Items per page (1-200)")
    offset: int = Field(0, ge=0, description="Items to skip")
    kind: str = Field("", max_length=100, description="news, case_study, policy_brief, guide, page")
    organisation: str = Field("", max_length=12, description="Organisation id (author or linked)")
    region: str = Field("", max_length=16, description="Region code")
    technology: str = Field("", max_length=24, description="Technology code")
    ecosystem: str = Field("", max_length=24, description="Ecosystem code")
    s3: str = Field("", max_length=24, description="S3 priority code")
    language: str = Field("", max_length=8, description="ISO 639-1 code")
    event: str = Field("", max_length=12, description="Event id (linked)")
    call: str = Field("", max_length=12, description="Call id (linked)")
    partnership: str = Field("", max_length=12, description="Partnership id (linked)")
    q: str = Field("", max_length=200, description="Words to search for")


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    summary: str
    language: str
    status: str
    organisation_id: int | None
    published_at: datetime | None
    url: str


class ItemDetail(ItemOut):
    body: str
    body_html: str
    event_ids: list[int] = Field(description="Linked public events")
    call_ids: list[int] = Field(description="Linked calls (not drafts)")
    partnership_ids: list[int] = Field(description="Linked partnerships with a public summary")


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


class ItemIn(Schema):
    kind: str = Field("news", max_length=16)
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Field("", max_length=600)
    body: str = Field("", max_length=100_000)
    language: str = Field("en", min_length=2, max_length=8)
    organisation_id: int | None = Field(None, ge=1)
    status: str = Field("draft", max_length=12, description="draft, review or published")
    published_at: datetime | None = None


def _out(item: Item, detail: bool = False) -> dict[str, Any]:
    data = {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "language": item.language,
        "status": item.status,
        "organisation_id": item.organisation_id,
        "published_at": item.published_at,
        "url": f"/content/{item.slug}/",
    }
    if detail:
        links = selectors.links_of(item.original or item)
        data = {
            **data,
            "body": item.body,
            "body_html": services.render_body(item),
            **{f"{name[:-1]}_ids": [o.pk for o in found] for name, found in links.items()},
        }
    return data


@router.get("/content", response=ItemPage, auth=READ_AUTH)
def list_items(request: HttpRequest, query: Query[ItemQuery]) -> dict[str, Any]:
    """Published items, newest first, with the lists' filters."""
    queryset = selectors.items(selectors.ContentFilters.from_mapping(query.dict()))
    return {
        "count": queryset.count(),
        "items": [_out(i) for i in queryset[query.offset : query.offset + query.limit]],
    }


@router.get("/content/{slug}", response=ItemDetail, auth=READ_AUTH)
def get_item(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One item (404 when unknown or not visible to the caller)."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise HttpError(404, "No such item")
    return _out(found, detail=True)


@router.post("/content", response={201: ItemDetail}, auth=WRITE_AUTH)
def create_item(request: HttpRequest, payload: ItemIn) -> tuple[int, dict[str, Any]]:
    """Write an item: editors any, organisation admins news of their organisation (not published)."""
    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    data["organisation"] = (
        Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    )
    return 201, _out(services.save_item(request.user, None, data), detail=True)


@router.post("/content/{slug}/publish", response=ItemDetail, auth=WRITE_AUTH)
def publish_item(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Publish an item (editors only)."""
    found = selectors.item(request.user, slug)
    if found is None:
        raise HttpError(404, "No such item")
    return _out(services.publish(request.user, found), detail=True)


class FollowIn(Schema):
    target: Literal["organisation", "region", "technology", "call", "partnership"]
    target_id: int = Field(..., ge=1)


class FollowOut(Schema):
    target: str
    target_id: int


class FollowPage(Schema):
    count: int
    items: list[FollowOut]


@router.get("/follows", response=FollowPage, auth=WRITE_AUTH)
def list_follows(request: HttpRequest) -> dict[str, Any]:
    """What the caller follows."""
    follows = selectors.follows_of(request.user)
    return {"count": len(follows), "items": follows}


@router.post("/follows", response={201: FollowOut}, auth=WRITE_AUTH)
def create_follow(request: HttpRequest, payload: FollowIn) -> tuple[int, Any]:
    """Follow an organisation, region, technology, call or partnership (idempotent)."""
    return 201, services.follow(request.user, payload.target, payload.target_id)


@router.delete("/follows/{target}/{target_id}", response={204: None}, auth=WRITE_AUTH)
def delete_follow(request: HttpRequest, target: str, target_id: int) -> tuple[int, None]:
    """Stop following."""
    if not services.unfollow(request.user, target, target_id):
        raise HttpError(404, "You do not follow this")
    return 204, None
