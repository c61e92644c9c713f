"""The events of the demo world: past and upcoming events organised by the registry's synthetic
clusters, and one B2B matchmaking event with a few hundred participants, their requests and a
computed schedule. Deterministic for a seed (dates are placed around the current week)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from clustera.events import meeting_plan
from clustera.events.models import (
    Event,
    EventKind,
    MeetingRequest,
    ParticipantType,
    Question,
    Registration,
    RegistrationStatus,
    RequestMode,
    RequestStatus,
)
from clustera.registry.models import Organisation

# participant type code, label, the registry's organisation types it takes, caps
PARTICIPANT_TYPES = (
    ("cluster", "Cluster organisation", ("cluster", "business_network"), 12),
    ("sme", "SME", ("sme", "company", "large_company"), 10),
    (
        "research",
        "Research and technology",
        ("rto", "technology_centre", "university", "dih", "science_park"),
        12,
    ),
    ("investor", "Investor", ("investor",), 14),
    ("public_authority", "Public authority", ("public_authority", "other"), 8),
)
THEMES = (
    "Circular plastics",
    "Smart manufacturing",
    "Agrifood digitalisation",
    "Hydrogen valleys",
    "Health data",
    "Blue economy",
)
KINDS = ("conference", "webinar", "workshop", "summit")
MATCHMAKING_PARTICIPANTS = 300


def _week_start() -> datetime:
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - timedelta(days=today.weekday())


def _new_event(
    rng: random.Random, organiser: Organisation, kind: str, starts: datetime, number: int
) -> Event:
    theme = rng.choice(THEMES)
    online = kind == EventKind.WEBINAR
    length = timedelta(hours=2) if online else timedelta(days=rng.choice((1, 2)), hours=-16)
    event = Event.objects.create(
        title=f"{theme} {EventKind(kind).label.lower()} #{number} (synthetic)",
        kind=kind,
        description=f"A synthetic {EventKind(kind).label.lower()} on {theme.lower()} organised by "
        f"{organiser.name}, generated for the demo.",
        starts=starts,
        ends=starts + length,
        venue="" if online else f"{organiser.city or 'Congress'} centre",
        city="" if online else organiser.city,
        country=organiser.country,
        lat=None if online else organiser.lat,
        lon=None if online else organiser.lon,
        online_url=f"https://meet.example.org/clustera-demo-{number}" if online else "",
        is_synthetic=True,
    )
    event.organisers.add(organiser)
    event.ecosystems.set(organiser.ecosystems.all()[:2])
    event.technologies.set(organiser.technologies.all()[:3])
    if organiser.region_id:
        event.regions.add(organiser.region_id)
    return event


@transaction.atomic
def seed_demo(
    seed: int, participants: int = MATCHMAKING_PARTICIPANTS, time_limit: float = 3.0
) -> Event | None:
    """Create the demo events on top of the synthetic registry; return the matchmaking event.

    Nothing is created when the registry holds no synthetic cluster organisation.
    """
    rng = random.Random(seed)
    clusters = list(
        Organisation.objects.filter(is_synthetic=True, type="cluster").order_by("pk")[:40]
    )
    if not clusters:
        return None
    week = _week_start()
    for number in range(1, 15):
        offset = timedelta(days=rng.randint(-70, 110), hours=9)
        _new_event(rng, rng.choice(clusters), rng.choice(KINDS), week + offset, number)
    return _matchmaking(
        rng, clusters[0], week + timedelta(days=16, hours=8), participants, time_limit
    )


def _matchmaking(
    rng: random.Random, organiser: Organisation, starts: datetime, size: int, time_limit: float
) -> Event:
    event = _new_event(rng, organiser, "matchmaking", starts, 99)
    event.title = f"Cluster Matchmaking Days {starts.year} (synthetic)"
    event.ends = starts + timedelta(days=1, hours=10)
    event.request_mode = RequestMode.OPT_IN
    event.tables = size // 3
    event.online_url = "https://meet.example.org/matchmaking-days"
    event.save()
    types = {}
    for code, label, _, cap in PARTICIPANT_TYPES:
        types[code] = ParticipantType.objects.create(
            event=event, code=code, label=label, max_meetings=cap, max_requests=25
        )
    types["public_authority"].may_request.set([types["cluster"], types["public_authority"]])
    Question.objects.create(
        event=event,
        text="What are you looking for?",
        choices="Partners\nSuppliers\nCustomers\nInvestment",
    )
    Question.objects.create(event=event, text="Your main interest in one sentence")
    for day in range(2):
        begin = starts + timedelta(days=day, hours=1)
        meeting_plan._new_session(
            event, f"Day {day + 1} morning", begin, begin + timedelta(hours=3), 20
        )
    by_type = {
        org_type: code for code, _, org_types, _ in PARTICIPANT_TYPES for org_type in org_types
    }
    pool = list(
        Organisation.objects.filter(is_synthetic=True, is_public=True)
        .exclude(pk=organiser.pk)
        .order_by("pk")
    )
    chosen = [organiser, *rng.sample(pool, min(size - 1, len(pool)))]
    entries = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                organisation=org,
                participant_type=types[by_type.get(org.type, "sme")],
                status=RegistrationStatus.CONFIRMED
                if rng.random() > 0.03
                else RegistrationStatus.PENDING,
                answers={},
                checkin_code=f"{rng.getrandbits(32):08X}",
            )
            for org in chosen
        ]
    )
    _requests(rng, event, [e for e in entries if e.status == RegistrationStatus.CONFIRMED])
    meeting_plan.run_schedule(event.pk, "all", time_limit)
    return event


def _requests(rng: random.Random, event: Event, entries: list[Registration]) -> None:
    popularity = [rng.paretovariate(1.5) for _ in entries]
    now = timezone.now()
    seen: set[tuple[int, int]] = set()
    rows = []
    for sender in entries:
        for receiver in rng.choices(entries, weights=popularity, k=rng.randint(2, 9)):
            if receiver.pk == sender.pk or (sender.pk, receiver.pk) in seen:
                continue
            if (
                sender.participant_type.code == "public_authority"
                and receiver.participant_type.code not in ("cluster", "public_authority")
            ):
                continue
            seen.add((sender.pk, receiver.pk))
            roll = rng.random()
            status = (
                RequestStatus.ACCEPTED
                if roll < 0.6
                else RequestStatus.PENDING
                if roll < 0.8
                else RequestStatus.DECLINED
                if roll < 0.9
                else RequestStatus.EXPIRED
            )
            rows.append(
                MeetingRequest(
                    event=event,
                    sender=sender,
                    receiver=receiver,
                    message="We would like to discuss a joint project (synthetic).",
                    must_meet=rng.random() < 0.1,
                    status=status,
                    expires=now + timedelta(hours=event.request_expiry_hours),
                )
            )
    MeetingRequest.objects.bulk_create(rows)
