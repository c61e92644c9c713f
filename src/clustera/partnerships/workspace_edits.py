"""Use cases that change or remove what the workspace holds: roadmap items, pilots, budget
lines and risks. Each is recorded in the activity log; a proposal at "bankable" or a later
stage keeps budget lines that add up to its total and a non-empty risk register (a change that
would break that is refused and nothing is written)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from clustera.errors import InvalidInputError
from clustera.partnerships import investment
from clustera.partnerships.models import (
    BudgetLine,
    Member,
    Milestone,
    MilestoneStatus,
    Pilot,
    Proposal,
    ProposalStage,
    Risk,
)
from clustera.partnerships.workspace import log, require_edit
from clustera.registry.models import Organisation


def _keep_bankable(proposal: Proposal) -> None:
    """Refuse (rolling back the surrounding transaction) a change that unbalances a proposal at
    bankable or later."""
    if investment.STAGES.index(proposal.stage) < investment.STAGES.index(ProposalStage.BANKABLE):
        return
    problems = investment.readiness_problems(proposal)
    if problems:
        raise InvalidInputError(
            gettext(
                "the proposal is %(stage)s and would no longer be: %(problems)s"
                " (move it back to an earlier stage first)"
            )
            % {"stage": proposal.get_stage_display(), "problems": "; ".join(problems)},
            field="stage",
            value=proposal.stage,
        )


@transaction.atomic
def edit_milestone(
    user: Any,
    milestone: Milestone,
    title: str,
    start: date,
    due: date,
    status: str,
    owner: Member | None = None,
    depends_on: list[Milestone] | tuple[Milestone, ...] = (),
) -> Milestone:
    """Change a roadmap item; the same rules as when it was added (dates, owner, dependencies)."""
    partnership = milestone.partnership
    require_edit(user, partnership)
    if not title.strip():
        raise InvalidInputError(gettext("a roadmap item needs a title"), field="title", value="")
    if due < start:
        raise InvalidInputError(
            gettext("the due date is before the start %(start)s") % {"start": start},
            field="due",
            value=str(due),
        )
    if status not in MilestoneStatus.values:
        raise InvalidInputError(gettext("unknown status"), field="status", value=status)
    if owner is not None and owner.partnership_id != partnership.pk:
        raise InvalidInputError(gettext("the owner is not a member"), field="owner", value=owner.pk)
    for before in depends_on:
        if before.partnership_id != partnership.pk or before.pk == milestone.pk:
            raise InvalidInputError(
                gettext("not another item of this roadmap"), field="depends_on", value=before.pk
            )
        if before.due > start:
            raise InvalidInputError(
                gettext("starts before “%(title)s” is due on %(due)s")
                % {"title": before.title, "due": before.due},
                field="start",
                value=str(start),
            )
    for later in Milestone.objects.filter(depends_on=milestone):
        if due > later.start:
            raise InvalidInputError(
                gettext("“%(title)s” starts on %(start)s, before this is due")
                % {"title": later.title, "start": later.start},
                field="due",
                value=str(due),
            )
    if milestone.due != due:
        milestone.reminded = None  # a new due date is reminded again
    milestone.title, milestone.start, milestone.due = title.strip()[:200], start, due
    milestone.status, milestone.owner = status, owner
    milestone.save()
    milestone.depends_on.set(depends_on)
    log(partnership, user, f"changed the roadmap item “{milestone.title}”")
    return milestone


@transaction.atomic
def delete_milestone(user: Any, milestone: Milestone) -> None:
    """Remove a roadmap item (items that depended on it no longer do)."""
    require_edit(user, milestone.partnership)
    title = milestone.title
    milestone.delete()
    log(milestone.partnership, user, f"removed the roadmap item “{title}”")


def _check_pilot(budget: Decimal, trl_start: int, trl_target: int) -> None:
    for name, value in (("trl_start", trl_start), ("trl_target", trl_target)):
        if not 1 <= value <= 9:
            raise InvalidInputError(gettext("TRL runs from 1 to 9"), field=name, value=value)
    if trl_target < trl_start:
        raise InvalidInputError(
            gettext("the target is below the starting TRL %(trl)s") % {"trl": trl_start},
            field="trl_target",
            value=trl_target,
        )
    if budget < 0:
        raise InvalidInputError(
            gettext("the budget cannot be negative"), field="budget", value=str(budget)
        )


PILOT_STATUSES = ("planned", "running", "completed", "stopped")


@transaction.atomic
def edit_pilot(
    user: Any,
    pilot: Pilot,
    title: str,
    budget: Decimal,
    trl_start: int,
    trl_target: int,
    kpis: str,
    status: str,
    participants: list[Organisation] | tuple[Organisation, ...] = (),
) -> Pilot:
    """Change a pilot: title, budget, TRL, KPIs, status and participants (members only)."""
    partnership = pilot.partnership
    require_edit(user, partnership)
    if not title.strip():
        raise InvalidInputError(gettext("a pilot needs a title"), field="title", value="")
    _check_pilot(budget, trl_start, trl_target)
    if status not in PILOT_STATUSES:
        raise InvalidInputError(
            gettext("planned, running, completed or stopped"), field="status", value=status
        )
    members = set(partnership.members.values_list("organisation_id", flat=True))
    for organisation in participants:
        if organisation.pk not in members:
            raise InvalidInputError(
                gettext("not a member of the partnership"),
                field="participants",
                value=organisation.name,
            )
    pilot.title, pilot.budget, pilot.kpis, pilot.status = title.strip()[:200], budget, kpis, status
    pilot.trl_start, pilot.trl_target = trl_start, trl_target
    pilot.kpis = kpis[:3000]
    pilot.save()
    pilot.participants.set(participants)
    log(partnership, user, f"changed the pilot “{pilot.title}”")
    return pilot


@transaction.atomic
def delete_pilot(user: Any, pilot: Pilot) -> None:
    """Remove a pilot."""
    require_edit(user, pilot.partnership)
    title = pilot.title
    pilot.delete()
    log(pilot.partnership, user, f"removed the pilot “{title}”")


@transaction.atomic
def edit_budget_line(
    user: Any,
    line: BudgetLine,
    organisation: Organisation,
    year: int,
    source: str,
    amount: Decimal,
    description: str = "",
) -> BudgetLine:
    """Change a budget line (same rules as adding one; a bankable proposal stays balanced)."""
    proposal = line.proposal
    partnership = proposal.partnership
    require_edit(user, partnership)
    investment.check_budget_line(partnership, organisation, year, source, amount)
    line.organisation, line.year, line.source, line.amount = organisation, year, source, amount
    line.description = description[:200]
    line.save()
    _keep_bankable(proposal)
    log(partnership, user, f"changed a budget line: {organisation.name} {year} {source} {amount}")
    return line


@transaction.atomic
def delete_budget_line(user: Any, line: BudgetLine) -> None:
    """Remove a budget line (refused when a bankable proposal would no longer add up)."""
    proposal = line.proposal
    require_edit(user, proposal.partnership)
    text = f"{line.organisation.name} {line.year} {line.source} {line.amount}"
    line.delete()
    _keep_bankable(proposal)
    log(proposal.partnership, user, f"removed a budget line: {text}")


@transaction.atomic
def edit_risk(
    user: Any, risk: Risk, description: str, likelihood: int, impact: int, mitigation: str = ""
) -> Risk:
    """Change a risk of the register."""
    partnership = risk.proposal.partnership
    require_edit(user, partnership)
    investment.check_risk(description, likelihood, impact)
    risk.description, risk.likelihood, risk.impact = description.strip()[:300], likelihood, impact
    risk.mitigation = mitigation[:500]
    risk.save()
    log(partnership, user, f"changed the risk “{risk.description}”")
    return risk


@transaction.atomic
def delete_risk(user: Any, risk: Risk) -> None:
    """Remove a risk (refused when it is the last one of a bankable proposal)."""
    proposal = risk.proposal
    require_edit(user, proposal.partnership)
    text = risk.description
    risk.delete()
    _keep_bankable(proposal)
    log(proposal.partnership, user, f"removed the risk “{text}”")
