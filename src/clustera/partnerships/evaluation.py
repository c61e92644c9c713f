"""Use cases of evaluating a call: evaluators, conflicts of interest, scores, ranking, decisions.

Evaluators hold the role for one call; an evaluator who belongs to an organisation of the
consortium (lead or invited partner) is refused. Consensus, thresholds and ranking are the pure
core's (``clustera.programmes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import rules, selectors
from clustera.partnerships.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CallEvaluator,
    CallStatus,
    Score,
)
from clustera.partnerships.notifying import notify
from clustera.programmes import Criterion as CriterionRule
from clustera.programmes import RankedApplication, consensus, rank_applications


def appoint_evaluator(user: Any, call: Call, evaluator: Any) -> CallEvaluator:
    """Give a user the evaluator role for a call (editors only)."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors appoint evaluators"))
    found, _ = CallEvaluator.objects.get_or_create(call=call, user=evaluator)
    return found


def conflict_of(evaluator: Any, application: Application) -> str:
    """The applicant organisation the evaluator belongs to, or "" when there is none."""
    own = selectors.organisation_ids_of(evaluator)
    applicants = {
        application.lead_id,
        *application.partners.values_list("organisation_id", flat=True),
    }
    clash = own & applicants
    if not clash:
        return ""
    return selectors.organisations_by_ids(sorted(clash))[min(clash)].name


def assign(user: Any, application: Application, evaluator: Any) -> Assignment:
    """Assign a submitted application to one of the call's evaluators (editors only)."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors assign evaluations"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidInputError(
            gettext("only submitted applications are evaluated"),
            field="status",
            value=application.status,
        )
    if not selectors.is_call_evaluator(evaluator, application.call):
        raise InvalidInputError(
            gettext("not an evaluator of this call"),
            field="evaluator",
            value=evaluator.get_username(),
        )
    clash = conflict_of(evaluator, application)
    if clash:
        raise InvalidInputError(
            gettext("conflict of interest: a member of %(organisation)s, an applicant")
            % {"organisation": clash},
            field="evaluator",
            value=evaluator.get_username(),
        )
    found, _ = Assignment.objects.get_or_create(application=application, evaluator=evaluator)
    return found


def declare_no_conflict(user: Any, assignment: Assignment) -> Assignment:
    """The evaluator declares no conflict of interest (refused when the records show one)."""
    if not rules.may_score(user, assignment):
        raise NotAllowed(gettext("Only the assigned evaluator declares"))
    clash = conflict_of(user, assignment.application)
    if clash:
        raise InvalidInputError(
            gettext("conflict of interest: you are a member of %(organisation)s, an applicant")
            % {"organisation": clash},
            field="declaration",
            value=user.get_username(),
        )
    assignment.declared_no_conflict = timezone.now()
    assignment.save(update_fields=["declared_no_conflict"])
    return assignment


def _rules_of(call: Call) -> list[CriterionRule]:
    return [
        CriterionRule(str(c.pk), c.weight, c.threshold, c.max_score) for c in call.criteria.all()
    ]


@transaction.atomic
def submit_scores(
    user: Any, assignment: Assignment, scores: dict[int, tuple[float, str]]
) -> Assignment:
    """Record the evaluator's score and comment for every criterion (after the deadline)."""
    if not rules.may_score(user, assignment):
        raise NotAllowed(gettext("Only the assigned evaluator scores"))
    if assignment.declared_no_conflict is None:
        raise InvalidInputError(
            gettext("declare that you have no conflict of interest first"),
            field="declaration",
            value=None,
        )
    application = assignment.application
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidInputError(
            gettext("the application is not awaiting evaluation"),
            field="status",
            value=application.status,
        )
    criteria = _rules_of(application.call)
    consensus(criteria, [{k: v[0] for k, v in ((str(i), s) for i, s in scores.items())}])
    for criterion_id, (value, comment) in scores.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=criterion_id,
            defaults={"score": float(value), "comment": comment.strip()[:3000]},
        )
    assignment.completed = timezone.now()
    assignment.save(update_fields=["completed"])
    return assignment


