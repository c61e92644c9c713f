"""Events, their registrations, meeting requests, sessions and slots, and scheduled meetings."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    MATCHMAKING = "matchmaking", _("B2B matchmaking")
    SUMMIT = "summit", _("Cluster summit")


class RequestMode(models.TextChoices):
    OPT_IN = "opt_in", _("Opt-in: the other side accepts")
    OPT_OUT = "opt_out", _("Opt-out: scheduled unless declined")


class Event(models.Model):
    """An event of the calendar: when, where (place or online), who organises it, on what."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=EventKind.choices, db_index=True)
    description = models.TextField(blank=True)
    language = models.CharField(
        max_length=8, default="en", help_text="The language the title and description are in"
    )
    starts = models.DateTimeField(db_index=True)
    ends = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="Europe/Brussels", help_text=_("IANA name"))
    venue = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    online_url = models.URLField(blank=True, max_length=400)
    organisers = models.ManyToManyField("registry.Organisation", related_name="organised_events")
    technologies = models.ManyToManyField("registry.Technology", blank=True, related_name="events")
    ecosystems = models.ManyToManyField("registry.Ecosystem", blank=True, related_name="events")
    s3_priorities = models.ManyToManyField("registry.S3Priority", blank=True, related_name="events")
    regions = models.ManyToManyField("registry.Region", blank=True, related_name="events")
    is_published = models.BooleanField(default=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Confirmed participants at most; then a waiting list")
    )
    requires_validation = models.BooleanField(
        default=False, help_text=_("Registrations wait for an organiser's validation")
    )
    request_mode = models.CharField(
        max_length=8, choices=RequestMode.choices, default=RequestMode.OPT_IN
    )
    request_expiry_hours = models.PositiveIntegerField(
        default=72, help_text=_("Unanswered meeting requests expire after this many hours")
    )
    tables = models.PositiveIntegerField(default=0, help_text=_("Tables or virtual rooms per slot"))
    schedule_status = models.CharField(max_length=16, blank=True)
    schedule_summary = models.JSONField(default=dict, blank=True)
    agenda_reminded = models.DateTimeField(
        null=True, blank=True, help_text=_("When participants were reminded of their meetings")
    )
    is_synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


#: The standard participant types' labels (``event_setup.STANDARD_TYPES``, the demo world's):
#: stored in English, translated on display (:attr:`ParticipantType.display_label`).
STANDARD_LABELS = frozenset(
    {
        gettext_noop("Cluster organisation"),
        gettext_noop("SME"),
        gettext_noop("Research and technology"),
        gettext_noop("Investor"),
        gettext_noop("Public authority"),
    }
)


def participant_type_label(label: str) -> str:
    """A stored participant-type label in the active language (a standard one translated,
    one an organiser typed as typed)."""
    return gettext(label) if label in STANDARD_LABELS else label


class ParticipantType(models.Model):
    """A kind of participant of one event, with its rules: whom it may ask, and caps."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participant_types")
    code = models.SlugField(max_length=24)
    label = models.CharField(max_length=100)
    may_request = models.ManyToManyField(
        "self", symmetrical=False, blank=True, help_text=_("Types it may ask to meet (none: all)")
    )
    max_requests = models.PositiveSmallIntegerField(default=20, help_text=_("Outgoing requests"))
    max_meetings = models.PositiveSmallIntegerField(default=12)

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="participant_type_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def display_label(self) -> str:
        """The label in the reader's language: the standard types' labels are stored in
        English and translated here; a label an organiser typed is shown as typed."""
        return participant_type_label(self.label)


class Question(models.Model):
    """A custom registration question: free text or one choice of a list."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    choices = models.TextField(blank=True, help_text=_("One choice a line; empty for free text"))
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        """The choices, or an empty list for a free-text question."""
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for validation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


def _checkin_code() -> str:
    return secrets.token_hex(4).upper()


class Registration(models.Model):
    """An organisation taking part in an event; its profile is the registry's."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="event_registrations"
    )
    participant_type = models.ForeignKey(ParticipantType, on_delete=models.PROTECT)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices, db_index=True)
    answers = models.JSONField(default=dict, blank=True)
    unavailable_sessions = models.ManyToManyField("Session", blank=True)
    checkin_code = models.CharField(max_length=8, default=_checkin_code, unique=True)
    checked_in = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} at {self.event_id}"


class Session(models.Model):
    """A block of meeting slots of equal length (e.g. Tuesday morning)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    name = models.CharField(max_length=120)
    starts = models.DateTimeField()
    ends = models.DateTimeField()
    slot_minutes = models.PositiveSmallIntegerField(default=20)
    tables = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Tables or virtual rooms in this session (empty: the event's)"),
    )

    class Meta:
        ordering = ["starts", "id"]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """A meeting slot of a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    starts = models.DateTimeField()
    ends = models.DateTimeField()

    class Meta:
        ordering = ["starts", "id"]

    def __str__(self) -> str:
        return f"{self.starts:%Y-%m-%d %H:%M}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired unanswered")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRequest(models.Model):
    """One participant asking another for a one-to-one meeting."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent")
    receiver = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="received")
    message = models.TextField(blank=True, max_length=2000)
    must_meet = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    reminded = models.DateTimeField(null=True, blank=True)
    answered = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "receiver"], name="request_once"),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("receiver")), name="request_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} -> {self.receiver_id}"


class Meeting(models.Model):
    """A scheduled one-to-one meeting: two participants, a slot and a table or virtual room."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    first = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="meetings")
    table = models.PositiveIntegerField()
    locked = models.BooleanField(
        default=False, help_text=_("Kept in place by Schedule all/Re-plan")
    )
    booked_by_participant = models.BooleanField(default=False)
    virtual_url = models.URLField(blank=True, max_length=400)

    class Meta:
        ordering = ["slot__starts", "table"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="meeting_table_free"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} & {self.second_id} at {self.slot_id}/{self.table}"


class FollowUpOutcome(models.TextChoices):
    NONE = "none", _("No follow-up")
    CONTACT = "contact", _("Stayed in contact")
    COOPERATION = "cooperation", _("Cooperation started")
    AGREEMENT = "agreement", _("Agreement signed")


class FollowUp(models.Model):
    """What came of a meeting, as one of its participants reports it afterwards."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="follow_ups")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=12, choices=FollowUpOutcome.choices)
    held = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="follow_up_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.outcome}"


class EventTranslation(models.Model):
    """An event's title and description in a language other than its original one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="events_one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"
