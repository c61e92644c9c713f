"""API authentication: bearer tokens or the browser session (with CSRF for writes)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from clustera.accounts import audit, selectors, services


class BearerToken(HttpBearer):
    """``Authorization: Bearer cl_...`` with a token issued by ``clustera token create``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = selectors.active_token(token)
        if found is None:
            return None
        services.record_token_use(found)
        request.user = found.user
        audit.act_as(found.user)
        return found.user


class OptionalAuth:
    """Reads are open: anonymous visitors see public data, a valid token or session sees more.

    A request that presents a bearer token must present a valid one.
    """

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token:
                return None
            return BearerToken().authenticate(request, token.strip())
        return request.user


class LoggedInSession(SessionAuth):
    """The browser session of a logged-in user, with Django's CSRF check for writes.

    A request without a logged-in session is not authenticated at all (401 with a
    ``WWW-Authenticate`` header), rather than refused for a missing CSRF token (403).
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


#: The challenge sent with every 401 answer of the API.
WWW_AUTHENTICATE = 'Bearer realm="clustera"'

READ_AUTH = [OptionalAuth()]
WRITE_AUTH = [BearerToken(), LoggedInSession()]
