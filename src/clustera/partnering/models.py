"""Expressions of interest between organisations, and the notifications they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Interest(models.Model):
    """One organisation telling another that it would like to work together."""

    from_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="interests_sent"
    )
    to_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="interests_received"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    message = models.TextField(blank=True, max_length=2000)
    context = models.CharField(max_length=200, blank=True, help_text="e.g. the call or theme")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation"], name="interest_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="interest_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation_id} -> {self.to_organisation_id}"


class Notification(models.Model):
    """A message for one user, shown on their notifications page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["user", "read"])]

    def __str__(self) -> str:
        return self.text


class ConversationStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Conversation(models.Model):
    """A thread between two organisations, opened by an expression of interest.

    Contact data of each side is shown to the other only when both sides agreed to share.
    """

    interest = models.OneToOneField(
        Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    initiator = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="conversations_started"
    )
    recipient = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="conversations_received"
    )
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=8, choices=ConversationStatus.choices, default=ConversationStatus.OPEN
    )
    initiator_shares_contacts = models.BooleanField(default=False)
    recipient_shares_contacts = models.BooleanField(default=False)
    needs_forwarding = models.BooleanField(
        default=False, help_text="The recipient had no active account: editors forward it"
    )
    forwarded = models.DateTimeField(null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(initiator=models.F("recipient")),
                name="conversation_not_self",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiator_id} -> {self.recipient_id} ({self.status})"

    @property
    def contacts_shared(self) -> bool:
        """Both sides agreed to share their contact data."""
        return self.initiator_shares_contacts and self.recipient_shares_contacts


class Message(models.Model):
    """One message of a conversation, sent on behalf of one of its two organisations."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
