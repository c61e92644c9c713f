"""Reads of whom an organisation already knows: its clusters' circle and its past partners.

Partner suggestions leave these out (unless asked otherwise). Past partners are those the
data records working with it: a shared project (of any year, with or without a start
year), a conversation both sides accepted ("work together"), and whatever the higher
apps register with :func:`register_past_partner_source` (partnerships: consortium
partners of an application), so that this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from clustera.partnering.models import Conversation, ConversationStatus
from clustera.registry import models

__all__ = [
    "candidate_facts",
    "cluster_circle",
    "past_partners",
    "register_past_partner_source",
]

_SOURCES: dict[str, Callable[[int], Iterable[int]]] = {}


def register_past_partner_source(name: str, source: Callable[[int], Iterable[int]]) -> None:
    """Add a source of past partners (organisation id -> ids of those it worked with)."""
    _SOURCES[name] = source


def past_partners(organisation_id: int) -> set[int]:
    """Every organisation the data says ``organisation_id`` worked with (not itself)."""
    projects = models.Participation.objects.filter(organisation_id=organisation_id).values(
        "project_id"
    )
    partners = set(
        models.Participation.objects.filter(project_id__in=projects).values_list(
            "organisation_id", flat=True
        )
    )
    accepted = Conversation.objects.filter(status=ConversationStatus.ACCEPTED).filter(
        Q(initiator_id=organisation_id) | Q(recipient_id=organisation_id)
    )
    for pair in accepted.values_list("initiator_id", "recipient_id"):
        partners.update(pair)
    for source in _SOURCES.values():
        partners.update(source(organisation_id))
    partners.discard(organisation_id)
    return partners


def cluster_circle(organisation_id: int) -> set[int]:
    """Its own clusters (those it is a member of, and itself when it is a cluster with
    members) and all their members, itself left out."""
    clusters = set(
        models.ClusterMembership.objects.filter(member_id=organisation_id).values_list(
            "cluster_id", flat=True
        )
    )
    clusters.add(organisation_id)
    members = set(
        models.ClusterMembership.objects.filter(cluster_id__in=clusters).values_list(
            "member_id", flat=True
        )
    )
    circle = (clusters | members) - {organisation_id}
    return circle


def candidate_facts(ids: Iterable[Any]) -> dict[int, tuple[str, str, str, bool]]:
    """Type, country, region code and publicness of the organisations ``ids``."""
    rows = models.Organisation.objects.filter(pk__in=list(ids)).values_list(
        "pk", "type", "country", "region__code", "is_public"
    )
    return {pk: (kind, country, region or "", public) for pk, kind, country, region, public in rows}
