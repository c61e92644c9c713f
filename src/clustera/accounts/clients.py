"""Who is asking: the client's address, and a pseudonym of it that is safe to store."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address", "client_pseudonym"]


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``CLUSTERA_TRUSTED_PROXIES`` proxies
    the address the outermost trusted proxy saw (``X-Forwarded-For`` read from the right).

    With no trusted proxy the header is ignored: a client could write any address into it.
    """
    proxies = int(getattr(settings, "CLUSTERA_TRUSTED_PROXIES", 0))
    remote = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote


def client_pseudonym(request: HttpRequest) -> str:
    """A keyed hash of the client's address: counts per visitor without storing addresses."""
    key = f"{settings.SECRET_KEY}|client|{client_address(request)}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]
