"""Writes to offers and requests (the EEN types): publish, edit, withdraw, renew.

Published offers expire ``OFFER_DAYS`` after publication or renewal; the partnering app's
periodic task reminds the owner's admins ``REMINDER_DAYS`` before. Re-exported by
``services``; each write checks that the user may edit the owning organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.permissions import NotAllowed, can_edit_organisation
from clustera.errors import InvalidInputError, UnknownCodeError
from clustera.registry import models
from clustera.registry.references import CodeResolver

__all__ = [
    "OFFER_DAYS",
    "REMINDER_DAYS",
    "create_offer",
    "renew_offer",
    "update_offer",
    "withdraw_offer",
]

#: How long a published or renewed offer stays in the marketplace.
OFFER_DAYS = 180
#: How many days before expiry the owner's admins are reminded to renew.
REMINDER_DAYS = 14
TITLE_LENGTH = 300
DESCRIPTION_LENGTH = 5000


def _today() -> dt.date:
    return timezone.localdate()


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """The offer's plain fields, checked; raises naming the field."""
    fields: dict[str, Any] = {}
    if "kind" in data:
        if data["kind"] not in models.OfferKind.values:
            raise InvalidInputError(
                _("expected one of %(kinds)s") % {"kinds": ", ".join(models.OfferKind.values)},
                field="kind",
                value=data["kind"],
            )
        fields["kind"] = data["kind"]
    if "title" in data:
        title = str(data["title"] or "").strip()
        if not title or len(title) > TITLE_LENGTH:
            raise InvalidInputError(
                _("a title has 1 to %(n)d characters") % {"n": TITLE_LENGTH},
                field="title",
                value=title,
            )
        fields["title"] = title
    if "description" in data:
        description = str(data["description"] or "").strip()
        if len(description) > DESCRIPTION_LENGTH:
            raise InvalidInputError(
                _("at most %(n)d characters") % {"n": DESCRIPTION_LENGTH},
                field="description",
                value=f"{len(description)} characters",
            )
        fields["description"] = description
    return fields


def _term_ids(data: dict[str, Any]) -> dict[str, list[int]]:
    """Technologies and NACE codes (``code`` or ``SCHEME:code``) as term ids."""
    codes = CodeResolver()
    found: dict[str, list[int]] = {}
    for field, model in (("technologies", models.Technology), ("activities", models.Activity)):
        if data.get(field) is None:
            continue
        ids = []
        for code in data[field]:
            try:
                ids.append(codes.term_id(model, str(code)))
            except UnknownCodeError:
                raise UnknownCodeError(_("unknown code"), field=field, value=str(code)) from None
        found[field] = ids
    return found


def _may_edit(user: Any, organisation: models.Organisation) -> None:
    if user is not None and not can_edit_organisation(user, organisation):
        raise NotAllowed(
            _("Only this organisation's admins and platform editors change its offers")
        )


@transaction.atomic
def create_offer(
    organisation: models.Organisation, data: dict[str, Any], user: Any = None
) -> models.Offer:
    """Publish an offer or request for ``OFFER_DAYS``; its key is derived from the
    organisation's. ``user`` (when given) must be allowed to edit the organisation."""
    _may_edit(user, organisation)
    fields = _checked({"kind": data.get("kind"), "title": data.get("title"), **data})
    terms = _term_ids(data)
    count = models.Offer.objects.filter(organisation=organisation).count()
    key = f"{organisation.key}-OFFER-{count + 1:04d}"
    while models.Offer.objects.filter(key=key).exists():
        count += 1
        key = f"{organisation.key}-OFFER-{count + 1:04d}"
    today = _today()
    offer = models.Offer.objects.create(
        organisation=organisation,
        key=key,
        created=today,
        expires=today + dt.timedelta(days=OFFER_DAYS),
        **fields,
    )
    for field, ids in terms.items():
        getattr(offer, field).set(ids)
    return offer


@transaction.atomic
def update_offer(user: Any, offer: models.Offer, data: dict[str, Any]) -> models.Offer:
    """Change an offer's kind, title, description, technologies or NACE codes (lists replace)."""
    _may_edit(user, offer.organisation)
    fields = _checked(data)
    terms = _term_ids(data)
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save()
    for field, ids in terms.items():
        getattr(offer, field).set(ids)
    return offer


def withdraw_offer(user: Any, offer: models.Offer) -> models.Offer:
    """Take an offer out of the marketplace (renewing publishes it again)."""
    _may_edit(user, offer.organisation)
    offer.status = models.OfferStatus.WITHDRAWN
    offer.save(update_fields=["status", "updated"])
    return offer


def renew_offer(user: Any, offer: models.Offer) -> models.Offer:
    """Publish an offer for ``OFFER_DAYS`` from today (also a withdrawn or expired one)."""
    _may_edit(user, offer.organisation)
    offer.status = models.OfferStatus.PUBLISHED
    offer.expires = _today() + dt.timedelta(days=OFFER_DAYS)
    offer.reminded = None
    offer.save(update_fields=["status", "expires", "reminded", "updated"])
    return offer
