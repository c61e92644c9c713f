"""Partnering use cases: expressing interest (and notifying without exposing personal data)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.errors import InvalidInputError
from clustera.partnering.models import Interest, Notification
from clustera.registry.models import Organisation


class NotAllowed(Exception):
    """The user may not act for this organisation."""


@transaction.atomic
def express_interest(
    user: Any,
    from_organisation: Organisation,
    to_organisation: Organisation,
    message: str = "",
    context: str = "",
) -> Interest:
    """Record interest and notify the other organisation's admins.

    The notification names the sending organisation and links to its public profile;
    no e-mail address or personal contact data of either side is disclosed.
    """
    member = OrganisationMembership.objects.filter(
        user=user, organisation=from_organisation
    ).exists()
    if not (member or is_editor(user)):
        raise NotAllowed("You may express interest only on behalf of your own organisation")
    if from_organisation.pk == to_organisation.pk:
        raise InvalidInputError(
            "an organisation cannot express interest in itself",
            field="organisation",
            value=to_organisation.pk,
        )
    if not to_organisation.is_public:
        raise InvalidInputError(
            "no public organisation with this id", field="organisation", value=to_organisation.pk
        )
    if len(message) > 2000:
        raise InvalidInputError(
            "the message is longer than 2,000 characters",
            field="message",
            value=f"{len(message)} characters",
        )
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                from_organisation=from_organisation,
                to_organisation=to_organisation,
                created_by=user,
                message=message.strip(),
                context=context[:200],
            )
    except IntegrityError:
        raise InvalidInputError(
            "interest was already expressed to this organisation",
            field="organisation",
            value=to_organisation.pk,
        ) from None
    admins = OrganisationMembership.objects.filter(
        organisation=to_organisation, role=OrganisationRole.ADMIN
    ).values_list("user_id", flat=True)
    url = reverse("registry:organisation", args=[from_organisation.pk])
    text = f"{from_organisation.name} would like to work with {to_organisation.name}"
    if message:
        text += f": “{message.strip()[:300]}”"
    Notification.objects.bulk_create(
        [Notification(user_id=admin, text=text[:500], url=url) for admin in admins]
    )
    return interest
