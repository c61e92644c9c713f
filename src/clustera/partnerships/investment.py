"""Use cases of the investment proposal: stages from idea to funded, budget lines per partner,
year and funding source, the computed financing table, co-investors and the risk register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from clustera.errors import InvalidInputError
from clustera.partnerships.models import (
    BudgetLine,
    FundingSource,
    Partnership,
    Proposal,
    ProposalStage,
    Risk,
)
from clustera.partnerships.workspace import log, require_edit
from clustera.programmes import BudgetItem, FinancingTable, financing_table
from clustera.registry.models import Organisation

STAGES = [value for value, _ in ProposalStage.choices]
SOURCES = [value for value, _ in FundingSource.choices]


def save_proposal(
    user: Any, partnership: Partnership, title: str, total: Decimal | None, co_investors: str = ""
) -> Proposal:
    """Start or change the investment proposal: title, total and co-investors."""
    require_edit(user, partnership)
    if not title.strip():
        raise InvalidInputError(gettext("the proposal needs a title"), field="title", value="")
    if total is not None and total < 0:
        raise InvalidInputError(
            gettext("the total cannot be negative"), field="total", value=str(total)
        )
    proposal, _ = Proposal.objects.update_or_create(
        partnership=partnership,
        defaults={
            "title": title.strip()[:200],
            "total": total,
            "co_investors": co_investors[:2000],
        },
    )
    log(partnership, user, f"changed the investment proposal “{proposal.title}”")
    return proposal


def add_budget_line(
    user: Any,
    proposal: Proposal,
    organisation: Organisation,
    year: int,
    source: str,
    amount: Decimal,
    description: str = "",
) -> BudgetLine:
    """Add a budget line of a member organisation for a year and a funding source."""
    partnership = proposal.partnership
    require_edit(user, partnership)
    check_budget_line(partnership, organisation, year, source, amount)
    line = BudgetLine.objects.create(
        proposal=proposal,
        organisation=organisation,
        year=year,
        source=source,
        amount=amount,
        description=description[:200],
    )
    log(partnership, user, f"added a budget line: {organisation.name} {year} {source} {amount}")
    return line


def check_budget_line(
    partnership: Partnership, organisation: Organisation, year: int, source: str, amount: Decimal
) -> None:
    """Refuse a budget line of a non-member, an unknown source, a year out of range or a
    negative amount."""
    if not partnership.members.filter(organisation=organisation).exists():
        raise InvalidInputError(
            gettext("not a member of the partnership"),
            field="organisation",
            value=organisation.name,
        )
    if source not in SOURCES:
        raise InvalidInputError(gettext("unknown funding source"), field="source", value=source)
    if not 2000 <= year <= 2100:
        raise InvalidInputError(gettext("a year from 2000 to 2100"), field="year", value=year)
    if amount < 0:
        raise InvalidInputError(
            gettext("the amount cannot be negative"), field="amount", value=str(amount)
        )


def check_risk(description: str, likelihood: int, impact: int) -> None:
    """Refuse a risk without description or with likelihood or impact outside 1-5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise InvalidInputError(gettext("from 1 to 5"), field=name, value=value)
    if not description.strip():
        raise InvalidInputError(gettext("describe the risk"), field="description", value="")


def financing(proposal: Proposal) -> FinancingTable:
    """The financing table: lines summed by partner and year, by funding source, with totals."""
    lines = proposal.lines.values_list("organisation__name", "year", "source", "amount")
    return financing_table(
        [BudgetItem(name, year, source, amount) for name, year, source, amount in lines], SOURCES
    )


def add_risk(
    user: Any,
    proposal: Proposal,
    description: str,
    likelihood: int,
    impact: int,
    mitigation: str = "",
) -> Risk:
    """Add a risk to the register (likelihood and impact from 1 to 5)."""
    require_edit(user, proposal.partnership)
    check_risk(description, likelihood, impact)
    risk = Risk.objects.create(
        proposal=proposal,
        description=description.strip()[:300],
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation[:500],
    )
    log(proposal.partnership, user, f"added the risk “{risk.description}”")
    return risk


def readiness_problems(proposal: Proposal, table: FinancingTable | None = None) -> list[str]:
    """What keeps the proposal from being bankable, in words (empty when ready); ``table``:
    its financing table when already computed."""
    table = table or financing(proposal)
    problems = []
    if not table.rows:
        problems.append(gettext("no budget line yet"))
    if proposal.total is None:
        problems.append(gettext("no total investment given"))
    elif table.total != proposal.total:
        problems.append(
            gettext("the budget lines add up to %(sum)s, the total is %(total)s")
            % {"sum": f"{table.total:,.2f}", "total": f"{proposal.total:,.2f}"}
        )
    if not proposal.risks.exists():
        problems.append(gettext("the risk register is empty"))
    return problems


def move_stage(user: Any, proposal: Proposal, stage: str) -> Proposal:
    """Move the proposal to another stage; "bankable" and later need budget lines that add up
    to the total and a risk register; "funded" and "rejected" follow "submitted" only."""
    require_edit(user, proposal.partnership)
    if stage not in STAGES:
        raise InvalidInputError(gettext("unknown stage"), field="stage", value=stage)
    if STAGES.index(stage) >= STAGES.index(ProposalStage.BANKABLE):
        problems = readiness_problems(proposal)
        if problems:
            raise InvalidInputError(
                gettext("not bankable: %(problems)s") % {"problems": "; ".join(problems)},
                field="stage",
                value=stage,
            )
    if (
        stage in (ProposalStage.FUNDED, ProposalStage.REJECTED)
        and proposal.stage != ProposalStage.SUBMITTED
    ):
        raise InvalidInputError(
            gettext("only a submitted proposal is funded or rejected"), field="stage", value=stage
        )
    proposal.stage = stage
    proposal.save(update_fields=["stage"])
    log(
        proposal.partnership,
        user,
        f"moved the investment proposal to {proposal.get_stage_display()}",
    )
    return proposal


def stage_of(partnership: Partnership) -> str:
    """The partnership's stage for its public summary: the proposal's, or where the work is."""
    proposal = getattr(partnership, "proposal", None)
    if proposal is not None:
        return f"investment proposal: {proposal.get_stage_display()}"
    if partnership.pilots.exists():
        return "pilots"
    if partnership.milestones.exists():
        return "roadmap"
    return "strategy"
