"""Reads of conversations: a user's threads, one thread, the editors' forwarding queue.

A conversation is visible to the users of its two organisations; editors see those waiting
to be forwarded to an organisation without an active account. Others get None (a 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from clustera.accounts.models import OrganisationMembership
from clustera.accounts.permissions import is_editor
from clustera.partnering.models import Conversation, Message


def _visible(user: Any) -> QuerySet[Conversation]:
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    own = OrganisationMembership.objects.filter(user=user).values("organisation_id")
    rule = Q(initiator_id__in=own) | Q(recipient_id__in=own)
    if is_editor(user):
        rule |= Q(needs_forwarding=True)
    return Conversation.objects.filter(rule)


def conversations_of(user: Any, limit: int = 200) -> list[Conversation]:
    """The threads of the user's organisations, latest activity first, with message counts
    and the latest message's text."""
    last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created", "-pk")
    last = last.values("text")
    return list(
        _visible(user)
        .select_related("initiator", "recipient")
        .annotate(message_count=Count("messages"), last_text=Subquery(last[:1]))
        .order_by("-updated", "-pk")[:limit]
    )


def conversation_for(user: Any, conversation_id: int) -> Conversation | None:
    """One thread if the user may see it, else None."""
    return (
        _visible(user).select_related("initiator", "recipient").filter(pk=conversation_id).first()
    )


def messages_of(conversation: Conversation) -> list[Message]:
    """The thread's messages, oldest first, with sender and author."""
    return list(conversation.messages.select_related("sender", "author"))


def forwarding_queue(user: Any) -> list[Conversation]:
    """For editors: threads to organisations without an active account, not yet forwarded."""
    if not is_editor(user):
        return []
    return list(
        Conversation.objects.filter(needs_forwarding=True, forwarded__isnull=True)
        .select_related("initiator", "recipient")
        .prefetch_related("messages")
        .order_by("created")[:200]
    )


def shared_contacts(conversation: Conversation) -> dict[int, list[dict[str, str]]]:
    """Each side's contacts (registry contacts and the authors' addresses), by organisation
    id; empty unless both sides agreed to share."""
    if not conversation.contacts_shared:
        return {}
    result: dict[int, list[dict[str, str]]] = {}
    for organisation in (conversation.initiator, conversation.recipient):
        people = [
            {"name": c.name, "email": c.email, "role": c.role} for c in organisation.contacts.all()
        ]
        authors = (
            conversation.messages.filter(sender=organisation, author__isnull=False)
            .values_list("author__username", "author__email")
            .distinct()
        )
        known = {p["email"] for p in people}
        people += [
            {"name": name, "email": email, "role": "wrote in this conversation"}
            for name, email in authors
            if email and email not in known
        ]
        result[organisation.pk] = people
    return result