@dataclass(frozen=True)
class RankingRow:
    """An application with its evaluators' consensus per criterion and its ranked result."""

    application: Application
    evaluations: int
    consensus: dict[str, float]
    result: RankedApplication


def ranking(call: Call) -> list[RankingRow]:
    """The submitted or decided applications with at least one completed evaluation, ranked."""
    criteria = _rules_of(call)
    applications = (
        call.applications.exclude(status__in=[ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN])
        .select_related("lead")
        .prefetch_related("assignments__scores")
    )
    agreed: dict[int, dict[str, float]] = {}
    counts: dict[int, int] = {}
    by_id = {}
    for application in applications:
        done = [a for a in application.assignments.all() if a.completed is not None]
        if not done:
            continue
        evaluations = [{str(s.criterion_id): s.score for s in a.scores.all()} for a in done]
        agreed[application.pk] = consensus(criteria, evaluations)
        counts[application.pk] = len(done)
        by_id[application.pk] = application
    ranked = rank_applications(criteria, agreed, call.overall_threshold)
    return [RankingRow(by_id[r.key], counts[r.key], agreed[r.key], r) for r in ranked]


@transaction.atomic
def decide(user: Any, application: Application, accept: bool, reasons: str) -> Application:
    """Accept or reject an evaluated application with reasons; the applicants are notified."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors decide"))
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidInputError(
            gettext("only submitted applications are decided"),
            field="status",
            value=application.status,
        )
    if not reasons.strip():
        raise InvalidInputError(
            gettext("give the reasons of the decision"), field="reasons", value=""
        )
    rows = {row.application.pk: row for row in ranking(application.call)}
    if application.pk not in rows:
        raise InvalidInputError(
            gettext("no completed evaluation yet"), field="status", value="unevaluated"
        )
    row = rows[application.pk]
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REJECTED
    application.decided = timezone.now()
    application.decision_reasons = reasons.strip()[:5000]
    application.final_score = row.result.assessment.total
    application.rank = row.result.rank
    application.save()
    notify(
        selectors.admins_of([o.pk for o in selectors.consortium(application)]),
        gettext("Decision: %(title)s") % {"title": application.title},
        gettext("“%(title)s” was %(status)s in “%(call)s”: %(reasons)s")
        % {
            "title": application.title,
            "status": str(application.get_status_display()).lower(),
            "call": application.call.title,
            "reasons": application.decision_reasons[:300],
        },
        reverse("partnerships:application", args=[application.pk]),
    )
    return application


def publish_results(user: Any, call: Call) -> Call:
    """Mark a call evaluated: its anonymised statistics appear on the call page."""
    if not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors publish results"))
    if call.applications.filter(status=ApplicationStatus.SUBMITTED).exists():
        raise InvalidInputError(
            gettext("decide every submitted application first"), field="status", value=call.status
        )
    call.status = CallStatus.EVALUATED
    call.save(update_fields=["status"])
    return call


@dataclass(frozen=True)
class CallStatistics:
    """Anonymised figures of an evaluated call: no applicant is named."""

    submitted: int
    withdrawn: int
    accepted: int
    rejected: int
    countries: int
    mean_score: float | None
    lowest_accepted: float | None


def statistics(call: Call) -> CallStatistics:
    """Counts and scores of a call's applications, with no names."""
    applications = list(
        call.applications.exclude(status=ApplicationStatus.DRAFT).select_related("lead")
    )
    decided = [a for a in applications if a.final_score is not None]
    accepted = [a.final_score for a in decided if a.status == ApplicationStatus.ACCEPTED]
    countries = {a.lead.country for a in applications}
    return CallStatistics(
        submitted=sum(a.submitted is not None for a in applications),
        withdrawn=sum(a.status == ApplicationStatus.WITHDRAWN for a in applications),
        accepted=len(accepted),
        rejected=sum(a.status == ApplicationStatus.REJECTED for a in applications),
        countries=len(countries),
        mean_score=mean(a.final_score for a in decided) if decided else None,  # type: ignore[misc]
        lowest_accepted=min(accepted) if accepted else None,  # type: ignore[type-var]
    )
