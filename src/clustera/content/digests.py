"""E-mail digests of what users follow, and the signed one-click unsubscribe link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from clustera.content import selectors
from clustera.content.models import DigestPeriod, DigestPreference, Follow, FollowTarget, Item
from clustera.content.services import notify_due_items
from clustera.errors import InvalidInputError

_SALT = "clustera.content.unsubscribe"
PERIODS = {DigestPeriod.DAILY: timedelta(days=1), DigestPeriod.WEEKLY: timedelta(days=7)}


def unsubscribe_token(user: Any) -> str:
    """A signed token that turns off the digest of ``user`` without logging in."""
    return signing.dumps({"user": user.pk}, salt=_SALT)


def unsubscribe(token: str) -> Any:
    """Turn off the digest named by ``token``; return the user (bad tokens raise)."""
    try:
        user_id = signing.loads(token, salt=_SALT)["user"]
    except (signing.BadSignature, KeyError, TypeError):
        raise InvalidInputError(
            gettext("this unsubscribe link is not valid"), field="token", value=token[:20]
        ) from None
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise InvalidInputError(gettext("no such user"), field="token", value=token[:20])
    DigestPreference.objects.update_or_create(user=user, defaults={"period": DigestPeriod.NONE})
    return user


def items_for(user: Any, since: datetime, until: datetime) -> list[Item]:
    """Items published in [since, until) linked to what ``user`` follows."""
    follows = list(Follow.objects.filter(user=user))
    if not follows:
        return []
    condition = Q()
    for follow in follows:
        if follow.target == FollowTarget.ORGANISATION:
            condition |= Q(organisation_id=follow.target_id) | Q(organisations__id=follow.target_id)
        elif follow.target == FollowTarget.REGION:
            condition |= Q(regions__id=follow.target_id)
        else:
            condition |= Q(technologies__id=follow.target_id)
    return list(
        selectors.published(until)
        .filter(condition, published_at__gte=since, original__isnull=True)
        .distinct()
        .select_related("organisation")
        .order_by("-published_at")
    )


def _subject(period: str, count: int) -> str:
    """The digest e-mail's subject, in the active language."""
    title = (
        gettext("Your daily Clustera digest")
        if period == "daily"
        else gettext("Your weekly Clustera digest")
    )
    return ngettext("%(title)s: %(count)s new item", "%(title)s: %(count)s new items", count) % {
        "title": title,
        "count": count,
    }


@dataclass(frozen=True)
class DigestRun:
    """What a digest run did: e-mails sent and users with nothing new."""

    sent: int
    empty: int


def send_digests(period: str, now: datetime | None = None) -> DigestRun:
    """E-mail each user on ``period`` the items since their last digest (none: no e-mail)."""
    if period not in PERIODS:
        raise InvalidInputError(
            gettext("period must be daily or weekly"), field="period", value=period
        )
    now = now or timezone.now()
    notify_due_items(now)
    base = str(getattr(settings, "CLUSTERA_SITE_URL", "http://localhost:8000")).rstrip("/")
    sent = empty = 0
    preferences = DigestPreference.objects.filter(period=period).select_related("user")
    for preference in preferences:
        user = preference.user
        since = preference.last_sent or now - PERIODS[DigestPeriod(period)]
        found = items_for(user, since, now)
        if not found or not user.email:
            empty += 1
            continue
        context = {
            "user": user,
            "items": found,
            "base": base,
            "period": period,
            "unsubscribe": base + reverse("content:unsubscribe", args=[unsubscribe_token(user)]),
        }
        send_mail(
            subject=_subject(period, len(found)),
            message=render_to_string("content/digest_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
            html_message=render_to_string("content/digest_email.html", context),
        )
        DigestPreference.objects.filter(pk=preference.pk).update(last_sent=now)
        sent += 1
    return DigestRun(sent=sent, empty=empty)
