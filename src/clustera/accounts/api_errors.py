"""What every API router shares: the error body, the error statuses it declares, input bounds.

Routers declare the statuses an operation can answer (``response={200: X, **errors(403, 404)}``)
so the OpenAPI schema documents them; the portal's API adds 401 and 422 to every operation.
Integers are bounded so that values beyond the databases' 64-bit integers never reach a query.
"""

from __future__ import annotations

import re
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, model_validator

#: Largest object id accepted in paths and filters (ids are positive 64-bit integers in the
#: databases; anything above this is simply unknown).
MAX_ID = 2**53
#: Largest ``offset`` of a paginated list.
MAX_OFFSET = 10**9
#: Longest free-text query parameter (search words, codes lists).
MAX_QUERY_TEXT = 500
#: Longest code parameter (region, activity, technology codes and similar).
MAX_CODE = 64


#: Characters no text field may hold (the registry's import refuses the same ones): C0 controls
#: but tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ErrorOut(Schema):
    """The body of every error answer: ``{"detail": ...}`` (a message or a list of field errors)."""

    detail: Any


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation declares, each with the error body."""
    return {status: ErrorOut for status in statuses}


_NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def _state_no_control_characters(schema: dict[str, Any], model: Any) -> None:
    """State the no-control-characters rule on every text field of a body's JSON schema."""
    for prop in schema.get("properties", {}).values():
        for variant in [prop, *prop.get("anyOf", [])]:
            for target in (variant, variant.get("items", {})):
                if target.get("type") == "string" and "pattern" not in target:
                    target["pattern"] = _NO_CONTROL_CHARACTERS


class BodySchema(Schema):
    """The base of every request body: a JSON object, never a list or a scalar.

    Ninja schemas read attributes from any object, so without this a body such as
    ``[null, null]`` would pass as an object with every field left out.
    """

    model_config = ConfigDict(json_schema_extra=_state_no_control_characters)

    @model_validator(mode="before")
    @classmethod
    def _must_be_an_object(cls, data: Any) -> Any:
        received = getattr(data, "_obj", data)  # ninja hands validators a DjangoGetter
        if not isinstance(received, dict):
            raise ValueError(f"the body must be a JSON object, got {type(received).__name__}")
        for name, value in received.items():
            if name not in cls.model_fields:
                continue  # unknown keys are ignored, as everywhere in the API
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and (found := CONTROL_CHARACTERS.search(text)):
                    raise ValueError(
                        f"field {name!r}: control character U+{ord(found.group()):04X} "
                        f"at position {found.start() + 1}"
                    )
        return data
