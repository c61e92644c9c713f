"""Matching API: partner suggestions and the technology-centre finder."""

from __future__ import annotations

import math
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from clustera.accounts.api_errors import MAX_ID, errors
from clustera.accounts.authentication import READ_AUTH, WRITE_AUTH
from clustera.accounts.permissions import can_view_organisation
from clustera.errors import InvalidInputError
from clustera.partnering import selectors, services
from clustera.partnering.api_schemas import CentreList, CentreQuery, PartnerList, PartnerQuery

router = Router(tags=["matching"])


@router.get("/match/partners", response={200: PartnerList, **errors(404, 503)}, auth=READ_AUTH)
def match_partners(request: HttpRequest, query: Query[PartnerQuery]) -> dict[str, Any]:
    """Ranked complementary partners for an organisation, each with its reasons in words.

    Only public profiles are suggested; the organisation's own clusters and their members
    only with ``include_own_clusters``. The filters apply in turn and ``steps`` counts the
    candidates left after each; an empty result's ``explanation`` names the filter that
    emptied it. 404 for an organisation the caller cannot see, 422 for an unknown context
    or k out of range.
    """
    organisation = selectors.organisation(query.organisation)
    if organisation is None or not can_view_organisation(request.user, organisation):
        raise HttpError(404, f"No organisation with id {query.organisation}")
    context = selectors.split_parts(query.context)
    results = services.partner_suggestions(
        organisation,
        k=query.k,
        context=context,
        prefer=query.prefer or None,
        filters=services.PartnerFilters(
            include_own_clusters=query.include_own_clusters,
            new_only=query.new_only,
            type=query.type.strip(),
            country=query.country.strip(),
            region=query.region.strip(),
            words=query.q.strip(),
        ),
    )
    suggestions = results.items
    return {
        "organisation": organisation.pk,
        "context": list(context),
        "steps": [
            {"name": s.name, "value": s.value, "label": s.label, "remaining": s.remaining}
            for s in results.steps
        ],
        "explanation": results.explanation,
        "items": [
            {
                "rank": s.rank,
                "score": s.score,
                "percentile": math.floor(s.percentile * 10) / 10,  # floored, as on the page
                "candidates": s.candidates,
                "organisation": s.organisation.pk,
                "name": s.organisation.name,
                "type": s.organisation.type,
                "country": s.organisation.country,
                "region": s.organisation.region.code if s.organisation.region_id else None,
                "reasons": list(s.reasons),
            }
            for s in suggestions
        ],
    }


@router.get("/match/technology-centres", response=CentreList, auth=READ_AUTH)
def match_centres(request: HttpRequest, query: Query[CentreQuery]) -> dict[str, Any]:
    """Technology centres whose equipment, services or training serve a need, nearest and best first.

    A service serves the need only when it matches every criterion given (technology,
    service type, TRL range), never because its centre's name holds a word of the need.
    422 for an empty need (no technology, text or service type) or an unknown region.
    """
    found = services.centre_results(
        technologies=selectors.split_parts(query.technology),
        text=query.text,
        service_types=selectors.split_parts(query.service_type),
        trl=query.trl,
        region=query.region,
        languages=selectors.split_parts(query.language),
        k=query.k,
    )
    return {
        "total": found.total,
        "items": [
            {
                "rank": c.rank,
                "score": c.score,
                "score_parts": [{"name": name, "value": value} for name, value in c.parts],
                "organisation": c.organisation.pk,
                "name": c.organisation.name,
                "distance_km": c.distance_km,
                "reasons": list(c.reasons),
                "services": [
                    {
                        "id": s.pk,
                        "name": s.name,
                        "kind": s.kind,
                        "trl_min": s.trl_min,
                        "trl_max": s.trl_max,
                    }
                    for s in c.services
                ],
            }
            for c in found.items
        ],
    }


class OfferAnswerOut(Schema):
    offer: int | None
    title: str
    kind: str
    organisation: int
    organisation_name: str
    score: float
    reasons: list[str]


class OfferAnswers(Schema):
    offer: int
    items: list[OfferAnswerOut]


@router.get("/match/offers", response={200: OfferAnswers, **errors(404)}, auth=READ_AUTH)
def match_offers(
    request: HttpRequest,
    offer: int = Query(..., ge=1, le=MAX_ID),
    k: int = Query(5, ge=1, le=100),
) -> dict[str, Any]:
    """Offers and requests of the Enterprise Europe Network types that answer one another.

    A technology offer is answered by technology and R&D requests, a business request by
    business offers, an R&D request by technology offers and research organisations.
    """
    found = selectors.public_offer(offer)
    if found is None:
        raise HttpError(404, f"No public offer with id {offer}")
    answers = services.answers_to([found], k=k)[found.pk]
    return {
        "offer": found.pk,
        "items": [
            {
                "offer": a.offer.pk if a.offer else None,
                "title": a.offer.title if a.offer else a.organisation.name,
                "kind": a.offer.kind if a.offer else "research_organisation",
                "organisation": a.organisation.pk,
                "organisation_name": a.organisation.name,
                "score": a.score,
                "reasons": list(a.reasons),
            }
            for a in answers
        ],
    }


