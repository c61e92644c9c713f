"""Editing a profile: the organisation's fields and codes, and a cluster's own part.

Every refusal names the field and the value (a founding year in the future, coordinates out of
range, an unknown code); nothing is written unless everything is valid. Each save is logged on
the ``clustera.audit`` logger: who changed which fields of which organisation. Re-exported by
``services``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.permissions import NotAllowed, can_edit_organisation, is_editor
from clustera.accounts.selectors import awaiting_validation
from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.registry import models
from clustera.registry.references import CodeResolver
from clustera.registry.schema import SIZE_CLASSES, TABLES_BY_NAME, parse_row

__all__ = ["save_contacts", "update_cluster_profile", "update_organisation"]

audit = logging.getLogger("clustera.audit")

_LANGUAGE = re.compile(r"^[a-z]{2}$")
#: Nullable fields that ``clear`` may empty (None elsewhere means "leave as it is").
CLEARABLE = ("lat", "lon", "employees", "founded", "region")
_TERMS = {
    "technologies": models.Technology,
    "nace": models.Activity,
    "ecosystems": models.Ecosystem,
    "s3_priorities": models.S3Priority,
}


def _year(field: str, value: Any) -> None:
    if value is None:
        return
    this_year = timezone.localdate().year
    if not isinstance(value, int) or value > this_year:
        raise InvalidInputError(
            _("a year up to %(year)d: it cannot be in the future") % {"year": this_year},
            field=field,
            value=value,
        )
    if value < 1000:
        raise InvalidInputError(_("a four-digit year"), field=field, value=value)


def _coordinate(field: str, value: Any, limit: int) -> None:
    if value is None:
        return
    if not isinstance(value, int | float) or not -limit <= value <= limit:
        raise InvalidInputError(
            _("degrees from -%(limit)d to %(limit)d") % {"limit": limit}, field=field, value=value
        )


def check_fields(changes: dict[str, Any]) -> None:
    """Refuse, naming the field, values the form or API let through but that make no sense."""
    _year("founded", changes.get("founded"))
    _coordinate("lat", changes.get("lat"), 90)
    _coordinate("lon", changes.get("lon"), 180)
    if changes.get("size_class") not in (None, "", *SIZE_CLASSES):
        raise InvalidInputError(
            _("unknown size class"), field="size_class", value=changes["size_class"]
        )
    for code in changes.get("languages") or []:
        if not _LANGUAGE.match(str(code)):
            raise InvalidInputError(
                _("an ISO 639-1 code such as 'en'"), field="languages", value=code
            )
    employees = changes.get("employees")
    if employees is not None and (not isinstance(employees, int) or employees < 0):
        raise InvalidInputError(_("a number of 0 or more"), field="employees", value=employees)


def term_ids(changes: dict[str, Any]) -> dict[str, list[int]]:
    """The code lists among ``changes`` (``code`` or ``SCHEME:code``) as ids; an unknown code
    is refused naming its field."""
    codes = CodeResolver()
    found: dict[str, list[int]] = {}
    for field, model in _TERMS.items():
        if changes.get(field) is None:
            continue
        ids = []
        for code in changes[field]:
            try:
                ids.append(codes.term_id(model, str(code)))
            except UnknownCodeError:
                raise UnknownCodeError(_("unknown code"), field=field, value=code) from None
        found[field] = ids
    return found


def _region_id(code: str) -> int | None:
    if not code:
        return None
    try:
        return CodeResolver().region_id(code)
    except UnknownCodeError:
        raise UnknownCodeError(_("unknown NUTS code"), field="region", value=code) from None


def _check_publication(
    organisation: models.Organisation, changes: dict[str, Any], user: Any
) -> None:
    if (
        changes.get("is_public")
        and not organisation.is_public
        and awaiting_validation(organisation.pk)
        and not is_editor(user)
    ):
        raise InvalidInputError(
            _("the platform's editors publish a new organisation once they validated it"),
            field="is_public",
            value=True,
        )


def _check_website(organisation: models.Organisation, changes: dict[str, Any]) -> None:
    if "website" in changes:
        parse_row(
            TABLES_BY_NAME["organisations"],
            {
                "id": organisation.key,
                "name": organisation.name,
                "type": organisation.type,
                "country": organisation.country,
                "website": changes["website"] or "",
                "languages": changes.get("languages") or [],
            },
            "request",
            None,
        )


@transaction.atomic
def update_organisation(
    organisation: models.Organisation,
    changes: dict[str, Any],
    user: Any = None,
    clear: tuple[str, ...] = (),
) -> list[str]:
    """Apply profile changes; return the names of the fields that changed.

    Technologies, NACE codes (``nace``) and ecosystems replace the current lists; codes are
    given as ``code`` or ``SCHEME:code``; ``region`` is a NUTS code. Values that are None are
    left as they are, except the fields named in ``clear`` (of ``CLEARABLE``), which are
    emptied. A new organisation waiting for validation becomes public only through an editor.
    """
    changes = dict(changes)
    _check_publication(organisation, changes, user)
    check_fields(changes)
    _check_website(organisation, changes)
    terms = term_ids(changes)
    for name in ("technologies", "nace", "ecosystems", "s3_priorities"):
        changes.pop(name, None)
    region = changes.pop("region", None)
    before = {name: getattr(organisation, name) for name in changes}
    if region is not None or "region" in clear:
        changes["region_id"] = _region_id(region or "")
        before["region_id"] = organisation.region_id
    for name in clear:
        if name in CLEARABLE and name != "region":
            changes[name] = None
    for name, value in changes.items():
        if value is not None or name in clear or name == "region_id":
            setattr(organisation, name, value)
    organisation.full_clean(exclude=["region"])
    organisation.save()
    relations = {"technologies": "technologies", "nace": "activities", "ecosystems": "ecosystems"}
    changed = [name for name, old in before.items() if getattr(organisation, name) != old]
    for field, ids in terms.items():
        manager = getattr(organisation, relations[field])
        if set(manager.values_list("pk", flat=True)) != set(ids):
            manager.set(ids)
            changed.append(field)
    _log(user, organisation, changed)
    return changed


def _log(user: Any, organisation: models.Organisation, changed: list[str]) -> None:
    if changed:
        audit.info(
            "organisation %s (%s) changed by %s: %s",
            organisation.pk,
            organisation.key,
            getattr(user, "username", "system"),
            ", ".join(sorted(changed)),
        )


@transaction.atomic
def update_cluster_profile(
    user: Any, organisation: models.Organisation, changes: dict[str, Any]
) -> list[str]:
    """Change a cluster's label, figures and S3 priorities (its admins, editors); return the
    names of the fields that changed."""
    if user is not None and not can_edit_organisation(user, organisation):
        raise NotAllowed(_("Only this organisation's admins and platform editors change it"))
    if organisation.type != "cluster":
        raise InvalidInputError(
            _("only clusters have a cluster profile"), field="type", value=organisation.type
        )
    changes = dict(changes)
    _year("year_founded", changes.get("year_founded"))
    label_date = changes.get("label_date")
    if label_date is not None and label_date > timezone.localdate():
        raise InvalidInputError(_("a date in the future"), field="label_date", value=label_date)
    terms = term_ids({"s3_priorities": changes.pop("s3_priorities", None)})
    profile, _created = models.ClusterProfile.objects.get_or_create(organisation=organisation)
    before = {name: getattr(profile, name) for name in changes}
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["organisation"])
    profile.save()
    changed = [name for name, old in before.items() if getattr(profile, name) != old]
    if "s3_priorities" in terms:
        if set(profile.s3_priorities.values_list("pk", flat=True)) != set(terms["s3_priorities"]):
            profile.s3_priorities.set(terms["s3_priorities"])
            changed.append("s3_priorities")
    _log(user, organisation, [f"cluster.{name}" for name in changed])
    return changed


@transaction.atomic
def save_contacts(
    user: Any, organisation: models.Organisation, rows: list[dict[str, Any]]
) -> list[str]:
    """Replace, change or remove the organisation's contacts (its admins, editors).

    Each row has ``name``, ``email``, ``role`` and optionally ``id`` (an existing contact of
    this organisation) and ``delete``. Returns the e-mail addresses written or removed.
    """
    if user is not None and not can_edit_organisation(user, organisation):
        raise NotAllowed(_("Only this organisation's admins and platform editors change it"))
    existing = {c.pk: c for c in organisation.contacts.all()}
    kept: set[str] = set()
    changed: list[str] = []
    for row in rows:
        contact = (
            existing.get(row["id"]) if row.get("id") else models.Contact(organisation=organisation)
        )
        if contact is None:
            raise InvalidInputError(
                _("no contact with this id here"), field="contacts", value=row["id"]
            )
        if row.get("delete"):
            if contact.pk:
                contact.delete()
                changed.append(contact.email)
            continue
        email = str(row.get("email") or "").strip().lower()
        if email in kept:
            raise InvalidInputError(_("an address listed twice"), field="email", value=email)
        kept.add(email)
        contact.name = str(row.get("name") or "").strip()
        contact.email = email
        contact.role = str(row.get("role") or "").strip()
        try:
            contact.full_clean(exclude=["organisation"], validate_unique=False)
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise InvalidInputError(
                " ".join(messages), field=field, value=getattr(contact, field, "")
            ) from None
        contact.save()
        changed.append(email)
    _log(user, organisation, [f"contact {address}" for address in changed])
    return changed
