"""The open API: OpenAPI 3 at /api/openapi.json, Swagger UI at /api/docs (served locally)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from clustera.accounts.api import router as accounts_router
from clustera.accounts.api_errors import ErrorOut
from clustera.accounts.authentication import WWW_AUTHENTICATE
from clustera.accounts.permissions import NotAllowed
from clustera.content.api import router as content_router
from clustera.errors import InvalidInputError
from clustera.events.api import router as events_router
from clustera.observatory.api import router as observatory_router
from clustera.partnering.api import router as partnering_router
from clustera.partnering.model_store import RecommenderNotReady
from clustera.partnerships.api import router as partnerships_router
from clustera.portal.throttling import ApiRateLimit
from clustera.registry.api import router as registry_router
from clustera.surveys.api import router as surveys_router


class ClusteraAPI(NinjaAPI):
    """The API whose schema documents, on every operation, the answers any operation can give.

    Every operation can answer 401 (an invalid bearer token, or no credentials on a write),
    422 (a parameter or body that breaks the schema), 429 (over the rate limit, with
    ``Retry-After``; see ``clustera.portal.throttling``) and 503 (the embedded database is busy
    with a long write; see ``clustera.portal.busy_database``); one with a body can also answer
    400 (a body that is not JSON) and 413 (a body over the upload limit); one with a path
    parameter, and every write, 404 (no such object, or one the caller may not see); a write
    403 (signed in, but not allowed). Routers may declare more themselves.
    """

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                codes = ["401", "422", "429", "503"]
                if "requestBody" in operation:
                    codes += ["400", "413"]
                path_object = any(p.get("in") == "path" for p in operation.get("parameters", []))
                if path_object or method != "get":
                    codes.append("404")  # the path's object, or one the body names
                if method != "get":
                    codes.append("403")
                for code in codes:
                    operation["responses"].setdefault(
                        code,
                        {
                            "description": _ERROR_DESCRIPTIONS[code],
                            "content": {"application/json": {"schema": error}},
                        },
                    )
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "ErrorOut", ErrorOut.model_json_schema()
        )
        return schema


_ERROR_DESCRIPTIONS = {
    "400": "The body is not valid JSON",
    "401": "Missing or invalid credentials",
    "403": "Signed in, but not allowed to do this",
    "404": "No such object, or one the caller may not see",
    "413": "The body is larger than the portal accepts (CLUSTERA_MAX_UPLOAD_MB)",
    "422": "A parameter or the body breaks the schema",
    "429": "Too many requests from this token or address: retry after Retry-After seconds",
    "503": "Busy (a long write holds the embedded database, or a model is not ready): retry",
}

api = ClusteraAPI(
    title="Clustera API",
    version="1",
    description=(
        "Registry, observatory and partnering data of Clustera. Reads are open (public data); "
        "writes need a bearer token (`clustera token create USER`) or a logged-in session with "
        "its CSRF token."
    ),
    urls_namespace="api",
    throttle=[ApiRateLimit()],
)
api.add_router("/", registry_router)
api.add_router("/", partnering_router)
api.add_router("/", partnerships_router)
api.add_router("/", observatory_router)
api.add_router("/", accounts_router)
api.add_router("/", surveys_router)
api.add_router("/", events_router)
api.add_router("/", content_router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": "Unauthorized"}, status=401)
    response["WWW-Authenticate"] = WWW_AUTHENTICATE
    return response


@api.exception_handler(InvalidInputError)
def _invalid_input(request: HttpRequest, exc: InvalidInputError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(NotAllowed)
def _not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(RecommenderNotReady)
def _not_ready(request: HttpRequest, exc: RecommenderNotReady) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=503)
    response["Retry-After"] = "60"
    return response


@api.exception_handler(DjangoValidationError)
def _invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": exc.message_dict if hasattr(exc, "error_dict") else exc.messages},
        status=422,
    )
