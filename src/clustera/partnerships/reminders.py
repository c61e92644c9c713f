"""Reminders: call deadlines 7 and 1 days ahead to the admins of draft applications' consortia,
and roadmap items due within a week to the partnership's members' admins. Idempotent: each is
recorded when sent (``Application.reminders``, ``Milestone.reminded``) and never sent twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from clustera.partnerships import selectors
from clustera.partnerships.models import Application, Milestone
from clustera.partnerships.notifying import notify

DEADLINE_DAYS = (7, 1)


@dataclass(frozen=True)
class Reminded:
    """How many reminders one run sent."""

    deadlines: int
    milestones: int


def _deadline_reminders(now: datetime) -> int:
    sent = 0
    drafts = Application.objects.filter(
        status="draft",
        call__status="published",
        call__deadline__gt=now,
        call__deadline__lte=now + timedelta(days=max(DEADLINE_DAYS)),
    ).select_related("call", "lead")
    for application in drafts:
        left = application.call.deadline - now
        due = [
            d for d in DEADLINE_DAYS if left <= timedelta(days=d) and d not in application.reminders
        ]
        if not due:
            continue
        days = min(due)
        organisations = [o.pk for o in selectors.consortium(application)]
        notify(
            selectors.admins_of(organisations),
            ngettext(
                "Deadline in %(days)d day: %(call)s", "Deadline in %(days)d days: %(call)s", days
            )
            % {"days": days, "call": application.call.title},
            gettext("“%(title)s” is still a draft; the call closes on %(when)s UTC")
            % {"title": application.title, "when": f"{application.call.deadline:%Y-%m-%d %H:%M}"},
            reverse("partnerships:application", args=[application.pk]),
        )
        application.reminders = sorted({*application.reminders, *due})
        application.save(update_fields=["reminders"])
        sent += 1
    return sent


def _milestone_reminders(now: datetime) -> int:
    today = now.date()
    items = (
        Milestone.objects.filter(
            due__gte=today, due__lte=today + timedelta(days=7), reminded__isnull=True
        )
        .exclude(status="done")
        .select_related("partnership")
    )
    sent = 0
    for milestone in items:
        members = milestone.partnership.members.filter(active=True).values_list(
            "organisation_id", flat=True
        )
        notify(
            selectors.admins_of(list(members)),
            gettext("Due on %(due)s: %(title)s") % {"due": milestone.due, "title": milestone.title},
            gettext("“%(title)s” of %(partnership)s is due on %(due)s")
            % {
                "title": milestone.title,
                "partnership": milestone.partnership.name,
                "due": milestone.due,
            },
            reverse("partnerships:partnership", args=[milestone.partnership_id]) + "#milestone",
        )
        milestone.reminded = today
        milestone.save(update_fields=["reminded"])
        sent += 1
    return sent


def send_reminders(now: datetime | None = None) -> Reminded:
    """Send the reminders that are due and not yet sent."""
    moment = now or timezone.now()
    return Reminded(_deadline_reminders(moment), _milestone_reminders(moment))
