"""Conversation use cases: an expression of interest opens a thread between two
organisations; their users reply, the recipient accepts or declines, each side may agree to
share its contacts, and editors forward threads to organisations without an active account.

Every write of conversations happens here; ``services`` re-exports these use cases.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from clustera.accounts import emails
from clustera.accounts import selectors as account_selectors
from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.errors import InvalidInputError
from clustera.partnering import selectors
from clustera.partnering.models import (
    Conversation,
    ConversationStatus,
    Interest,
    Message,
    Notification,
)

MESSAGE_LENGTH = 2000


def _notify(user_ids: list[int], text: str, url: str) -> None:
    Notification.objects.bulk_create(
        [Notification(user_id=pk, text=text[:500], url=url) for pk in set(user_ids)]
    )


def _check_text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MESSAGE_LENGTH:
        raise InvalidInputError(
            gettext("the message is longer than 2,000 characters"),
            field="message",
            value=f"{len(cleaned)} characters",
        )
    return cleaned


def _tell_side(
    conversation: Conversation, organisation: Any, text: str, base_url: str, template: str
) -> int:
    """Notify an organisation's admins in the app and by e-mail; return how many were told."""
    admins = account_selectors.active_users_of(organisation.pk)
    url = reverse("partnering:conversation", args=[conversation.pk])
    _notify([a.pk for a in admins], text, url)
    emails.send(
        template,
        [a.email for a in admins],
        {
            "conversation": conversation,
            "organisation": organisation,
            "text": text,
            "link": emails.site_url(base_url) + url,
        },
    )
    return len(admins)


def open_conversation(interest: Interest, base_url: str = "") -> Conversation:
    """Start the thread of an expression of interest; its message is the first one.

    The recipient's admins are told in the app and by e-mail; when it has no active account,
    the thread waits in the editors' forwarding queue instead.
    """
    recipient = interest.to_organisation
    conversation = Conversation.objects.create(
        interest=interest,
        initiator=interest.from_organisation,
        recipient=recipient,
        subject=interest.context,
        needs_forwarding=not account_selectors.has_active_account(recipient.pk),
    )
    Message.objects.create(
        conversation=conversation,
        sender=interest.from_organisation,
        author=interest.created_by,
        text=interest.message
        or gettext("%(name)s would like to work with you.")
        % {"name": interest.from_organisation.name},
    )
    text = gettext("%(name)s would like to work with %(recipient)s") % {
        "name": interest.from_organisation.name,
        "recipient": recipient.name,
    }
    if interest.message:
        text += f": “{interest.message[:300]}”"
    if conversation.needs_forwarding:
        url = reverse("partnering:forwarding_queue")
        _notify(
            [e.pk for e in account_selectors.editors()],
            gettext("To forward: %(text)s") % {"text": text},
            url,
        )
    else:
        _tell_side(
            conversation, recipient, text, base_url, "partnering/email/conversation_opened.txt"
        )
    return conversation


def _side(user: Any, conversation: Conversation) -> Any:
    """The organisation the user acts for in this conversation, or None."""
    for organisation in (conversation.initiator, conversation.recipient):
        if account_selectors.role_in(user, organisation.pk) is not None:
            return organisation
    return None


def _other(conversation: Conversation, organisation: Any) -> Any:
    if organisation.pk == conversation.initiator_id:
        return conversation.recipient
    return conversation.initiator


@transaction.atomic
def reply(user: Any, conversation_id: int, text: str, base_url: str = "") -> Message:
    """Add a message on behalf of the user's side; the other side's admins are told."""
    conversation = selectors.conversation_for(user, conversation_id)
    if conversation is None:
        raise InvalidInputError(
            gettext("no conversation with this id"), field="conversation", value=conversation_id
        )
    side = _side(user, conversation)
    if side is None:
        raise NotAllowed(gettext("Only the two organisations' users write in a conversation"))
    cleaned = _check_text(text)
    if not cleaned:
        raise InvalidInputError(gettext("write a message"), field="message", value="")
    message = Message.objects.create(
        conversation=conversation, sender=side, author=user, text=cleaned
    )
    Conversation.objects.filter(pk=conversation.pk).update(updated=timezone.now())
    other = _other(conversation, side)
    _tell_side(
        conversation,
        other,
        gettext("%(name)s replied: “%(text)s”") % {"name": side.name, "text": cleaned[:300]},
        base_url,
        "partnering/email/conversation_reply.txt",
    )
    return message


def _admin_side(user: Any, conversation_id: int) -> tuple[Conversation, Any]:
    conversation = selectors.conversation_for(user, conversation_id)
    if conversation is None:
        raise InvalidInputError(
            gettext("no conversation with this id"), field="conversation", value=conversation_id
        )
    for organisation in (conversation.initiator, conversation.recipient):
        if account_selectors.role_in(user, organisation.pk) == "admin":
            return conversation, organisation
    raise NotAllowed(gettext("Only the organisations' admins decide for them"))


@transaction.atomic
def answer(user: Any, conversation_id: int, accept: bool, base_url: str = "") -> Conversation:
    """The recipient's admins accept or decline the proposal to work together."""
    conversation, side = _admin_side(user, conversation_id)
    if side.pk != conversation.recipient_id:
        raise NotAllowed(
            gettext("Only the organisation that received the interest accepts or declines")
        )
    conversation.status = ConversationStatus.ACCEPTED if accept else ConversationStatus.DECLINED
    conversation.save(update_fields=["status", "updated"])
    text = (
        gettext("%(name)s accepted to work with %(initiator)s")
        if accept
        else gettext("%(name)s declined to work with %(initiator)s")
    ) % {"name": side.name, "initiator": conversation.initiator.name}
    _tell_side(
        conversation,
        conversation.initiator,
        text,
        base_url,
        "partnering/email/conversation_reply.txt",
    )
    return conversation


@transaction.atomic
def share_contacts(user: Any, conversation_id: int, share: bool) -> Conversation:
    """Record an admin's consent (or its withdrawal) to show their side's contacts."""
    conversation, side = _admin_side(user, conversation_id)
    field = (
        "initiator_shares_contacts"
        if side.pk == conversation.initiator_id
        else "recipient_shares_contacts"
    )
    setattr(conversation, field, share)
    conversation.save(update_fields=[field, "updated"])
    return conversation


@transaction.atomic
def mark_forwarded(user: Any, conversation_id: int) -> Conversation:
    """An editor records that a waiting thread was forwarded to its recipient by other means."""
    if not is_editor(user):
        raise NotAllowed(gettext("Only editors forward messages"))
    conversation = Conversation.objects.filter(
        pk=conversation_id, needs_forwarding=True, forwarded__isnull=True
    ).first()
    if conversation is None:
        raise InvalidInputError(
            gettext("no conversation waiting to be forwarded with this id"),
            field="conversation",
            value=conversation_id,
        )
    conversation.forwarded = timezone.now()
    conversation.forwarded_by = user
    conversation.save(update_fields=["forwarded", "forwarded_by", "updated"])
    return conversation
