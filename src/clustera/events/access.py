"""Who may see and do what with an event: organisers, participants, the public.

Organisers are the admins of the event's organising organisations and platform editors
(superusers included); a participant acts through any membership of its organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.events.models import Event, Registration


def acting_for(user: Any) -> set[int]:
    """Ids of the organisations ``user`` may act for (any membership)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )


def can_manage_event(user: Any, event: Event) -> bool:
    """Editors and the admins of an organising organisation run the event."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_editor(user):
        return True
    return OrganisationMembership.objects.filter(
        user=user, role=OrganisationRole.ADMIN, organisation__organised_events=event
    ).exists()


def can_view_event(user: Any, event: Event) -> bool:
    """Published events are public; drafts only for their organisers."""
    return event.is_published or can_manage_event(user, event)


def visible_events(user: Any, queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Restrict events to those ``user`` may see."""
    if is_editor(user):
        return queryset
    if getattr(user, "is_authenticated", False):
        admin_of = OrganisationMembership.objects.filter(
            user=user, role=OrganisationRole.ADMIN
        ).values("organisation_id")
        return queryset.filter(Q(is_published=True) | Q(organisers__in=admin_of)).distinct()
    return queryset.filter(is_published=True)


def can_act_for(user: Any, registration: Registration) -> bool:
    """The registered organisation's members (and editors) act for its registration."""
    return is_editor(user) or registration.organisation_id in acting_for(user)


def can_view_registration(user: Any, registration: Registration) -> bool:
    """A registration's agenda, badge and requests: its organisation and the organisers."""
    return can_act_for(user, registration) or can_manage_event(user, registration.event)
