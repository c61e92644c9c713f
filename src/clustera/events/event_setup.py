"""Setting an event up: creating it with the standard participant types, the types' rules,
the registration questions (organisers' use cases; sessions are in ``meeting_plan``)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.errors import InvalidInputError
from clustera.events import access
from clustera.events.models import Event, ParticipantType, Question
from clustera.registry.models import Organisation

STANDARD_TYPES = (
    ("cluster", "Cluster organisation", 12),
    ("sme", "SME", 10),
    ("research", "Research and technology", 12),
    ("investor", "Investor", 14),
    ("public_authority", "Public authority", 8),
)
EVENT_FIELDS = (
    "title", "kind", "description", "starts", "ends", "timezone", "venue", "city", "country",
    "online_url", "capacity", "requires_validation", "request_mode", "request_expiry_hours",
    "tables", "is_published",
)  # fmt: skip


@transaction.atomic
def create_event(user: Any, organiser: Organisation, data: dict[str, Any]) -> Event:
    """An organisation's admin (or an editor) creates an event organised by that organisation,
    with the five standard participant types (cluster, SME, research, investor, public
    authority); the place is the organiser's unless given."""
    admin_of = OrganisationMembership.objects.filter(
        user=user, organisation=organiser, role=OrganisationRole.ADMIN
    ).exists()
    if not (admin_of or is_editor(user)):
        raise NotAllowed(_("Only an organisation's admins create its events"))
    values = {k: data[k] for k in EVENT_FIELDS if k in data and data[k] is not None}
    if values.get("ends") and values.get("starts") and values["ends"] < values["starts"]:
        raise InvalidInputError(
            _("the event ends before it starts"), field="ends", value=str(values["ends"])
        )
    try:
        ZoneInfo(values.get("timezone", "Europe/Brussels"))
    except (KeyError, ValueError):
        raise InvalidInputError(
            _("unknown time zone"), field="timezone", value=values.get("timezone")
        ) from None
    event = Event(**values)
    if not event.country:
        event.country = organiser.country
    if event.city and event.city == organiser.city and organiser.lat is not None:
        event.lat, event.lon = organiser.lat, organiser.lon
    event.full_clean(exclude=["organisers"])
    event.save()
    event.organisers.add(organiser)
    if organiser.region_id:
        event.regions.add(organiser.region_id)
    event.ecosystems.set(organiser.ecosystems.all()[:3])
    for code, label, cap in STANDARD_TYPES:
        ParticipantType.objects.create(event=event, code=code, label=label, max_meetings=cap)
    return event


def add_question(
    user: Any, event: Event, text: str, choices: str = "", required: bool = False
) -> Question:
    """An organiser adds a registration question (free text, or one choice a line)."""
    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers add questions"))
    if not text.strip() or len(text) > 300:
        raise InvalidInputError(
            _("a question has 1 to 300 characters"), field="text", value=text[:40]
        )
    return Question.objects.create(
        event=event, text=text.strip(), choices=choices.strip(), required=required
    )


def set_type_rules(
    user: Any, kind: ParticipantType, max_requests: int, max_meetings: int, may_request: list[str]
) -> ParticipantType:
    """An organiser sets a participant type's caps and whom it may ask to meet (codes; none: all)."""
    if not access.can_manage_event(user, kind.event):
        raise NotAllowed(_("Only the event's organisers change participant types"))
    for name, value in (("max_requests", max_requests), ("max_meetings", max_meetings)):
        if not 0 <= value <= 200:
            raise InvalidInputError(_("from 0 to 200"), field=name, value=value)
    targets = list(kind.event.participant_types.filter(code__in=may_request))
    unknown = set(may_request) - {t.code for t in targets}
    if unknown:
        raise InvalidInputError(
            _("no such participant type"), field="may_request", value=sorted(unknown)[0]
        )
    kind.max_requests, kind.max_meetings = max_requests, max_meetings
    kind.save(update_fields=["max_requests", "max_meetings"])
    kind.may_request.set(targets)
    return kind
