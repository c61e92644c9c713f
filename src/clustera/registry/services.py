"""Writes to the registry: the use cases behind forms, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.accounts.selectors import awaiting_validation
from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.offers import create_offer, renew_offer, update_offer, withdraw_offer
from clustera.registry.references import CodeResolver
from clustera.registry.schema import ORGANISATION_TYPES, SIZE_CLASSES, TABLES_BY_NAME, parse_row

__all__ = [
    "create_offer",
    "create_organisation",
    "delete_organisation",
    "propose_organisation",
    "renew_offer",
    "update_offer",
    "update_organisation",
    "withdraw_offer",
]


def _check_type(value: str) -> None:
    if value not in ORGANISATION_TYPES:
        raise InvalidInputError(
            f"expected one of {', '.join(ORGANISATION_TYPES)}", field="type", value=value
        )


@transaction.atomic
def create_organisation(data: dict[str, Any]) -> models.Organisation:
    """Create an organisation from validated fields; region given by code."""
    _check_type(data["type"])
    if models.Organisation.objects.filter(key=data["key"]).exists():
        raise InvalidInputError(
            "an organisation with this key exists", field="key", value=data["key"]
        )
    region_code = data.pop("region", None)
    region_id = CodeResolver().region_id(region_code) if region_code else None
    parse_row(
        TABLES_BY_NAME["organisations"],
        {
            "id": data["key"],
            "website": data.get("website", ""),
            "name": data["name"],
            "type": data["type"],
            "country": data["country"],
        },
        "request",
        None,
    )
    return models.Organisation.objects.create(region_id=region_id, **data)


@transaction.atomic
def update_organisation(
    organisation: models.Organisation, changes: dict[str, Any], user: Any = None
) -> None:
    """Apply profile changes; technologies, NACE codes and ecosystems replace the current lists.

    Codes are given as ``code`` or ``SCHEME:code``. Values that are None are left as they are.
    A new organisation waiting for validation becomes public only through an editor.
    """
    if (
        changes.get("is_public")
        and not organisation.is_public
        and awaiting_validation(organisation.pk)
        and not is_editor(user)
    ):
        raise InvalidInputError(
            "the platform's editors publish a new organisation once they validated it",
            field="is_public",
            value=True,
        )
    codes = CodeResolver()
    technologies = changes.pop("technologies", None)
    nace = changes.pop("nace", None)
    ecosystems = changes.pop("ecosystems", None)
    if "size_class" in changes and changes["size_class"] not in SIZE_CLASSES:
        raise InvalidInputError(
            "unknown size class", field="size_class", value=changes["size_class"]
        )
    if "website" in changes:
        parse_row(
            TABLES_BY_NAME["organisations"],
            {
                "id": organisation.key,
                "name": organisation.name,
                "type": organisation.type,
                "country": organisation.country,
                "website": changes["website"],
                "languages": changes.get("languages") or [],
            },
            "request",
            None,
        )
    for name, value in changes.items():
        if value is not None:
            setattr(organisation, name, value)
    organisation.full_clean(exclude=["region"])
    organisation.save()
    if technologies is not None:
        organisation.technologies.set([codes.term_id(models.Technology, c) for c in technologies])
    if nace is not None:
        organisation.activities.set([codes.term_id(models.Activity, c) for c in nace])
    if ecosystems is not None:
        organisation.ecosystems.set([codes.term_id(models.Ecosystem, c) for c in ecosystems])


@transaction.atomic
def propose_organisation(
    user: Any, data: dict[str, Any], base_url: str = ""
) -> models.Organisation:
    """Create an organisation for a signed-in user: private and waiting for the editors'
    validation, with the user as its admin."""
    import secrets

    from clustera.accounts import services as account_services

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed("Log in with a verified account to create an organisation")
    country = str(data.get("country", "")).strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise InvalidInputError("a two-letter country code", field="country", value=country)
    name = str(data.get("name", "")).strip()
    if models.Organisation.objects.filter(name__iexact=name, country=country).exists():
        raise InvalidInputError(
            f"{name} is already in the directory: claim it instead", field="name", value=name
        )
    fields = {key: data.get(key) or "" for key in ("website", "city", "description")}
    organisation = create_organisation(
        {
            "key": f"NEW-{secrets.token_hex(4).upper()}",
            "name": name,
            "type": data.get("type", ""),
            "country": country,
            "is_public": False,
            **fields,
        }
    )
    account_services.register_new_organisation(user, organisation, base_url)
    return organisation


def delete_organisation(user: Any, organisation: models.Organisation) -> None:
    """Delete an organisation with everything that hangs on it (platform editors only)."""
    if not is_editor(user):
        raise NotAllowed("Only platform editors may delete organisations")
    organisation.delete()
