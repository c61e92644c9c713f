"""Answer 503 with ``Retry-After`` when the embedded SQLite database stays locked too long.

A long write (an import) holds SQLite's single write lock; a web write waits for it up to the
busy timeout and then fails with ``database is locked``. That is a temporary condition of the
server, not a bug: the client is told to retry rather than shown a server error.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

#: Seconds a client is told to wait before retrying.
RETRY_AFTER_SECONDS = 5


class BusyDatabaseMiddleware:
    """Turns SQLite's ``database is locked`` into 503 Service Unavailable with ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError) or "locked" not in str(exception):
            return None
        message = "The database is busy with a long write (an import); retry in a few seconds."
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
