"""Writes to the registry: the use cases behind forms, the API and the CLI."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.errors import InvalidInputError
from clustera.registry import models
from clustera.registry.offers import create_offer, renew_offer, update_offer, withdraw_offer
from clustera.registry.profile import save_contacts, update_cluster_profile, update_organisation
from clustera.registry.references import CodeResolver
from clustera.registry.schema import ORGANISATION_TYPES, TABLES_BY_NAME, parse_row
from clustera.registry.term_labels import load_term_labels

__all__ = [
    "create_offer",
    "create_organisation",
    "delete_organisation",
    "load_term_labels",
    "propose_organisation",
    "renew_offer",
    "save_contacts",
    "update_offer",
    "update_cluster_profile",
    "update_organisation",
    "withdraw_offer",
]


def _check_type(value: str) -> None:
    if value not in ORGANISATION_TYPES:
        raise InvalidInputError(
            gettext("expected one of %(types)s") % {"types": ", ".join(ORGANISATION_TYPES)},
            field="type",
            value=value,
        )


@transaction.atomic
def create_organisation(data: dict[str, Any]) -> models.Organisation:
    """Create an organisation from validated fields; region given by code."""
    _check_type(data["type"])
    if models.Organisation.objects.filter(key=data["key"]).exists():
        raise InvalidInputError(
            gettext("an organisation with this key exists"), field="key", value=data["key"]
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
def propose_organisation(
    user: Any, data: dict[str, Any], base_url: str = ""
) -> models.Organisation:
    """Create an organisation for a signed-in user: private and waiting for the editors'
    validation, with the user as its admin."""
    import secrets

    from clustera.accounts import services as account_services

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(gettext("Log in with a verified account to create an organisation"))
    country = str(data.get("country", "")).strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise InvalidInputError(
            gettext("a two-letter country code"), field="country", value=country
        )
    name = str(data.get("name", "")).strip()
    if models.Organisation.objects.filter(name__iexact=name, country=country).exists():
        raise InvalidInputError(
            gettext("%(name)s is already in the directory: claim it instead") % {"name": name},
            field="name",
            value=name,
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
        raise NotAllowed(gettext("Only platform editors may delete organisations"))
    organisation.delete()
