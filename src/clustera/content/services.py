"""Content use cases: writing and publishing items through the editors' workflow (with
revisions), who may do what, rendering, follows and their notifications, digests, feed import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.content import selectors
from clustera.content.models import (
    DigestPeriod,
    DigestPreference,
    Follow,
    FollowTarget,
    Image,
    Item,
    Kind,
    Revision,
    Status,
)
from clustera.errors import InvalidInputError
from clustera.io.markdown_text import render_markdown
from clustera.partnering.models import Notification

__all__ = [
    "NotAllowed",
    "can_edit",
    "can_propose_for",
    "follow",
    "publish",
    "render_body",
    "save_item",
    "set_digest_period",
    "unfollow",
]

TEXT_FIELDS = ("kind", "title", "summary", "body", "language", "published_at", "attachment")
LINK_FIELDS = (
    "organisations",
    "regions",
    "technologies",
    "ecosystems",
    "s3_priorities",
    "events",
    "calls",
    "partnerships",
)


def _is_admin_of(user: Any, organisation_id: int | None) -> bool:
    if organisation_id is None or not getattr(user, "is_authenticated", False):
        return False
    return OrganisationMembership.objects.filter(
        user=user, organisation_id=organisation_id, role=OrganisationRole.ADMIN
    ).exists()


def can_propose_for(user: Any, organisation: Any) -> bool:
    """Editors write anything; an organisation's admins propose news for their organisation."""
    return is_editor(user) or _is_admin_of(user, getattr(organisation, "pk", None))


def can_edit(user: Any, item: Item) -> bool:
    """Editors edit every item; organisation admins their organisation's unpublished news."""
    if is_editor(user):
        return True
    return item.status != Status.PUBLISHED and _is_admin_of(user, item.organisation_id)


def render_body(item: Item) -> str:
    """The item's body as sanitised HTML (scripts and unsafe attributes removed)."""
    return render_markdown(item.body)


def _unique_slug(title: str, exclude: int | None = None) -> str:
    base = (slugify(title)[:100] or "item").strip("-")
    slug, number = base, 2
    while Item.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_write(user: Any, item: Item | None, data: dict[str, Any]) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Log in to write content"))
    if is_editor(user):
        return
    if item is not None and not can_edit(user, item):
        raise NotAllowed(_("You may not edit this item"))
    if not OrganisationMembership.objects.filter(user=user, role=OrganisationRole.ADMIN).exists():
        raise NotAllowed(_("Only editors and organisation admins write content"))
    organisation = data.get("organisation", item.organisation if item else None)
    if organisation is None or not _is_admin_of(user, organisation.pk):
        raise InvalidInputError(
            _("choose an organisation you administer"), field="organisation", value=organisation
        )
    if data.get("kind", item.kind if item else "") != Kind.NEWS:
        raise InvalidInputError(
            _("organisation admins propose news only"), field="kind", value=data.get("kind")
        )
    if data.get("status") == Status.PUBLISHED:
        raise NotAllowed(_("Only editors publish; submit the item for review"))


def _validate(data: dict[str, Any]) -> None:
    if "title" in data and not str(data["title"]).strip():
        raise InvalidInputError(_("a title is required"), field="title", value=data["title"])
    if data.get("kind") and data["kind"] not in Kind.values:
        raise InvalidInputError(_("unknown kind"), field="kind", value=data["kind"])
    if data.get("status") and data["status"] not in Status.values:
        raise InvalidInputError(_("unknown status"), field="status", value=data["status"])
    if data.get("image") and not str(data.get("image_alt", "")).strip():
        raise InvalidInputError(
            _("describe the image for people who cannot see it"), field="image_alt", value=""
        )


