"""Use cases of calls and applications: publishing calls, applying with partners, submitting.

Every write checks who may make it (``rules``) and validates its input first, so a refusal
writes nothing. Evaluation use cases are in ``evaluation``; the demo world in ``demo_world``.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import rules, selectors
from clustera.partnerships.models import (
    Application,
    ApplicationDocument,
    ApplicationPartner,
    ApplicationStatus,
    Call,
    CallDocument,
    CallStatus,
    Criterion,
    InvitationStatus,
)
from clustera.partnerships.notifying import notify
from clustera.programmes import (
    EU_MEMBER_STATES,
    Eligibility,
    EligibilityRules,
    Participant,
    check_eligibility,
)
from clustera.programmes import Criterion as CriterionRule
from clustera.registry.messages import translated
from clustera.registry.models import (
    Ecosystem,
    Organisation,
    OrganisationType,
    S3Priority,
    Technology,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
CALL_FIELDS = ("title", "summary", "text", "min_partners", "min_countries", "overall_threshold")


def eligible_country_choices() -> list[str]:
    """Countries a call may open to: the EU Member States, the configured associated
    countries, and the synthetic demo world's countries (codes X?) when it is loaded."""
    associated = [c for c in getattr(settings, "CLUSTERA_ASSOCIATED_COUNTRIES", []) if c]
    synthetic = Organisation.objects.filter(is_synthetic=True).values_list("country", flat=True)
    return sorted(EU_MEMBER_STATES | set(associated) | set(synthetic.distinct()))


def _check_call(fields: dict[str, Any], criteria: list[dict[str, Any]]) -> None:
    if not str(fields.get("title", "")).strip():
        raise InvalidInputError(gettext("a call needs a title"), field="title", value="")
    allowed = set(eligible_country_choices())
    countries = fields.get("countries") or []
    for code in countries:
        if code not in allowed:
            raise InvalidInputError(
                gettext("not an EU Member State or configured associated country"),
                field="countries",
                value=code,
            )
    types = {value for value, _ in OrganisationType.choices}
    for kind in fields.get("organisation_types") or []:
        if kind not in types:
            raise InvalidInputError(
                gettext("unknown organisation type"), field="organisation_types", value=kind
            )
    EligibilityRules(
        frozenset(fields.get("organisation_types") or []),
        frozenset(countries) or frozenset({"--"}),
        int(fields.get("min_partners", 1)),
        int(fields.get("min_countries", 1)),
    )
    if not countries:
        raise InvalidInputError(
            gettext("choose at least one eligible country"), field="countries", value=""
        )
    try:
        zoneinfo.ZoneInfo(str(fields.get("time_zone", "")))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInputError(
            gettext("unknown time zone"), field="time_zone", value=fields.get("time_zone")
        ) from None
    deadline = fields.get("deadline")
    if not isinstance(deadline, datetime) or timezone.is_naive(deadline):
        raise InvalidInputError(
            gettext("the deadline needs a date, time and zone"), field="deadline", value=deadline
        )
    if not criteria:
        raise InvalidInputError(
            gettext("a call needs evaluation criteria"), field="criteria", value=0
        )
    for row in criteria:
        CriterionRule(
            str(row["name"]),
            float(row["weight"]),
            float(row.get("threshold", 0)),
            float(row.get("max_score", 5)),
        )


