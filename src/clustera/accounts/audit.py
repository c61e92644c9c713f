"""The audit log's glue to django-auditlog: who acted, and for which organisation.

django-auditlog records every create, change and delete of the audited models with the
before/after values (``settings.AUDITLOG_*`` says which models and fields). This module adds
the two things the portal needs on top:

- **the actor of an API call made with a bearer token**: the library's middleware reads the
  session user before django-ninja authenticates the token, so :func:`act_as` names the token's
  user for the rest of the request;
- **the organisation an entry concerns**, so an organisation's admins see the changes to their
  organisation and what belongs to it: the organisation itself, or any object with an
  ``organisation`` link (contacts, offers, services, memberships, registrations, partnership
  members...). It is stored as ``additional_data["organisation"]`` when the entry is written.
  Entries about objects without such a link are visible to editors only.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from auditlog.context import auditlog_value
from auditlog.signals import pre_log
from django.db.models.signals import pre_save
from django.utils.translation import gettext

#: The organisation of the object being logged, between ``pre_log`` and the entry's save.
_pending_organisation: ContextVar[int | None] = ContextVar("audit_organisation", default=None)


def organisation_of(instance: Any) -> int | None:
    """The id of the organisation ``instance`` is, or belongs to; None when it has none."""
    meta = instance._meta
    if meta.label == "registry.Organisation":
        pk: int | None = instance.pk
        return pk
    organisation_id = getattr(instance, "organisation_id", None)
    return organisation_id if isinstance(organisation_id, int) else None


def act_as(user: Any) -> None:
    """Name ``user`` as the actor of the changes the current request makes from now on."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def _remember_organisation(sender: Any, instance: Any, **_: Any) -> None:
    _pending_organisation.set(organisation_of(instance))


def _stamp_organisation(sender: Any, instance: Any, **_: Any) -> None:
    organisation = _pending_organisation.get()
    _pending_organisation.set(None)
    if organisation is not None and instance.pk is None:
        data = dict(instance.additional_data or {})
        data.setdefault("organisation", organisation)
        instance.additional_data = data


def connect() -> None:
    """Connect the receivers (``AccountsConfig.ready``)."""
    from auditlog.models import LogEntry

    pre_log.connect(_remember_organisation, dispatch_uid="clustera_audit_organisation")
    pre_save.connect(
        _stamp_organisation, sender=LogEntry, dispatch_uid="clustera_audit_stamp_organisation"
    )


# --- reads -----------------------------------------------------------------------------------


def auditable_organisations(user: Any) -> list[int] | None:
    """The organisations whose audit trail ``user`` may read: None means all (editors)."""
    from clustera.accounts.models import OrganisationMembership, OrganisationRole
    from clustera.accounts.permissions import is_editor

    if not getattr(user, "is_authenticated", False):
        return []
    if is_editor(user):
        return None
    return list(
        OrganisationMembership.objects.filter(user=user, role=OrganisationRole.ADMIN)
        .values_list("organisation_id", flat=True)
        .order_by("organisation_id")
    )


def may_read_audit(user: Any) -> bool:
    """Editors, superusers and the admins of at least one organisation."""
    return auditable_organisations(user) != []


def entries(
    user: Any,
    *,
    organisation: int | None = None,
    model: str = "",
    action: int | None = None,
    actor: str = "",
) -> Any:
    """The audit entries ``user`` may read, newest first, filtered; raises NotAllowed."""
    from auditlog.models import LogEntry

    from clustera.accounts.permissions import NotAllowed

    allowed = auditable_organisations(user)
    if allowed == []:
        raise NotAllowed(gettext("Only editors and organisations' admins read the audit log"))
    queryset = LogEntry.objects.select_related("actor", "content_type").order_by(
        "-timestamp", "-pk"
    )
    if allowed is not None:
        queryset = queryset.filter(additional_data__organisation__in=allowed)
    if organisation is not None:
        queryset = queryset.filter(additional_data__organisation=organisation)
    if model:
        app_label, _, model_name = model.lower().partition(".")
        queryset = queryset.filter(
            content_type__app_label=app_label, content_type__model=model_name
        )
    if action is not None:
        queryset = queryset.filter(action=action)
    if actor:
        queryset = queryset.filter(actor__username=actor)
    return queryset


def describe(entry: Any) -> dict[str, Any]:
    """One entry as the page and the API show it."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return {
        "id": entry.pk,
        "timestamp": entry.timestamp,
        "actor": entry.actor.get_username() if entry.actor_id else "",
        "action": entry.get_action_display().lower(),
        "model": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_type": str(entry.content_type.model_class()._meta.verbose_name)
        if entry.content_type.model_class()
        else entry.content_type.model,
        "object_id": entry.object_pk,
        "object_repr": entry.object_repr,
        "organisation": (entry.additional_data or {}).get("organisation"),
        "changes": {
            field: list(pair) if isinstance(pair, list | tuple) else pair
            for field, pair in changes.items()
        },
    }
