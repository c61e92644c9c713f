"""API rate limits: per bearer token (or signed-in user) and per client address.

Every API operation counts the request against one budget: a request whose bearer token (or
browser session) authenticated counts against that token's (or user's) budget,
``CLUSTERA_API_RATE_TOKEN``; any other request against its client address's,
``CLUSTERA_API_RATE_IP``. A request over its budget answers ``429 Too Many Requests`` with
``Retry-After`` (whole seconds until the window ends). An invented token does not open a new
budget: it does not authenticate, so it counts against the address (and answers 401 on
writes).

Counting uses fixed windows in the ``throttle`` cache, which ``clustera serve``'s worker
processes share (a file cache in ``$CLUSTERA_DATA_DIR/throttle`` by default): a client gets at
most the rate per window, and at most twice it across a window's edge.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from clustera.accounts.clients import client_address
from clustera.portal.config import parse_rate

__all__ = ["ApiRateLimit", "hit"]


def hit(scope: str, ident: str, limit: int, seconds: int) -> float | None:
    """Count one request in the current window; None if within ``limit``, else seconds to wait."""
    now = time.time()
    window = int(now // seconds)
    key = f"rl:{scope}:{ident}:{window}"
    cache = caches["throttle"]
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    if count <= limit:
        return None
    return (window + 1) * seconds - now


def _budget(request: HttpRequest) -> tuple[str, str, str]:
    """(scope, identity, rate setting) of the budget this request counts against."""
    user = getattr(request, "auth", None)
    if user is not None and getattr(user, "is_authenticated", False):
        header = request.headers.get("Authorization", "")
        if header:
            digest = hashlib.sha256(header.encode()).hexdigest()[:32]
            return "token", digest, "CLUSTERA_API_RATE_TOKEN"
        return "user", str(user.pk), "CLUSTERA_API_RATE_TOKEN"
    return "ip", client_address(request), "CLUSTERA_API_RATE_IP"


class ApiRateLimit(BaseThrottle):
    """One throttle for every API operation; rates read from the settings at each request.

    Thread-safe: ninja keeps one instance for all requests, so the wait of the last refusal is
    kept per thread.
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        scope, ident, setting = _budget(request)
        rate = parse_rate(str(getattr(settings, setting, "")), field=setting)
        if rate is None:
            return True
        wait = hit(scope, ident, *rate)
        self._local.wait = wait
        return wait is None

    def wait(self) -> float | None:
        wait: Any = getattr(self._local, "wait", None)
        return None if wait is None else float(max(1, math.ceil(wait)))