@transaction.atomic
def save_call(
    user: Any, fields: dict[str, Any], criteria: list[dict[str, Any]], call: Call | None = None
) -> Call:
    """Create or change a call with its criteria (editors only); themes by code."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors publish calls"))
    if call is not None and call.status == CallStatus.EVALUATED:
        raise InvalidInputError(
            gettext("the call's results are published"), field="status", value=call.status
        )
    _check_call(fields, criteria)
    call = call or Call(created_by=user)
    for name in (*CALL_FIELDS, "countries", "organisation_types", "deadline", "time_zone"):
        if name in fields:
            setattr(call, name, fields[name])
    call.save()
    for model, name in (
        (Technology, "technologies"),
        (Ecosystem, "ecosystems"),
        (S3Priority, "s3_priorities"),
    ):
        codes = list(fields.get(name) or [])
        found = list(model.objects.filter(code__in=codes))
        missing = set(codes) - {term.code for term in found}
        if missing:
            raise InvalidInputError(gettext("unknown code"), field=name, value=sorted(missing)[0])
        getattr(call, name).set(found)
    call.criteria.all().delete()
    Criterion.objects.bulk_create(
        [
            Criterion(
                call=call,
                name=str(row["name"])[:120],
                description=str(row.get("description", ""))[:500],
                weight=float(row["weight"]),
                threshold=float(row.get("threshold", 0)),
                max_score=float(row.get("max_score", 5)),
                position=position,
            )
            for position, row in enumerate(criteria)
        ]
    )
    return call


def publish_call(user: Any, call: Call) -> Call:
    """Make a draft call public (editors only)."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors publish calls"))
    if call.status == CallStatus.DRAFT:
        call.status = CallStatus.PUBLISHED
        call.published = timezone.now()
        call.save(update_fields=["status", "published"])
    return call


def _check_file(upload: UploadedFile, field: str) -> None:
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(
            gettext("documents may be at most 10 MiB"),
            field=field,
            value=f"{upload.name}, {upload.size} bytes",
        )


def add_call_document(user: Any, call: Call, title: str, upload: UploadedFile) -> CallDocument:
    """Attach a guide or template to a call (editors only, at most 10 MiB)."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors change calls"))
    _check_file(upload, "file")
    return CallDocument.objects.create(call=call, title=title[:200] or upload.name, file=upload)


@dataclass(frozen=True)
class Countdown:
    """Time left before a call's deadline, for the call page (server-rendered)."""

    open: bool
    days: int
    hours: int
    minutes: int


def countdown(call: Call, now: datetime | None = None) -> Countdown:
    """Days, hours and minutes left before the deadline (zeros once it has passed)."""
    left = call.deadline - (now or timezone.now())
    seconds = max(0, int(left.total_seconds()))
    return Countdown(seconds > 0, seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60)


def _require_open(call: Call, now: datetime | None = None) -> None:
    if call.status != CallStatus.PUBLISHED:
        raise InvalidInputError(gettext("the call is not open"), field="call", value=call.status)
    if (now or timezone.now()) >= call.deadline:
        local = call.deadline.astimezone(zoneinfo.ZoneInfo(call.time_zone))
        raise InvalidInputError(
            gettext("the deadline has passed"),
            field="deadline",
            value=local.strftime("%Y-%m-%d %H:%M %Z"),
        )


def _require_draft(user: Any, application: Application, now: datetime | None = None) -> None:
    if not rules.may_edit_application(user, application):
        raise NotAllowed(gettext("Only the lead organisation's admins change the application"))
    if application.status != ApplicationStatus.DRAFT:
        raise InvalidInputError(
            gettext("a submitted or withdrawn application is frozen"),
            field="status",
            value=application.status,
        )
    _require_open(application.call, now)


def start_application(
    user: Any, call: Call, lead: Organisation, title: str, now: datetime | None = None
) -> Application:
    """Start an application as lead on behalf of an organisation the user administers."""
    if not rules.may_lead(user, lead.pk):
        raise NotAllowed(gettext("You may apply only for an organisation you administer"))
    _require_open(call, now)
    if not title.strip():
        raise InvalidInputError(gettext("the application needs a title"), field="title", value="")
    return Application.objects.create(
        call=call, lead=lead, title=title.strip()[:200], created_by=user
    )


APPLICATION_FIELDS = (
    "title",
    "concept",
    "objectives",
    "value_chain",
    "activities",
    "budget_estimate",
)


def update_application(
    user: Any, application: Application, fields: dict[str, Any], now: datetime | None = None
) -> Application:
    """Change the form of a draft application (concept, objectives, value chain, ...)."""
    _require_draft(user, application, now)
    budget = fields.get("budget_estimate")
    if budget is not None and Decimal(budget) < 0:
        raise InvalidInputError(
            gettext("the budget cannot be negative"), field="budget_estimate", value=budget
        )
    for name in APPLICATION_FIELDS:
        if name in fields:
            setattr(application, name, fields[name])
    application.save()
    return application


