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
