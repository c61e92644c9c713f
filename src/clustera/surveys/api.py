"""The surveys API: list surveys, read a definition, post a whole response.

``POST /api/surveys/{slug}/responses`` accepts anonymous posts for open public surveys, so it is
CSRF-exempt JSON (no cookie authentication is used on it) and throttled per client address.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from clustera.accounts.authentication import READ_AUTH
from clustera.accounts.permissions import NotAllowed
from clustera.analytics import trl_band
from clustera.surveys import gap_disclosure, gap_store, selectors, services
from clustera.surveys.models import Invitation

router = Router(tags=["surveys"])


class SurveyOut(Schema):
    slug: str
    title: str
    status: str
    access: str
    languages: list[str]
    organiser: int | None = Field(None, alias="organiser_id")
    responses: int = Field(0, alias="complete")


class SurveyPage(Schema):
    count: int
    items: list[SurveyOut]


class SurveyQuery(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class SurveyDetail(Schema):
    slug: str
    title: str
    status: str
    access: str
    version: int
    purpose: str
    controller: str
    retention_days: int
    definition: dict[str, Any]


class ResponseIn(Schema):
    answers: dict[str, Any] = Field(..., description="{question_name: value}")
    language: str = Field("", max_length=8)
    token: str = Field("", max_length=64, description="Invitation token, for invitation-only")


class ResponseOut(Schema):
    id: int
    survey: str
    version: int
    status: str
    answers: dict[str, Any]


class FieldError(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]


@router.get("/surveys", response=SurveyPage, auth=READ_AUTH)
def list_surveys(request: HttpRequest, query: Query[SurveyQuery]) -> dict[str, Any]:
    """Surveys the caller may see (open public ones for everyone)."""
    queryset = selectors.visible_surveys(request.user)
    return {
        "count": queryset.count(),
        "items": list(queryset[query.offset : query.offset + query.limit]),
    }


@router.get("/surveys/{slug}", response=SurveyDetail, auth=READ_AUTH)
def get_survey(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A survey and the definition of its newest version (404 when not visible)."""
    survey = selectors.survey(request.user, slug)
    if survey is None:
        raise HttpError(404, "No such survey")
    version = selectors.current_version(survey)
    return {
        "slug": survey.slug,
        "title": survey.title,
        "status": survey.status,
        "access": survey.access,
        "version": version.number,
        "purpose": survey.purpose,
        "controller": survey.controller,
        "retention_days": survey.retention_days,
        "definition": version.definition,
    }


@router.post(
    "/surveys/{slug}/responses",
    response={200: ResponseOut, 201: ResponseOut, 422: ErrorsOut},
    auth=READ_AUTH,
    throttle=[AnonRateThrottle("60/m"), AuthRateThrottle("600/m")],
)
def post_response(request: HttpRequest, slug: str, payload: ResponseIn) -> tuple[int, Any]:
    """Store a whole response: 201, 200 for a repeated ``Idempotency-Key``, 422 with every error.

    Answers to questions whose condition is false are dropped, not stored.
    """
    survey = selectors.answerable(slug)
    invitation = None
    if payload.token:
        invitation = Invitation.objects.filter(survey=survey, token=payload.token).first()
        if invitation is None:
            raise HttpError(404, "No such invitation")
    if survey is None or (survey.access == "invitation" and invitation is None):
        visible = selectors.survey(request.user, slug)
        if visible is None:
            raise HttpError(404, "No such survey")
        raise NotAllowed(_("This survey is not open for answers without an invitation"))
    key = request.headers.get("Idempotency-Key", "")[:100] or None
    try:
        response, created = services.submit(
            survey,
            payload.answers,
            user=request.user,
            language=payload.language,
            idempotency_key=key,
            invitation=invitation,
        )
    except services.AnswersInvalid as error:
        return 422, {"errors": error.errors}
    body = {
        "id": response.pk,
        "survey": survey.slug,
        "version": response.version.number,
        "status": response.status,
        "answers": response.answers,
    }
    return (201 if created else 200), body


class GapQuery(Schema):
    technology: str = Field("", max_length=24)
    service: str = Field("", max_length=24)
    trl: int | None = Field(None, ge=1, le=9)
    level: int | None = Field(None, ge=0, le=3, description="NUTS level of the regions")
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=1_000_000)


_WITHHELD = "Null in a suppressed cell (fewer than 5 answers) for readers who see aggregates only."


class GapOut(Schema):
    technology: str
    service: str
    trl_band: str
    region: str
    demand: float | None = Field(..., description="Needs in the cell. " + _WITHHELD)
    supply: float
    access: float | None = Field(..., description="Spatial access (2SFCA). " + _WITHHELD)
    unmet: float | None = Field(..., description="Unmet demand. " + _WITHHELD)
    uncovered_share: float | None = Field(
        ..., description="Share of needs with no capable centre in reach. " + _WITHHELD
    )
    nearest_km: float | None
    suppressed: bool = Field(
        False,
        description="True when the cell's demand comes from fewer than 5 answers and the reader "
        "is not an analyst, editor or platform admin: demand, access, unmet and uncovered_share "
        "are then null, and such cells come last and count in no total.",
    )


class GapPage(Schema):
    count: int
    computed: str | None
    fingerprint: str | None
    max_distance_km: float | None
    items: list[GapOut]


@router.get("/gaps", response=GapPage, auth=READ_AUTH)
def list_gaps(request: HttpRequest, query: Query[GapQuery]) -> dict[str, Any]:
    """Demand, supply, access and unmet demand per technology x service x TRL band x region,
    largest gaps first, from the stored computation (recomputed when its inputs change)."""
    run, _stale = gap_store.current_run()
    if run is None:
        return {
            "count": 0,
            "computed": None,
            "fingerprint": None,
            "max_distance_km": None,
            "items": [],
        }
    detailed = gap_disclosure.sees_small_cells(request.user)
    queryset = gap_store.rows(
        run,
        technology=query.technology,
        service=query.service,
        trl_band=trl_band(query.trl) if query.trl else "",
        level=query.level,
    )
    page = gap_disclosure.ordered(queryset, detailed)[query.offset : query.offset + query.limit]
    return {
        "count": queryset.count(),
        "computed": run.computed.isoformat(),
        "fingerprint": run.fingerprint,
        "max_distance_km": run.max_distance_km,
        "items": gap_disclosure.cells(page, detailed),
    }
