"""The account e-mails: rendered from ``templates/accounts/email/`` and sent through Django.

Where they go is the deployment's choice (``CLUSTERA_EMAIL_URL``): the console in the demo,
SMTP in production, the test outbox in tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string


def site_url(base: str = "") -> str:
    """The portal's address without a trailing slash: the request's, else the setting's."""
    return (base or str(getattr(settings, "CLUSTERA_SITE_URL", ""))).rstrip("/")


def send(template: str, recipients: Iterable[str], context: dict[str, Any]) -> int:
    """Send the e-mail rendered from ``template`` to each address separately; return how many.

    The template's first line is the subject, the rest the body. Empty addresses are skipped.
    """
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return 0
    text = render_to_string(template, context)
    subject, _, body = text.strip().partition("\n")
    messages = [
        (subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [address])
        for address in addresses
    ]
    return int(send_mass_mail(messages, fail_silently=False))
