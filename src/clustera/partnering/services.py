"""Partnering use cases: fitting and asking the recommender, the centre finder, offer answers,
expressing interest (and notifying without exposing personal data), reading notifications.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from clustera.accounts.models import OrganisationMembership
from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.errors import InvalidInputError
from clustera.matching import PartnerRecommender, matches_for
from clustera.partnering import centres, conversations, model_store, selectors, suggestions

__all__ = [
    "CentreResults",
    "CentreSuggestion",
    "NotAllowed",
    "FilterStep",
    "OfferAnswer",
    "PartnerFilters",
    "Suggestion",
    "SuggestionResults",
    "answer",
    "answers_to",
    "centre_results",
    "express_interest",
    "find_centres",
    "mark_forwarded",
    "mark_notifications_read",
    "notify_users",
    "open_conversation",
    "partner_suggestions",
    "refit",
    "reply",
    "share_contacts",
    "suggest_partners",
]
from clustera.partnering.models import Interest, Notification
from clustera.registry.models import Offer, Organisation

# the conversation use cases, re-exported
answer = conversations.answer
mark_forwarded = conversations.mark_forwarded
open_conversation = conversations.open_conversation
reply = conversations.reply
share_contacts = conversations.share_contacts
# the centre finder, re-exported
CentreResults = centres.CentreResults
CentreSuggestion = centres.CentreSuggestion
centre_results = centres.centre_results
find_centres = centres.find_centres
# partner suggestions, re-exported
FilterStep = suggestions.FilterStep
PartnerFilters = suggestions.PartnerFilters
Suggestion = suggestions.Suggestion
SuggestionResults = suggestions.SuggestionResults
partner_suggestions = suggestions.partner_suggestions
suggest_partners = suggestions.suggest_partners


def refit() -> str:
    """Fit the recommender on the registry as it is now and store it; return the data fingerprint."""
    fingerprint = repr(selectors.registry_fingerprint())
    fitted = PartnerRecommender(
        relatedness=selectors.activity_relatedness(), value_chain=selectors.value_chain_links()
    ).fit(selectors.collaboration_history())
    model_store.store(fitted, fingerprint)
    return fingerprint


@dataclass(frozen=True)
class OfferAnswer:
    """An offer, request or research organisation answering an offer or request."""

    offer: Offer | None
    organisation: Organisation
    score: float
    reasons: tuple[str, ...]


def answers_to(offers: list[Offer], k: int = 3) -> dict[int, list[OfferAnswer]]:
    """For each offer or request, the best complementary ones (and research organisations)."""
    if not offers:
        return {}
    if isinstance(k, bool) or not 1 <= k <= 50:
        raise InvalidInputError(gettext("k must be from 1 to 50"), field="k", value=k)
    profiles, content = model_store.offer_index()
    answers: dict[int, list[OfferAnswer]] = {}
    found_offers = Offer.objects.in_bulk([i for i in profiles.index if isinstance(i, int)])
    found_orgs = Organisation.objects.in_bulk(list(profiles["org_id"].unique()))
    for offer in offers:
        if offer.pk not in profiles.index:
            answers[offer.pk] = []
            continue
        answers[offer.pk] = [
            OfferAnswer(
                found_offers.get(m.profile_id) if isinstance(m.profile_id, int) else None,
                found_orgs[m.org_id],
                m.score,
                m.reasons,
            )
            for m in matches_for(profiles, offer.pk, k=k, content=content)
        ]
    return answers


@transaction.atomic
def express_interest(
    user: Any,
    from_organisation: Organisation,
    to_organisation: Organisation,
    message: str = "",
    context: str = "",
    base_url: str = "",
) -> Interest:
    """Record interest and open a conversation with the other organisation.

    Its admins are told in the app and by e-mail; without an active account there, the
    thread waits for the editors to forward it. No contact data of either side is disclosed
    until both agree (``share_contacts``).
    """
    member = OrganisationMembership.objects.filter(
        user=user, organisation=from_organisation
    ).exists()
    if not (member or is_editor(user)):
        raise NotAllowed(
            gettext("You may express interest only on behalf of your own organisation")
        )
    if from_organisation.pk == to_organisation.pk:
        raise InvalidInputError(
            gettext("an organisation cannot express interest in itself"),
            field="organisation",
            value=to_organisation.pk,
        )
    if not to_organisation.is_public:
        raise InvalidInputError(
            gettext("no public organisation with this id"),
            field="organisation",
            value=to_organisation.pk,
        )
    if len(message) > 2000:
        raise InvalidInputError(
            gettext("the message is longer than 2,000 characters"),
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
            gettext("interest was already expressed to this organisation"),
            field="organisation",
            value=to_organisation.pk,
        ) from None
    open_conversation(interest, base_url)
    return interest


def notify_users(user_ids: Sequence[int], text: str, url: str = "") -> int:
    """Show ``text`` (linking to ``url``) on these users' notifications page; return how many.

    Lower apps (accounts) reach this through the notifier handed to them at start-up.
    """
    rows = [Notification(user_id=pk, text=text[:500], url=url[:300]) for pk in set(user_ids)]
    Notification.objects.bulk_create(rows)
    return len(rows)


def mark_notifications_read(user: Any) -> int:
    """Mark all of the user's notifications read; return how many were unread."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(gettext("Log in to read your notifications"))
    return Notification.objects.filter(user=user, read=False).update(read=True)


