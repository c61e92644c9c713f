"""Telling users about invitations, deadlines and decisions: in the app and by e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail

from clustera.partnering.models import Notification


def notify(users: Iterable[Any], subject: str, text: str, url: str) -> int:
    """Create an in-app notification for each user and e-mail those with an address.

    Returns how many users were notified. The e-mail goes through Django's e-mail backend
    (the console in the demo, SMTP in production: docs/settings.md).
    """
    recipients = {user.pk: user for user in users}
    Notification.objects.bulk_create(
        [Notification(user_id=pk, text=text[:500], url=url[:300]) for pk in recipients]
    )
    site = getattr(settings, "CLUSTERA_SITE_URL", "").rstrip("/")
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", "clustera@localhost")
    messages = [
        (f"[Clustera] {subject}", f"{text}\n\n{site}{url}\n", sender, [user.email])
        for user in recipients.values()
        if user.email
    ]
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(recipients)
