"""Refuse a request body over the portal's limits before anything reads it: 413, named limit.

Every form, file field, import and API endpoint is behind it, so no view has to remember:

- a body with files (``multipart/form-data``) may be ``CLUSTERA_MAX_UPLOAD_MB`` MiB;
- any other body (a form, JSON) may be ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (2.5 MiB), the
  limit Django applies when it reads the body (it would answer a bare 400 instead).

The answer says how large the body was and what the limit is: JSON under ``/api/``, a page
elsewhere. A body sent without ``Content-Length`` is read by Django within the same limits.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

__all__ = ["UploadLimitMiddleware", "body_limit"]

MIB = 1024 * 1024


def body_limit(content_type: str) -> int:
    """The largest body accepted, in bytes, for a request of this content type."""
    if content_type.split(";", 1)[0].strip().lower() == "multipart/form-data":
        return int(settings.CLUSTERA_MAX_UPLOAD_MB) * MIB
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _size(count: int) -> str:
    return f"{count / MIB:.1f} MiB" if count >= MIB else f"{count / 1024:.0f} KiB"


class UploadLimitMiddleware:
    """413 Content Too Large for a declared body over :func:`body_limit`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(str(request.META.get("CONTENT_TYPE", "")))
        if length <= limit:
            return self.get_response(request)
        message = gettext(
            "The request is %(size)s; the portal accepts at most %(limit)s "
            "(%(setting)s). Send a smaller file, or split the import."
        ) % {
            "size": _size(length),
            "limit": _size(limit),
            "setting": "CLUSTERA_MAX_UPLOAD_MB"
            if limit != settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            else "DATA_UPLOAD_MAX_MEMORY_SIZE",
        }
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": message}, status=413)
        else:
            response = render(request, "413.html", {"message": message}, status=413)
        response["Connection"] = "close"  # the rest of the body is not read
        return response
