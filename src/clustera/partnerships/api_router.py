"""The partnerships API's one router: the reads (``api``) and the writes (``api_applications``,
``api_workspace``) register on it, since a path shared by a read and a write must be on one."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from ninja import Router
from pydantic import AfterValidator, Field, WithJsonSchema

router = Router(tags=["partnerships"])

#: An amount in euros: a JSON number from 0 to 100 billion, kept to the cent (the JSON schema
#: cannot state "two decimals", so more are rounded rather than refused). The schema states the
#: number form only: pydantic's default also offers a string form whose bounds it does not state.
Money = Annotated[
    Decimal,
    Field(ge=0, le=10**11),
    AfterValidator(lambda value: value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
    WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": 10**11, "description": "EUR, to the cent"}
    ),
]