@transaction.atomic
def invite_partner(
    user: Any, application: Application, organisation: Organisation, now: datetime | None = None
) -> ApplicationPartner:
    """Invite a partner organisation; its admins are notified and answer on the platform."""
    _require_draft(user, application, now)
    if organisation.pk == application.lead_id:
        raise InvalidInputError(
            gettext("the lead is already in the consortium"),
            field="organisation",
            value=organisation.name,
        )
    if application.partners.filter(organisation=organisation).exists():
        raise InvalidInputError(
            gettext("already invited"), field="organisation", value=organisation.name
        )
    partner = ApplicationPartner.objects.create(application=application, organisation=organisation)
    notify(
        selectors.admins_of([organisation.pk]),
        gettext("Invitation: %(title)s") % {"title": application.title},
        gettext("%(lead)s invites %(organisation)s to apply together to “%(call)s”")
        % {
            "lead": application.lead.name,
            "organisation": organisation.name,
            "call": application.call.title,
        },
        reverse("partnerships:invitations"),
    )
    return partner


def answer_invitation(user: Any, partner: ApplicationPartner, accept: bool) -> ApplicationPartner:
    """Accept or decline an invitation (the invited organisation's admins)."""
    if not rules.may_answer_invitation(user, partner):
        raise NotAllowed(gettext("Only the invited organisation's admins answer"))
    if partner.application.status != ApplicationStatus.DRAFT:
        raise InvalidInputError(
            gettext("the application is no longer a draft"),
            field="status",
            value=partner.application.status,
        )
    partner.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    partner.answered = timezone.now()
    partner.save(update_fields=["status", "answered"])
    return partner


def add_application_document(
    user: Any, application: Application, title: str, upload: UploadedFile
) -> ApplicationDocument:
    """Attach a document to a draft application (at most 10 MiB)."""
    _require_draft(user, application)
    _check_file(upload, "file")
    return ApplicationDocument.objects.create(
        application=application, title=title[:200] or upload.name, file=upload
    )


def eligibility_of(application: Application) -> Eligibility:
    """The consortium (lead and accepted partners) checked against the call's rules."""
    call = application.call
    found = selectors.consortium(application)
    return check_eligibility(
        EligibilityRules(
            frozenset(call.organisation_types),
            frozenset(call.countries),
            call.min_partners,
            call.min_countries,
        ),
        [Participant(o.name, o.type, o.country) for o in found],
    )


def submit_application(
    user: Any, application: Application, now: datetime | None = None
) -> Application:
    """Submit before the deadline when eligible; the application is then frozen."""
    _require_draft(user, application, now)
    verdict = eligibility_of(application)
    if not verdict.eligible:
        raise InvalidInputError(
            gettext("not eligible: %(problems)s")
            % {"problems": "; ".join(translated(p) for p in verdict.problems)},
            field="partners",
            value=None,
        )
    if not application.concept.strip():
        raise InvalidInputError(
            gettext("describe the concept before submitting"), field="concept", value=""
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted = now or timezone.now()
    application.eligibility_problems = []
    application.save(update_fields=["status", "submitted", "eligibility_problems"])
    return application


def withdraw_application(user: Any, application: Application, reason: str) -> Application:
    """Withdraw a draft or submitted application before the decision; the withdrawal is kept."""
    if not rules.may_edit_application(user, application):
        raise NotAllowed(gettext("Only the lead organisation's admins withdraw the application"))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise InvalidInputError(
            gettext("cannot withdraw now"), field="status", value=application.status
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn = timezone.now()
    application.withdrawal_reason = reason.strip()[:500]
    application.save(update_fields=["status", "withdrawn", "withdrawal_reason"])
    return application


def seed_demo(seed: int) -> dict[str, int]:
    """The partnerships part of the synthetic demo world (``demo_world.seed_demo``)."""
    from clustera.partnerships import demo_world

    return demo_world.seed_demo(seed)