# The demo's people: user name, what they do, and the organisation type they act for.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("cluster-manager", "cluster manager (admin of a cluster)", "cluster"),
    ("sme-owner", "SME owner (admin of an SME)", "sme"),
    ("centre-manager", "technology-centre manager (admin of a centre)", "technology_centre"),
    ("policy-maker", "policy maker (analyst group, regional agency)", "public_authority"),
    ("analyst", "analyst (analyst group, university)", "university"),
)


def _demo_address(username: str, organisation: Organisation) -> str:
    from urllib.parse import urlsplit

    host = (urlsplit(organisation.website).hostname or "").removeprefix("www.")
    return f"{username}@{host or 'demo.clustera.invalid'}"


@transaction.atomic
def seed_demo(seed: int) -> dict[str, Organisation]:
    """Demo people acting for synthetic organisations, and what they did (same seed, same
    content): a conversation, a request to decide, a message waiting for the editors.

    Returns the organisation each demo user (and ``admin``) acts for. Passwords are not set
    here: ``clustera demo run`` sets them and writes them to the data folder only.
    """
    import random

    from clustera.accounts import services as account_services
    from clustera.accounts.models import ANALYST_GROUP

    rng = random.Random(seed)
    public = Organisation.objects.filter(is_public=True).order_by("pk")
    acting: dict[str, Organisation] = {}
    people = {}
    for username, _, kind in DEMO_USERS:
        candidates = list(public.filter(type=kind).exclude(website="")[:40]) or list(
            public.filter(type=kind)[:40]
        )
        if not candidates:
            continue
        organisation = rng.choice(candidates)
        analyst = kind in {"public_authority", "university"}
        people[username] = account_services.ensure_demo_user(
            username,
            _demo_address(username, organisation),
            memberships=[(organisation, "member" if analyst else "admin")],
            groups=[ANALYST_GROUP] if analyst else [],
        )
        acting[username] = organisation
    if "cluster-manager" in acting:
        cluster = acting["cluster-manager"]
        account_services.ensure_demo_user(
            "admin", "admin@localhost", memberships=[(cluster, "admin")], superuser=True
        )
        acting["admin"] = cluster
    _seed_demo_activity(people, acting)
    return acting


def _seed_demo_activity(people: dict[str, Any], acting: dict[str, Organisation]) -> None:
    """A conversation, a request to decide and a message for the editors' queue."""
    from clustera.accounts import services as account_services

    if {"cluster-manager", "sme-owner"} <= people.keys() and not Interest.objects.filter(
        from_organisation=acting["sme-owner"], to_organisation=acting["cluster-manager"]
    ).exists():
        interest = express_interest(
            people["sme-owner"],
            acting["sme-owner"],
            acting["cluster-manager"],
            "We make precision components and would like to join your pilot line on "
            "advanced manufacturing. Could we present our capabilities at your next "
            "members' meeting? (synthetic demo message)",
            "Demo: value-chain partnership",
        )
        reply(
            people["cluster-manager"],
            interest.conversation.pk,
            "Thank you, welcome! Our next members' meeting is in three weeks; "
            "we will send the agenda here. (synthetic demo message)",
        )
    if "centre-manager" in people and "cluster-manager" in acting:
        try:
            account_services.request_organisation(
                people["centre-manager"],
                acting["cluster-manager"],
                "join",
                "Our technology centre works with most of your members. (synthetic demo)",
            )
        except InvalidInputError:
            pass  # already asked on an earlier run
    nobody = (
        Organisation.objects.filter(is_public=True, type="large_company", user_memberships=None)
        .order_by("pk")
        .first()
    )
    if nobody is not None and "cluster-manager" in people:
        if not Interest.objects.filter(
            from_organisation=acting["cluster-manager"], to_organisation=nobody
        ).exists():
            express_interest(
                people["cluster-manager"],
                acting["cluster-manager"],
                nobody,
                f"Would {nobody.name} sponsor our innovation challenge? (synthetic demo message)",
            )