class OrganisationRef(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    initiator: OrganisationRef
    recipient: OrganisationRef
    subject: str
    status: Literal["open", "accepted", "declined"]
    waiting_for_editors: bool = Field(description="The recipient has no active account yet")
    contacts_shared: bool
    updated: Any


class ConversationPage(Schema):
    count: int
    items: list[ConversationOut]


class MessageOut(Schema):
    id: int
    sender: OrganisationRef
    author: str | None
    text: str
    created: Any


class ContactOut(Schema):
    organisation: int
    name: str
    email: str
    role: str


class ConversationDetail(ConversationOut):
    messages: list[MessageOut]
    contacts: list[ContactOut] = Field(description="Empty until both sides agree to share")


class MessageIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000)


class InterestIn(Schema):
    from_organisation: int = Field(..., ge=1, description="The organisation the caller acts for")
    message: str = Field("", max_length=2000)
    context: str = Field("", max_length=200)


def _ref(organisation: Any) -> dict[str, Any]:
    return {"id": organisation.pk, "name": organisation.name}


def _conversation_out(conversation: Any) -> dict[str, Any]:
    return {
        "id": conversation.pk,
        "initiator": _ref(conversation.initiator),
        "recipient": _ref(conversation.recipient),
        "subject": conversation.subject,
        "status": conversation.status,
        "waiting_for_editors": conversation.needs_forwarding and conversation.forwarded is None,
        "contacts_shared": conversation.contacts_shared,
        "updated": conversation.updated,
    }


def _message_out(message: Any) -> dict[str, Any]:
    return {
        "id": message.pk,
        "sender": _ref(message.sender),
        "author": message.author.get_username() if message.author else None,
        "text": message.text,
        "created": message.created,
    }


@router.get("/conversations", response=ConversationPage, auth=WRITE_AUTH, tags=["conversations"])
def list_conversations(request: HttpRequest) -> dict[str, Any]:
    """The threads of the caller's organisations, latest activity first."""
    items = [_conversation_out(c) for c in selectors.conversations_of(request.user)]
    return {"count": len(items), "items": items}


def _detail(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    conversation = selectors.conversation_for(request.user, conversation_id)
    if conversation is None:
        raise HttpError(404, "No such conversation")
    contacts = selectors.shared_contacts(conversation)
    return {
        **_conversation_out(conversation),
        "messages": [_message_out(m) for m in selectors.messages_of(conversation)],
        "contacts": [
            {"organisation": pk, **person} for pk, people in contacts.items() for person in people
        ],
    }


@router.get(
    "/conversations/{conversation_id}",
    response=ConversationDetail,
    auth=WRITE_AUTH,
    tags=["conversations"],
)
def get_conversation(request: HttpRequest, conversation_id: int) -> dict[str, Any]:
    """One thread with its messages (404 unless the caller's organisation takes part)."""
    return _detail(request, conversation_id)


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut},
    auth=WRITE_AUTH,
    tags=["conversations"],
)
def post_message(
    request: HttpRequest, conversation_id: int, payload: MessageIn
) -> tuple[int, dict[str, Any]]:
    """Reply on behalf of the caller's side; the other side's admins are told."""
    try:
        message = services.reply(
            request.user, conversation_id, payload.text, request.build_absolute_uri("/")
        )
    except InvalidInputError as exc:
        if exc.field == "conversation":
            raise HttpError(404, "No such conversation") from None
        raise
    return 201, _message_out(message)


@router.post(
    "/organisations/{organisation_id}/interest",
    response={201: ConversationDetail},
    auth=WRITE_AUTH,
    tags=["conversations"],
)
def express_interest(
    request: HttpRequest, organisation_id: int, payload: InterestIn
) -> tuple[int, dict[str, Any]]:
    """Express interest on behalf of the caller's organisation: opens a conversation."""
    target = selectors.public_organisation(organisation_id)
    sender = selectors.organisation(payload.from_organisation)
    if target is None or sender is None:
        raise HttpError(404, "No such organisation")
    interest = services.express_interest(
        request.user,
        sender,
        target,
        payload.message,
        payload.context,
        request.build_absolute_uri("/"),
    )
    conversation = interest.conversation
    if selectors.conversation_for(request.user, conversation.pk) is None:
        return 201, {**_conversation_out(conversation), "messages": [], "contacts": []}
    return 201, _detail(request, conversation.pk)
