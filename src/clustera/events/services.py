"""Events use cases: registering, validating, cancelling, meeting requests and their expiry,
availability, check-in and follow-ups. Every write of the app goes through here (or through
``meeting_plan`` for schedules), with the checks that apply to every caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import NotAllowed, is_editor
from clustera.errors import InvalidInputError
from clustera.events import access
from clustera.events.models import (
    Event,
    EventTranslation,
    FollowUp,
    FollowUpOutcome,
    Meeting,
    MeetingRequest,
    ParticipantType,
    Registration,
    RegistrationStatus,
    RequestMode,
    RequestStatus,
    Session,
)
from clustera.partnering.models import Notification
from clustera.registry.models import Organisation

__all__ = [
    "NotAllowed",
    "answer_request",
    "cancel_registration",
    "check_in",
    "checkin_token",
    "decide_registration",
    "expire_requests",
    "register",
    "remind_meetings",
    "report_follow_up",
    "send_request",
    "set_availability",
]

CHECKIN_SALT = "clustera.events.checkin"
_ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING, RegistrationStatus.WAITING)


def notify(organisation_id: int, text: str, url: str) -> None:
    """Tell an organisation's admins in the app and by e-mail (no personal data of the other side)."""
    notify_many([organisation_id], text, url)


def notify_many(organisation_ids: Iterable[int], text: str, url: str) -> None:
    """Tell the admins of several organisations the same thing: one query, one insert, one
    mail connection (a re-plan may concern thousands of participants)."""
    admins = list(
        OrganisationMembership.objects.filter(
            organisation_id__in=set(organisation_ids), role=OrganisationRole.ADMIN
        ).select_related("user")
    )
    Notification.objects.bulk_create(
        [Notification(user=m.user, text=text[:500], url=url) for m in admins], batch_size=1000
    )
    addresses = sorted({m.user.email for m in admins if m.user.email})
    if addresses:
        subject, body = f"[Clustera] {text[:120]}", f"{text}\n\n{url}"
        send_mass_mail([(subject, body, None, [address]) for address in addresses])


