"""Personal-data rights across every app: a person's data exported as JSON, and erased.

The portal composes the apps (ADR 0002), so it is the one place that can see all of them.
Rather than asking each app to list what it keeps about a person, it follows the foreign keys:
**every row of every app that points to the user's account** is that person's data (API tokens,
memberships, requests, conversations and messages they wrote, interests, notifications, survey
responses, event registrations they made, follows, digest settings, evaluations, the audit
entries of what they did). A new app's models are covered without anything to declare. Two
kinds of data do not point to an account and are added by rule: the registry's **contacts**
with the person's e-mail address, and the **audit entries about the account itself**.

Erasure deletes the account; each foreign key's own ``on_delete`` then says what happens to the
rows that point to it (declared and reviewed with each model: a membership or a token goes with
the account; a message the person wrote stays in the other side's conversation without its
author). On top of that:

- the person's **survey responses** are deleted (their answers, whatever the foreign key says);
- the registry's **contacts** with their e-mail address are deleted;
- the **audit log keeps what happened but not who**: entries of what the person did lose their
  actor; entries about the account lose the values (user name, e-mail) and read "erased
  account"; one entry records the erasure itself, by whom, without personal data.
Nothing of the erasure is audited with the values it removes (django-auditlog is off for the
duration), and it is one transaction: it happens whole or not at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

#: Field values never exported, even to the person: secrets and their digests.
MASKED_FIELDS = frozenset({"password", "digest", "resume_key", "token", "secret"})
#: What an erased account is called in the audit log.
ERASED = "erased account"
EXPORT_FORMAT = "clustera-personal-data/1"


def _rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    rows = serializers.serialize("python", queryset.order_by("pk"))
    for row in rows:
        row["fields"] = {
            name: ("***" if name in MASKED_FIELDS else value)
            for name, value in row["fields"].items()
        }
        row.pop("model", None)
    return rows


def _pointing_to(user: Any) -> list[tuple[str, QuerySet[Any]]]:
    """Every app's rows that point to ``user``, by "app.Model (field)"."""
    found = []
    relations = [
        field
        for field in get_user_model()._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]  # reverse foreign keys, ``related_name="+"`` ones included
    for relation in relations:
        model: type[Model] = relation.related_model
        field = relation.field.name
        queryset = model._default_manager.filter(**{field: user})
        found.append((f"{model._meta.label} ({field})", queryset))
    return found


def _contacts(user: Any) -> QuerySet[Any]:
    from clustera.registry.models import Contact

    if not user.email:
        return Contact.objects.none()
    return Contact.objects.filter(email__iexact=user.email)


def _responses(user: Any) -> QuerySet[Any]:
    """Survey responses given signed in, or anonymously with the person's e-mail for resuming."""
    from django.db.models import Q

    from clustera.surveys.models import Response

    by_email = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    return Response.objects.filter(Q(user=user) | by_email)


def _about_account(user: Any) -> QuerySet[LogEntry]:
    return LogEntry.objects.get_for_object(user)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_person(user: Any) -> dict[str, Any]:
    """Everything Clustera keeps about ``user``, as JSON-ready data (the right of access)."""
    records: dict[str, list[dict[str, Any]]] = {}
    for label, queryset in _pointing_to(user):
        rows = _rows(queryset)
        if rows:
            records[label] = rows
    contacts = _rows(_contacts(user))
    if contacts:
        records["registry.Contact (email)"] = contacts
    anonymous = _rows(_responses(user).filter(user__isnull=True))
    if anonymous:
        records["surveys.Response (email)"] = anonymous
    about = _rows(_about_account(user))
    if about:
        records["auditlog.LogEntry (about the account)"] = about
    return {
        "format": EXPORT_FORMAT,
        "exported": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "is_active": user.is_active,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "records": records,
    }


def _scrub_records(user: Any) -> int:
    """Audit entries about rows that point to ``user`` lose the name they showed (``object_repr``
    often names the account); rows deleted with the account also lose their values."""
    from django.db.models import CASCADE

    scrubbed = 0
    for label, queryset in _pointing_to(user):
        model = queryset.model
        if model is LogEntry:
            continue
        content_type = ContentType.objects.get_for_model(model)
        pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        entries = LogEntry.objects.filter(content_type=content_type, object_pk__in=pks)
        field = model._meta.get_field(label.rsplit("(", 1)[1].rstrip(")"))
        repr_text = f"{model._meta.verbose_name} of an {ERASED}"
        if getattr(field.remote_field, "on_delete", None) is CASCADE:
            scrubbed += entries.update(object_repr=repr_text, changes={}, serialized_data=None)
        else:
            scrubbed += entries.update(object_repr=repr_text, serialized_data=None)
    return scrubbed


def erase_person(user: Any, *, requested_by: Any = None) -> dict[str, int]:
    """Erase ``user`` and their personal data (the right to erasure); return what went, by kind.

    ``requested_by`` (the person themselves, or a platform admin acting on a request) is named in
    the audit entry that records the erasure; it may not be ``user`` once the account is gone, so
    the person erasing their own account is recorded as "the account holder".
    """
    account_id = user.pk
    self_service = requested_by is None or requested_by.pk == account_id
    with transaction.atomic(), disable_auditlog():
        counts = {"survey responses": _responses(user).delete()[0]}
        counts["contacts"] = _contacts(user).delete()[0]
        counts["audit entries anonymised"] = LogEntry.objects.filter(actor=user).update(
            actor=None, actor_email=None
        )
        counts["audit entries about the account"] = _about_account(user).update(
            object_repr=ERASED, changes={}, serialized_data=None, actor_email=None
        )
        counts["audit entries about their records"] = _scrub_records(user)
        user.delete()
        counts["account"] = 1
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(get_user_model()),
            object_pk=str(account_id),
            object_id=account_id,
            object_repr=ERASED,
            action=LogEntry.Action.DELETE,
            changes={},
            actor=None if self_service else requested_by,
            additional_data={"erasure": "by the account holder" if self_service else "on request"},
        )
    return counts
