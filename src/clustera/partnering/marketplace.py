"""The marketplace: published offers and requests (the EEN types) of public organisations,
filtered and searched; the offers that answer one (explained); renewal reminders.

Matching is deliberately plain so that a user can check it: an answer is of the opposite
kind (a technology request answers a technology offer, ...), from another organisation, and
shares at least one technology or NACE code with the offer; it ranks by how many it shares
(technologies count double: they are the more specific).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts import emails
from clustera.accounts import selectors as account_selectors
from clustera.registry.models import Activity, Offer, OfferStatus, Technology
from clustera.registry.offers import REMINDER_DAYS

#: The kinds that answer each kind (the EEN's pairs; R&D requests seek technology offers).
OPPOSITE_KINDS: dict[str, tuple[str, ...]] = {
    "business_offer": ("business_request",),
    "business_request": ("business_offer",),
    "technology_offer": ("technology_request", "rd_request"),
    "technology_request": ("technology_offer",),
    "rd_request": ("technology_offer",),
}


def is_live(offer: Offer, today: dt.date | None = None) -> bool:
    """Published and not past its expiry day."""
    today = today or timezone.localdate()
    return offer.status == OfferStatus.PUBLISHED and (
        offer.expires is None or offer.expires >= today
    )


def live_offers(today: dt.date | None = None) -> QuerySet[Offer]:
    """Published, unexpired offers of public organisations."""
    today = today or timezone.localdate()
    return Offer.objects.filter(organisation__is_public=True, status=OfferStatus.PUBLISHED).filter(
        Q(expires__isnull=True) | Q(expires__gte=today)
    )


@dataclass
class Filters:
    """The marketplace's filters; empty strings mean "any"."""

    q: str = ""
    kind: str = ""
    technology: str = ""
    sector: str = ""
    country: str = ""
    region: str = ""
    ignored: list[str] = field(default_factory=list)


def search(filters: Filters) -> QuerySet[Offer]:
    """Live offers matching every filter, newest first.

    ``technology`` is a technology code; ``sector`` a NACE code (its sub-classes match too);
    ``region`` a NUTS code (regions below it match too).
    """
    rows = live_offers().select_related("organisation", "organisation__region")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.technology:
        rows = rows.filter(technologies__code=filters.technology)
    if filters.sector:
        rows = rows.filter(activities__code__startswith=filters.sector)
    if filters.country:
        rows = rows.filter(organisation__country=filters.country.upper())
    if filters.region:
        rows = rows.filter(organisation__region__code__startswith=filters.region.upper())
    for word in filters.q.split()[:8]:
        rows = rows.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return rows.prefetch_related("technologies", "activities").distinct().order_by("-created", "pk")


def facet_choices() -> dict[str, list[tuple[str, str]]]:
    """The values the live offers use: technologies, sectors, countries (for the filters)."""
    live = live_offers().values("pk")
    technologies = Technology.objects.filter(offers__in=live).distinct().order_by("scheme", "name")
    sectors = Activity.objects.filter(offers__in=live).distinct().order_by("code")
    countries = live_offers().values_list("organisation__country", flat=True).distinct().order_by()
    return {
        "technology": [(t.code, f"{t.name} ({t.scheme})") for t in technologies],
        "sector": [(a.code, f"{a.code} {a.name}") for a in sectors],
        "country": [(c, c) for c in sorted(set(countries))],
    }


def answered_by(kind: str) -> str:
    """Why an offer of ``kind`` answers another, as one whole phrase per kind (lowercasing a
    translated kind would write German nouns in lower case)."""
    phrases = {
        "business_offer": _("a business offer answers it"),
        "business_request": _("a business request answers it"),
        "technology_offer": _("a technology offer answers it"),
        "technology_request": _("a technology request answers it"),
        "rd_request": _("an R&D request answers it"),
    }
    return phrases.get(kind) or _("an offer of another type answers it")


@dataclass
class OfferMatch:
    """An offer answering another, with the codes they share."""

    offer: Offer
    technologies: list[str]
    sectors: list[str]

    @property
    def score(self) -> int:
        return 2 * len(self.technologies) + len(self.sectors)

    @property
    def reasons(self) -> list[str]:
        found = [answered_by(self.offer.kind)]
        if self.technologies:
            found.append(
                _("same technologies: %(names)s") % {"names": ", ".join(self.technologies)}
            )
        if self.sectors:
            found.append(_("same sectors: %(names)s") % {"names": ", ".join(self.sectors)})
        return found


def matching_offers(offer: Offer, limit: int = 10) -> list[OfferMatch]:
    """Live offers of the opposite kind from other organisations sharing codes with ``offer``."""
    technologies = {t.pk: t.name for t in offer.technologies.all()}
    sectors = {a.pk: f"{a.code} {a.name}" for a in offer.activities.all()}
    if not technologies and not sectors:
        return []
    candidates = (
        live_offers()
        .filter(kind__in=OPPOSITE_KINDS.get(offer.kind, ()))
        .exclude(organisation_id=offer.organisation_id)
        .filter(Q(technologies__in=list(technologies)) | Q(activities__in=list(sectors)))
        .distinct()
        .select_related("organisation")
        .prefetch_related("technologies", "activities")
    )
    found = []
    for candidate in candidates:
        shared_technologies = sorted(
            technologies[t.pk] for t in candidate.technologies.all() if t.pk in technologies
        )
        shared_sectors = sorted(
            sectors[a.pk] for a in candidate.activities.all() if a.pk in sectors
        )
        found.append(OfferMatch(candidate, shared_technologies, shared_sectors))
    found.sort(key=lambda m: (-m.score, -(m.offer.created or dt.date.min).toordinal(), m.offer.pk))
    return found[:limit]


def remind_expiring_offers(today: dt.date | None = None, base_url: str = "") -> int:
    """Tell the admins of each published offer expiring within ``REMINDER_DAYS`` (once per
    publication period: renewing resets it), in the app and by e-mail. Returns how many offers.

    Idempotent: an offer already reminded is skipped.
    """
    from clustera.partnering.services import notify_users

    today = today or timezone.localdate()
    due = Offer.objects.filter(
        status=OfferStatus.PUBLISHED,
        reminded__isnull=True,
        expires__gte=today,
        expires__lte=today + dt.timedelta(days=REMINDER_DAYS),
    ).select_related("organisation")
    count = 0
    for offer in due:
        admins = account_selectors.active_users_of(offer.organisation_id)
        url = reverse("partnering:offer", args=[offer.pk])
        text = _(
            "Your offer “%(title)s” leaves the marketplace on %(day)s: renew it to keep it"
        ) % {
            "title": offer.title,
            "day": offer.expires,
        }
        notify_users([a.pk for a in admins], text, url)
        emails.send(
            "partnering/email/offer_expiring.txt",
            [a.email for a in admins],
            {"offer": offer, "link": emails.site_url(base_url) + url},
        )
        Offer.objects.filter(pk=offer.pk).update(reminded=today)
        count += 1
    return count


def organisation_offers(organisation_id: int) -> list[Any]:
    """Every offer of one organisation (live or not), newest first: for its admins."""
    return list(Offer.objects.filter(organisation_id=organisation_id).order_by("-created", "pk"))