def _require_login(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Log in first"))


@transaction.atomic
def register(
    user: Any,
    event: Event,
    organisation: Organisation,
    participant_type: ParticipantType,
    answers: dict[str, str] | None = None,
) -> Registration:
    """Register ``organisation`` for ``event``: confirmed, pending validation, or waiting list.

    The profile shown to other participants is the registry's; only the type, the answers to
    the event's questions and (later) availability are asked.
    """
    _require_login(user)
    if not (is_editor(user) or organisation.pk in access.acting_for(user)):
        raise NotAllowed(_("You may register only an organisation you belong to"))
    if participant_type.event_id != event.pk:
        raise InvalidInputError(
            _("this participant type is not one of the event's"),
            field="participant_type",
            value=participant_type.pk,
        )
    if event.ends < timezone.now():
        raise InvalidInputError(_("the event is over"), field="event", value=event.pk)
    checked = _checked_answers(event, answers or {})
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one registration at a time
    existing = Registration.objects.filter(event=event, organisation=organisation).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        raise InvalidInputError(
            _("this organisation is already registered"),
            field="organisation",
            value=organisation.pk,
        )
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is not None and confirmed >= event.capacity:
        status = RegistrationStatus.WAITING
    elif event.requires_validation and not access.can_manage_event(user, event):
        status = RegistrationStatus.PENDING
    else:
        status = RegistrationStatus.CONFIRMED
    entry = existing or Registration(event=event, organisation=organisation)
    entry.participant_type = participant_type
    entry.registered_by = user
    entry.status = status
    entry.answers = checked
    entry.save()
    return entry


def _checked_answers(event: Event, answers: dict[str, str]) -> dict[str, str]:
    checked: dict[str, str] = {}
    for question in event.questions.all():
        key = str(question.pk)
        value = str(answers.get(key, "") or "").strip()
        if len(value) > 1000:
            raise InvalidInputError(_("the answer is too long"), field=f"q{key}", value=value[:40])
        if question.required and not value:
            raise InvalidInputError(_("this question needs an answer"), field=f"q{key}", value="")
        if value and question.choice_list and value not in question.choice_list:
            raise InvalidInputError(_("not one of the choices"), field=f"q{key}", value=value)
        if value:
            checked[key] = value
    return checked


@transaction.atomic
def decide_registration(user: Any, entry: Registration, accept: bool) -> Registration:
    """An organiser validates (or rejects) a pending or waiting registration."""
    if not access.can_manage_event(user, entry.event):
        raise NotAllowed(_("Only the event's organisers validate registrations"))
    if entry.status not in (RegistrationStatus.PENDING, RegistrationStatus.WAITING):
        raise InvalidInputError(_("nothing to decide"), field="status", value=entry.status)
    entry.status = RegistrationStatus.CONFIRMED if accept else RegistrationStatus.REJECTED
    entry.save(update_fields=["status"])
    text = (
        _("Your registration for %(event)s is confirmed")
        if accept
        else _("Your registration for %(event)s is not accepted")
    )
    notify(
        entry.organisation_id,
        text % {"event": entry.event.title},
        reverse("events:event", args=[entry.event_id]),
    )
    return entry


@transaction.atomic
def cancel_registration(user: Any, entry: Registration) -> Registration:
    """Cancel a registration: its requests are cancelled, its meetings freed, and the first
    organisation on the waiting list moves up."""
    if not (access.can_act_for(user, entry) or access.can_manage_event(user, entry.event)):
        raise NotAllowed(_("You may cancel only your organisation's registration"))
    was_confirmed = entry.status == RegistrationStatus.CONFIRMED
    entry.status = RegistrationStatus.CANCELLED
    entry.save(update_fields=["status"])
    open_statuses = (RequestStatus.PENDING, RequestStatus.ACCEPTED)
    for side in ("sender", "receiver"):
        MeetingRequest.objects.filter(**{side: entry}, status__in=open_statuses).update(
            status=RequestStatus.CANCELLED
        )
    Meeting.objects.filter(first=entry).delete()
    Meeting.objects.filter(second=entry).delete()
    if was_confirmed:
        waiting = entry.event.registrations.filter(status=RegistrationStatus.WAITING).first()
        if waiting:
            waiting.status = RegistrationStatus.CONFIRMED
            waiting.save(update_fields=["status"])
            notify(
                waiting.organisation_id,
                _("A place became free: your registration for %(event)s is confirmed")
                % {"event": entry.event.title},
                reverse("events:event", args=[entry.event_id]),
            )
    return entry


def _may_request(sender: Registration, receiver: Registration) -> None:
    allowed = list(sender.participant_type.may_request.all())
    if allowed and receiver.participant_type not in allowed:
        raise InvalidInputError(
            _("%(sender)s participants may not ask %(receiver)s participants")
            % {
                "sender": sender.participant_type.display_label,
                "receiver": receiver.participant_type.display_label,
            },
            field="receiver",
            value=receiver.pk,
        )
    open_sent = sender.sent.exclude(
        status__in=(RequestStatus.CANCELLED, RequestStatus.DECLINED, RequestStatus.EXPIRED)
    ).count()
    if open_sent >= sender.participant_type.max_requests:
        raise InvalidInputError(
            _("at most %(count)s requests per participant")
            % {"count": sender.participant_type.max_requests},
            field="receiver",
            value=receiver.pk,
        )


@transaction.atomic
def send_request(
    user: Any,
    sender: Registration,
    receiver: Registration,
    message: str = "",
    must_meet: bool = False,
) -> MeetingRequest:
    """Ask another confirmed participant for a meeting; it expires unanswered after the event's
    expiry time, so it never blocks a slot. In opt-out events it counts as accepted until
    declined."""
    if not access.can_act_for(user, sender):
        raise NotAllowed(_("You may send requests only for your own organisation"))
    event = sender.event
    if receiver.event_id != event.pk or receiver.pk == sender.pk:
        raise InvalidInputError(
            _("not another participant of this event"), field="receiver", value=receiver.pk
        )
    for side, entry in (("sender", sender), ("receiver", receiver)):
        if entry.status != RegistrationStatus.CONFIRMED:
            raise InvalidInputError(
                _("the sender's registration is not confirmed")
                if side == "sender"
                else _("the receiver's registration is not confirmed"),
                field=side,
                value=entry.pk,
            )
    if len(message) > 2000:
        raise InvalidInputError(
            _("the message is longer than 2,000 characters"),
            field="message",
            value=f"{len(message)} characters",
        )
    _may_request(sender, receiver)
    opt_out = event.request_mode == RequestMode.OPT_OUT
    try:
        with transaction.atomic():
            found = MeetingRequest.objects.create(
                event=event,
                sender=sender,
                receiver=receiver,
                message=message.strip(),
                must_meet=must_meet,
                status=RequestStatus.ACCEPTED if opt_out else RequestStatus.PENDING,
                expires=None
                if opt_out
                else timezone.now() + timedelta(hours=event.request_expiry_hours),
            )
    except IntegrityError:
        raise InvalidInputError(
            _("a request to this participant exists already"), field="receiver", value=receiver.pk
        ) from None
    notify(
        receiver.organisation_id,
        _("%(name)s asks to meet you at %(event)s")
        % {"name": sender.organisation.name, "event": event.title}
        + (f": “{message.strip()[:300]}”" if message.strip() else ""),
        reverse("events:requests", args=[event.pk]),
    )
    return found


@transaction.atomic
def answer_request(user: Any, found: MeetingRequest, accept: bool) -> MeetingRequest:
    """The receiver accepts or declines (in opt-out events: declines) a request."""
    if not access.can_act_for(user, found.receiver):
        raise NotAllowed(_("Only the participant asked may answer"))
    if found.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise InvalidInputError(_("this request is closed"), field="status", value=found.status)
    found.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    found.answered = timezone.now()
    found.save(update_fields=["status", "answered"])
    if not accept:
        pair = {found.sender_id, found.receiver_id}
        Meeting.objects.filter(first_id__in=pair, second_id__in=pair, locked=False).delete()
    notify(
        found.sender.organisation_id,
        (
            _("%(name)s accepted your meeting request")
            if accept
            else _("%(name)s declined your meeting request")
        )
        % {"name": found.receiver.organisation.name},
        reverse("events:requests", args=[found.event_id]),
    )
    return found


def expire_requests(now: Any = None) -> dict[str, int]:
    """Expire pending requests past their time and remind receivers of those due within a day.

    Idempotent: a request is reminded once and expired once, whenever the task runs.
    """
    now = now or timezone.now()
    reminded = 0
    due = MeetingRequest.objects.filter(
        status=RequestStatus.PENDING,
        reminded__isnull=True,
        expires__lte=now + timedelta(days=1),
        expires__gt=now,
    ).select_related("event", "sender__organisation", "receiver")
    for found in due:
        claimed = MeetingRequest.objects.filter(pk=found.pk, reminded__isnull=True).update(
            reminded=now
        )
        if claimed:
            reminded += 1
            notify(
                found.receiver.organisation_id,
                _(
                    "Reminder: %(name)s is waiting for your answer (the request expires %(when)s UTC)"
                )
                % {"name": found.sender.organisation.name, "when": f"{found.expires:%d %b %H:%M}"},
                reverse("events:requests", args=[found.event_id]),
            )
    expired = MeetingRequest.objects.filter(status=RequestStatus.PENDING, expires__lte=now).update(
        status=RequestStatus.EXPIRED, answered=now
    )
    return {"reminded": reminded, "expired": expired}


def remind_meetings(now: Any = None) -> dict[str, int]:
    """Remind the participants with meetings of events starting within a day of their agenda.

    Idempotent: each event is claimed once (``agenda_reminded``), whenever the task runs.
    """
    now = now or timezone.now()
    events, told = 0, 0
    due = Event.objects.filter(
        agenda_reminded__isnull=True, starts__gt=now, starts__lte=now + timedelta(days=1)
    )
    for item in due:
        if not Event.objects.filter(pk=item.pk, agenda_reminded__isnull=True).update(
            agenda_reminded=now
        ):
            continue
        people = set(item.meetings.values_list("first__organisation_id", flat=True))
        people |= set(item.meetings.values_list("second__organisation_id", flat=True))
        if people:
            notify_many(
                people,
                _("Reminder: your meetings at %(event)s start %(when)s UTC")
                % {"event": item.title, "when": f"{item.starts:%d %b %H:%M}"},
                reverse("events:agenda", args=[item.pk]),
            )
        events += 1
        told += len(people)
    return {"events": events, "participants": told}


def set_availability(user: Any, entry: Registration, unavailable: list[Session]) -> Registration:
    """Record the sessions a participant cannot attend (no meetings are placed in them)."""
    if not access.can_act_for(user, entry):
        raise NotAllowed(_("You may change only your organisation's availability"))
    for session in unavailable:
        if session.event_id != entry.event_id:
            raise InvalidInputError(
                _("not a session of this event"), field="sessions", value=session.pk
            )
    entry.unavailable_sessions.set(unavailable)
    return entry


def checkin_token(entry: Registration) -> str:
    """The signed token of a badge's QR code."""
    return signing.dumps(entry.pk, salt=CHECKIN_SALT)


def check_in(user: Any, event: Event, token: str = "", code: str = "") -> Registration:
    """An organiser checks a participant in, by the badge's QR token or its typed code."""
    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers check participants in"))
    entry: Registration | None
    if token:
        try:
            pk = signing.loads(token, salt=CHECKIN_SALT)
        except signing.BadSignature:
            raise InvalidInputError(
                _("this QR code is not valid"), field="token", value=token[:20]
            ) from None
        entry = event.registrations.filter(pk=pk).first()
    else:
        entry = event.registrations.filter(checkin_code=code.strip().upper()).first()
    if entry is None or entry.status != RegistrationStatus.CONFIRMED:
        raise InvalidInputError(
            _("no confirmed participant with this code"), field="code", value=code or "QR"
        )
    if entry.checked_in is None:
        entry.checked_in = timezone.now()
        entry.save(update_fields=["checked_in"])
    return entry


def report_follow_up(
    user: Any, meeting: Meeting, entry: Registration, outcome: str, held: bool = True
) -> FollowUp:
    """A participant reports after the event whether a meeting was held and what came of it."""
    if not access.can_act_for(user, entry):
        raise NotAllowed(_("You may report only for your own organisation"))
    if entry.pk not in (meeting.first_id, meeting.second_id):
        raise InvalidInputError(
            _("not one of this meeting's participants"), field="registration", value=entry.pk
        )
    if outcome not in FollowUpOutcome.values:
        raise InvalidInputError(_("unknown outcome"), field="outcome", value=outcome)
    found, _created = FollowUp.objects.update_or_create(
        meeting=meeting, registration=entry, defaults={"outcome": outcome, "held": held}
    )
    return found


def save_translation(
    user: Any, event: Event, language: str, title: str, description: str = ""
) -> EventTranslation:
    """An organiser adds or replaces the event's title and description in ``language``."""
    from django.conf import settings

    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers translate it"))
    language = (language or "").strip().lower()
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise InvalidInputError(_("not a language of the site"), field="language", value=language)
    if language == event.language:
        raise InvalidInputError(
            _("the event is written in this language already"), field="language", value=language
        )
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise InvalidInputError(
            _("a title of 1 to 300 characters is needed"), field="title", value=title
        )
    found, _created = EventTranslation.objects.update_or_create(
        event=event,
        language=language,
        defaults={"title": title, "description": description.strip()},
    )
    return found


def delete_translation(user: Any, event: Event, language: str) -> bool:
    """An organiser removes a translation; readers of that language then see the original."""
    if not access.can_manage_event(user, event):
        raise NotAllowed(_("Only the event's organisers translate it"))
    deleted, _rows = event.translations.filter(language=language).delete()
    return bool(deleted)
