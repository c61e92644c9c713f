"""Consortium partners as past partners: partner suggestions' "never worked with" filter
leaves out the organisations that joined an application with this one (its lead and the
partners who accepted), registered with ``clustera.partnering.known`` at start-up."""

from __future__ import annotations

from django.db.models import Q

from clustera.partnerships.models import Application, ApplicationPartner, InvitationStatus


def consortium_partners(organisation_id: int) -> set[int]:
    """The leads and accepted partners of the applications it led or accepted to join."""
    applications = Application.objects.filter(
        Q(lead_id=organisation_id)
        | Q(partners__organisation_id=organisation_id, partners__status=InvitationStatus.ACCEPTED)
    )
    partners = set(
        ApplicationPartner.objects.filter(
            application__in=applications, status=InvitationStatus.ACCEPTED
        ).values_list("organisation_id", flat=True)
    )
    partners.update(applications.values_list("lead_id", flat=True))
    partners.discard(organisation_id)
    return partners