@transaction.atomic
def save_item(user: Any, item: Item | None, data: dict[str, Any]) -> Item:
    """Create (``item`` None) or change an item, keep a revision, notify followers on publication.

    ``data`` holds model fields, ``status``, the link lists and optionally ``image`` with
    ``image_alt``. Organisation admins may only write news of their organisation, as draft
    or in review; editors may do anything, including publishing.
    """
    _validate(data)
    _check_write(user, item, data)
    was_published = item is not None and item.status == Status.PUBLISHED
    was_in_review = item is not None and item.status == Status.REVIEW
    if item is None:
        item = Item(created_by=user, status=Status.DRAFT)
    for name in (*TEXT_FIELDS, "organisation", "original", "status"):
        if name in data and data[name] is not None:
            setattr(item, name, data[name])
    if item.status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    if not item.slug:
        item.slug = _unique_slug(item.title, exclude=item.pk)
    item.save()
    for name in LINK_FIELDS:
        if name in data and data[name] is not None:
            getattr(item, name).set(data[name])
    if data.get("image"):
        Image.objects.create(item=item, file=data["image"], alt=data["image_alt"].strip())
    Revision.objects.create(
        item=item,
        author=user,
        title=item.title,
        summary=item.summary,
        body=item.body,
        status=item.status,
    )
    if item.status == Status.PUBLISHED and not was_published:
        notify_due_items()
    if item.status == Status.REVIEW and not was_in_review:
        _notify_editors(item)
    return item


def publish(user: Any, item: Item, when: datetime | None = None) -> Item:
    """Publish an item now or at ``when`` (editors only)."""
    if not is_editor(user):
        raise NotAllowed(_("Only editors publish"))
    return save_item(
        user, item, {"status": Status.PUBLISHED, "published_at": when or item.published_at}
    )


def submit_for_review(user: Any, item: Item) -> Item:
    """Hand a draft to the editors; they are notified."""
    return save_item(user, item, {"status": Status.REVIEW})


def _notify_editors(item: Item) -> None:
    from django.contrib.auth import get_user_model

    editors = get_user_model().objects.filter(groups__name="editor").values_list("pk", flat=True)
    url = reverse("content:edit", args=[item.slug])
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk, text=(_("In review: %(title)s") % {"title": item.title})[:500], url=url
            )
            for pk in set(editors)
        ]
    )


def followers_of(item: Item) -> set[int]:
    """Ids of the users who follow something ``item`` is linked to."""
    organisations = {item.organisation_id, *item.organisations.values_list("pk", flat=True)}
    wanted = {
        FollowTarget.ORGANISATION: organisations - {None},
        FollowTarget.REGION: set(item.regions.values_list("pk", flat=True)),
        FollowTarget.TECHNOLOGY: set(item.technologies.values_list("pk", flat=True)),
        FollowTarget.CALL: set(item.calls.values_list("pk", flat=True)),
        FollowTarget.PARTNERSHIP: set(item.partnerships.values_list("pk", flat=True)),
    }
    users: set[int] = set()
    for target, ids in wanted.items():
        if ids:
            users |= set(
                Follow.objects.filter(target=target, target_id__in=ids).values_list(
                    "user_id", flat=True
                )
            )
    return users


def notify_followers(item: Item) -> int:
    """One in-app notification per follower of what the item is linked to; returns the count."""
    url = reverse("content:item", args=[item.slug])
    users = followers_of(item)
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=pk, text=(_("New: %(title)s") % {"title": item.title})[:500], url=url
            )
            for pk in users
        ]
    )
    Item.objects.filter(pk=item.pk).update(followers_notified=True)
    return len(users)


def notify_due_items(now: datetime | None = None) -> int:
    """Notify the followers of every item whose publication date has come and who were not yet.

    Scheduled items are announced when they appear (the digest command and task call this),
    never before; returns the number of items announced.
    """
    due = list(selectors.published(now).filter(followers_notified=False, is_synthetic=False))
    for item in due:
        notify_followers(item)
    return len(due)


