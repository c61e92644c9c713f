"""The registry API's request and response schemas (django-ninja), one per resource shape."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Field, Schema

from clustera.accounts.api_errors import MAX_CODE, MAX_ID, MAX_OFFSET, MAX_QUERY_TEXT, BodySchema
from clustera.registry import models
from clustera.registry.schema import MAX_DESCRIPTION, MAX_KEY, MAX_NAME


class Page(Schema):
    limit: int = Field(25, ge=1, le=500, description="Items per page (1-500)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


#: Deepest ``offset`` of the organisations list: further pages are reached with ``after``.
MAX_LIST_OFFSET = 10_000


class OrganisationQuery(Page):
    offset: int = Field(
        0,
        ge=0,
        le=MAX_LIST_OFFSET,
        description="Items to skip (at most 10,000: page further with `after`, as `next` does)",
    )
    after: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Cursor: the items after this organisation (its id) in the list's order "
        "(name, then id; a search: best first). 404 when it is not in the list you can see",
    )
    type: str = Field(
        "", max_length=MAX_CODE, description="Actor type, e.g. cluster, sme, technology_centre"
    )
    country: str = Field("", max_length=2, description="Two-letter country code")
    region: str = Field(
        "", max_length=MAX_CODE, description="Region code; includes the regions below it"
    )
    nace: str = Field(
        "", max_length=MAX_CODE, description="Activity code; includes the codes below it"
    )
    ecosystem: str = Field("", max_length=MAX_CODE)
    technology: str = Field("", max_length=MAX_CODE)
    cluster_label: str = Field("", max_length=MAX_CODE, description="gold, silver or bronze")
    q: str = Field(
        "", max_length=MAX_QUERY_TEXT, description="Full-text search in name, description and city"
    )


class Term(Schema):
    scheme: str
    code: str
    name: str


class ClusterProfileOut(Schema):
    label: str
    label_date: Any = None
    year_founded: int | None = None
    management_staff: int | None = None
    members_count: int | None = None
    sme_members_count: int | None = None


class OrganisationOut(Schema):
    id: int
    key: str
    name: str
    type: str
    description: str
    website: str
    city: str
    country: str
    region: str | None = None
    lat: float | None = None
    lon: float | None = None
    size_class: str
    employees: int | None = None
    founded: int | None = None
    languages: list[str]
    activities: list[Term]
    technologies: list[Term]
    ecosystems: list[Term]
    cluster_profile: ClusterProfileOut | None = None
    is_public: bool
    is_synthetic: bool

    @staticmethod
    def resolve_region(obj: models.Organisation) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_activities(obj: models.Organisation) -> list[Any]:
        return list(obj.activities.all())

    @staticmethod
    def resolve_technologies(obj: models.Organisation) -> list[Any]:
        return list(obj.technologies.all())

    @staticmethod
    def resolve_ecosystems(obj: models.Organisation) -> list[Any]:
        return list(obj.ecosystems.all())

    @staticmethod
    def resolve_cluster_profile(obj: models.Organisation) -> Any:
        return getattr(obj, "cluster_profile", None)


class OrganisationPage(Schema):
    count: int = Field(
        ...,
        description="How many organisations match, counted up to 10,000 (a search keeps its "
        "first 1,000 matches): see `count_capped`",
    )
    count_capped: bool = Field(
        False, description="True when more organisations match than `count` says"
    )
    next: str | None = Field(
        None, description="URL of the next page (keyset: `after` the last item), null on the last"
    )
    items: list[OrganisationOut]


class OrganisationIn(BodySchema):
    key: str = Field(..., min_length=1, max_length=MAX_KEY)
    name: str = Field(..., min_length=1, max_length=MAX_NAME)
    type: str = Field(..., max_length=24)
    country: str = Field(..., pattern=r"^[A-Z]{2}$")
    description: str = Field("", max_length=MAX_DESCRIPTION)
    website: str = Field("", max_length=400)
    city: str = Field("", max_length=120)
    region: str | None = Field(None, max_length=MAX_CODE)
    is_public: bool = True


class OrganisationPatch(BodySchema):
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=MAX_DESCRIPTION)
    website: str | None = Field(None, max_length=400)
    address: str | None = Field(None, max_length=400)
    city: str | None = Field(None, max_length=120)
    size_class: str | None = Field(None, max_length=8)
    employees: int | None = Field(None, ge=0, le=2**31 - 1)
    languages: list[Annotated[str, Field(max_length=8)]] | None = Field(None, max_length=50)
    is_public: bool | None = None
    technologies: list[Annotated[str, Field(max_length=MAX_CODE)]] | None = Field(
        None, max_length=500
    )
    nace: list[Annotated[str, Field(max_length=MAX_CODE)]] | None = Field(None, max_length=500)


class RegionOut(Schema):
    code: str
    nuts_version: str
    level: int
    name: str
    country: str
    parent: str | None = None
    label_lon: float | None = None
    label_lat: float | None = None

    @staticmethod
    def resolve_parent(obj: models.Region) -> str | None:
        return obj.parent.code if obj.parent_id else None


class RegionPage(Schema):
    count: int
    items: list[RegionOut]


class TermPage(Schema):
    count: int
    items: list[Term]


class ServiceOut(Schema):
    id: int
    key: str
    organisation: int = Field(..., alias="organisation_id")
    kind: str
    name: str
    description: str
    technology: str | None = None
    trl_min: int
    trl_max: int
    access_conditions: str
    languages: list[str]

    @staticmethod
    def resolve_technology(obj: models.Service) -> str | None:
        return obj.technology.code if obj.technology_id else None


class ServicePage(Schema):
    count: int
    items: list[ServiceOut]


class OfferOut(Schema):
    id: int
    key: str
    organisation: int = Field(..., alias="organisation_id")
    kind: str
    title: str
    description: str
    created: Any = None


class OfferPage(Schema):
    count: int
    items: list[OfferOut]


class OfferIn(BodySchema):
    kind: Literal[
        "business_offer", "business_request", "technology_offer", "technology_request", "rd_request"
    ]
    title: str = Field(..., min_length=1, max_length=300)
    description: str = Field("", max_length=MAX_DESCRIPTION)


class MemberOut(Schema):
    organisation: int
    name: str
    type: str
    since: int | None = None


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class ProjectOut(Schema):
    id: int
    key: str
    title: str
    programme: str
    start_year: int | None = None
    source: str
    participants: list[int]

    @staticmethod
    def resolve_participants(obj: models.Project) -> list[int]:
        return sorted(p.organisation_id for p in obj.participations.all())


class ProjectPage(Schema):
    count: int
    items: list[ProjectOut]