def follow(user: Any, target: str, target_id: int) -> Follow:
    """Follow an organisation, region or technology (logged-in users; idempotent)."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Log in to follow"))
    if target not in FollowTarget.values:
        raise InvalidInputError(_("unknown kind of target"), field="target", value=target)
    found = selectors.follow_target(target, target_id)
    if found is None or (target == "organisation" and not found.is_public):
        raise InvalidInputError(
            _("nothing to follow with this id"), field="target_id", value=target_id
        )
    DigestPreference.objects.get_or_create(user=user)
    return Follow.objects.get_or_create(user=user, target=target, target_id=target_id)[0]


def unfollow(user: Any, target: str, target_id: int) -> int:
    """Stop following; returns how many follows were removed."""
    return Follow.objects.filter(user=user, target=target, target_id=target_id).delete()[0]


def set_digest_period(user: Any, period: str) -> DigestPreference:
    """Choose the e-mail digest: none, daily or weekly."""
    if period not in DigestPeriod.values:
        raise InvalidInputError(gettext("unknown digest period"), field="period", value=period)
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"period": period}
    )
    return preference


@transaction.atomic
def seed_demo(seed: int, count: int = 36, now: datetime | None = None) -> int:
    """Publish ``count`` synthetic items linked to the synthetic organisations; returns the count.

    Deterministic for ``seed``; earlier demo items are replaced.
    """
    from clustera.content.demo_content import demo_texts
    from clustera.registry.models import Ecosystem, Organisation, S3Priority, Technology

    organisations = [
        (o.pk, o.name, o.region_id, o.region.name if o.region else "")
        for o in Organisation.objects.filter(is_synthetic=True, is_public=True)
        .select_related("region")
        .order_by("pk")[:200]
    ]
    technologies = list(Technology.objects.order_by("pk").values_list("pk", "name")[:60])
    ecosystems = list(Ecosystem.objects.order_by("pk").values_list("pk", flat=True))
    priorities = list(S3Priority.objects.order_by("pk").values_list("pk", flat=True))
    Item.objects.filter(is_synthetic=True).delete()
    moment = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    created = 0
    for number, text in enumerate(demo_texts(seed, organisations, technologies, moment, count)):
        item = Item.objects.create(
            kind=text.kind,
            title=text.title,
            slug=f"{slugify(text.title)[:100]}-{number + 1}",
            summary=text.summary,
            body=text.body,
            organisation_id=text.organisation_id,
            status=Status.PUBLISHED,
            published_at=text.published_at,
            is_synthetic=True,
        )
        item.organisations.add(text.organisation_id)
        if text.region_id:
            item.regions.add(text.region_id)
        if text.technology_id:
            item.technologies.add(text.technology_id)
        if ecosystems:
            item.ecosystems.add(ecosystems[number % len(ecosystems)])
        if priorities and text.kind != "news":
            item.s3_priorities.add(priorities[number % len(priorities)])
        Revision.objects.create(
            item=item, title=item.title, summary=item.summary, body=item.body, status=item.status
        )
        if number % 6 == 0:
            _demo_translation(item, "de")
        created += 1
    link_demo_activities()
    return created


def link_demo_activities() -> int:
    """Link demo items to the demo's public events, calls and partnerships (every fourth item to
    an event, every fifth to a call, every seventh to a partnership); returns the links made.

    Run after the events and partnerships are seeded; without them it links nothing.
    """
    demo = list(Item.objects.filter(is_synthetic=True, original=None).order_by("pk"))
    targets = [
        ("events", 4, list(selectors.public_events().order_by("pk"))),
        ("calls", 5, list(selectors.public_calls().order_by("pk"))),
        ("partnerships", 7, list(selectors.public_partnerships().order_by("pk"))),
    ]
    made = 0
    for field, every, found in targets:
        for number, item in enumerate(demo[::every]):
            if found:
                getattr(item, field).add(found[number % len(found)])
                made += 1
    return made


def _demo_translation(item: Item, language: str) -> Item:
    """A clearly synthetic translation of a demo item (to show languages and the fallback)."""
    translation = Item.objects.create(
        kind=item.kind,
        title=f"{item.title} (deutsche Fassung)",
        slug=f"{item.slug}-{language}",
        summary="Synthetischer Demo-Inhalt: deutsche Fassung.",
        body=f"{item.body}\n\n*Synthetischer Demo-Inhalt: deutsche Fassung dieses Beitrags.*",
        language=language,
        original=item,
        organisation_id=item.organisation_id,
        status=Status.PUBLISHED,
        published_at=item.published_at,
        is_synthetic=True,
    )
    translation.organisations.add(item.organisation_id)
    return translation
