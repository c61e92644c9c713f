"""Use cases of the partnership workspace: members, strategy, roadmap, value chain (gaps filled
from partner recommendations and the centre finder), pilots, the investment proposal (stages,
budget lines that add up, risks), documents; every change goes into the activity log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnering import services as partnering
from clustera.partnering.model_store import RecommenderNotReady
from clustera.partnerships import rules, selectors
from clustera.partnerships.models import (
    ActivityEntry,
    Application,
    Indicator,
    Member,
    MemberRole,
    Milestone,
    MilestoneStatus,
    Partnership,
    Pilot,
    ValueChainStep,
    Visibility,
)
from clustera.partnerships.notifying import notify
from clustera.registry.models import Organisation


def log(partnership: Partnership, user: Any, text: str) -> None:
    """Add an entry to the workspace's activity log."""
    ActivityEntry.objects.create(
        partnership=partnership, user=user if getattr(user, "pk", None) else None, text=text[:300]
    )


def require_edit(user: Any, partnership: Partnership) -> None:
    if not rules.may_edit_workspace(user, partnership):
        raise NotAllowed(gettext("Only the partnership's members change its workspace"))


def _require_manage(user: Any, partnership: Partnership) -> None:
    if not rules.may_manage_members(user, partnership):
        raise NotAllowed(
            gettext("Only the lead organisation's admins manage members and publication")
        )


@transaction.atomic
def create_partnership(
    user: Any, name: str, lead: Organisation, application: Application | None = None, **fields: Any
) -> Partnership:
    """Open a workspace: by an editor directly, or from an accepted application by its lead."""
    if application is None and not rules.may_manage_calls(user):
        raise NotAllowed(gettext("Only platform editors open a partnership directly"))
    if application is not None:
        if application.status != "accepted":
            raise InvalidInputError(
                gettext("only an accepted application opens a workspace"),
                field="status",
                value=application.status,
            )
        if not (rules.may_manage_calls(user) or rules.may_lead(user, application.lead_id)):
            raise NotAllowed(gettext("Only the lead organisation's admins open the workspace"))
        if Partnership.objects.filter(application=application).exists():
            raise InvalidInputError(
                gettext("the workspace is already open"), field="application", value=application.pk
            )
    if not name.strip():
        raise InvalidInputError(gettext("a partnership needs a name"), field="name", value="")
    partnership = Partnership.objects.create(
        name=name.strip()[:200], application=application, created_by=user, **fields
    )
    Member.objects.create(
        partnership=partnership, organisation=lead, role=MemberRole.LEAD, active=True
    )
    if application is not None:
        Member.objects.bulk_create(
            [
                Member(
                    partnership=partnership, organisation=o, role=MemberRole.PARTNER, active=True
                )
                for o in selectors.consortium(application)[1:]
            ]
        )
        steps = [
            line.strip(" -•\t") for line in application.value_chain.splitlines() if line.strip()
        ]
        ValueChainStep.objects.bulk_create(
            [
                ValueChainStep(partnership=partnership, name=s[:200], position=i)
                for i, s in enumerate(steps[:30])
            ]
        )
    log(partnership, user, f"opened the workspace “{partnership.name}”")
    return partnership


def invite_member(
    user: Any, partnership: Partnership, organisation: Organisation, role: str = "partner"
) -> Member:
    """Invite an organisation; it joins when one of its admins accepts."""
    _require_manage(user, partnership)
    if role not in (MemberRole.PARTNER, MemberRole.ASSOCIATED):
        raise InvalidInputError(
            gettext("invite as partner or associated"), field="role", value=role
        )
    if partnership.members.filter(organisation=organisation).exists():
        raise InvalidInputError(
            gettext("already a member or invited"), field="organisation", value=organisation.name
        )
    member = Member.objects.create(partnership=partnership, organisation=organisation, role=role)
    notify(
        selectors.admins_of([organisation.pk]),
        gettext("Invitation to %(partnership)s") % {"partnership": partnership.name},
        gettext("%(organisation)s is invited to join the partnership “%(partnership)s” as %(role)s")
        % {"organisation": organisation.name, "partnership": partnership.name, "role": role},
        reverse("partnerships:workspace_invitations"),
    )
    log(partnership, user, f"invited {organisation.name} as {role}")
    return member


def accept_membership(user: Any, member: Member) -> Member:
    """An admin of the invited organisation accepts: it becomes an active member."""
    if member.organisation_id not in selectors.organisation_ids_of(user, admin_only=True):
        raise NotAllowed(gettext("Only the invited organisation's admins accept"))
    member.active = True
    member.save(update_fields=["active"])
    log(member.partnership, user, f"{member.organisation.name} joined")
    return member


STRATEGY_FIELDS = ("summary", "theme", "vision", "objectives")


def update_strategy(user: Any, partnership: Partnership, fields: dict[str, Any]) -> Partnership:
    """Change the summary, theme, vision and objectives; visibility by the lead's admins only."""
    require_edit(user, partnership)
    if "visibility" in fields and fields["visibility"] != partnership.visibility:
        _require_manage(user, partnership)
        if fields["visibility"] not in Visibility.values:
            raise InvalidInputError(
                gettext("public or private"), field="visibility", value=fields["visibility"]
            )
        partnership.visibility = fields["visibility"]
    for name in STRATEGY_FIELDS:
        if name in fields:
            setattr(partnership, name, fields[name])
    partnership.save()
    log(
        partnership,
        user,
        "changed the strategy"
        + (f" (now {partnership.visibility})" if "visibility" in fields else ""),
    )
    return partnership


def add_indicator(
    user: Any, partnership: Partnership, name: str, unit: str, baseline: float, target: float
) -> Indicator:
    """Add a strategy indicator with its baseline and target."""
    require_edit(user, partnership)
    if not name.strip():
        raise InvalidInputError(gettext("an indicator needs a name"), field="name", value="")
    found = Indicator.objects.create(
        partnership=partnership,
        name=name.strip()[:200],
        unit=unit[:40],
        baseline=baseline,
        target=target,
    )
    log(partnership, user, f"added the indicator “{found.name}”")
    return found


def add_milestone(
    user: Any,
    partnership: Partnership,
    title: str,
    start: date,
    due: date,
    owner: Member | None = None,
    depends_on: list[Milestone] | tuple[Milestone, ...] = (),
) -> Milestone:
    """Add an action or milestone to the roadmap; it starts after what it depends on ends."""
    require_edit(user, partnership)
    if due < start:
        raise InvalidInputError(
            gettext("the due date is before the start %(start)s") % {"start": start},
            field="due",
            value=str(due),
        )
    if owner is not None and owner.partnership_id != partnership.pk:
        raise InvalidInputError(gettext("the owner is not a member"), field="owner", value=owner.pk)
    for before in depends_on:
        if before.partnership_id != partnership.pk:
            raise InvalidInputError(
                gettext("not in this roadmap"), field="depends_on", value=before.pk
            )
        if before.due > start:
            raise InvalidInputError(
                gettext("starts before “%(title)s” is due on %(due)s")
                % {"title": before.title, "due": before.due},
                field="start",
                value=str(start),
            )
    milestone = Milestone.objects.create(
        partnership=partnership, title=title.strip()[:200], start=start, due=due, owner=owner
    )
    milestone.depends_on.set(depends_on)
    log(partnership, user, f"added “{milestone.title}” to the roadmap")
    return milestone


def set_milestone_status(user: Any, milestone: Milestone, status: str) -> Milestone:
    """Mark a roadmap item planned, in progress, done or late."""
    require_edit(user, milestone.partnership)
    if status not in MilestoneStatus.values:
        raise InvalidInputError(gettext("unknown status"), field="status", value=status)
    milestone.status = status
    milestone.save(update_fields=["status"])
    log(milestone.partnership, user, f"marked “{milestone.title}” {status}")
    return milestone


def add_step(user: Any, partnership: Partnership, name: str) -> ValueChainStep:
    """Add a step to the value chain."""
    require_edit(user, partnership)
    if not name.strip():
        raise InvalidInputError(gettext("a step needs a name"), field="name", value="")
    step = ValueChainStep.objects.create(
        partnership=partnership, name=name.strip()[:200], position=partnership.steps.count()
    )
    log(partnership, user, f"added the value-chain step “{step.name}”")
    return step


def cover_step(user: Any, step: ValueChainStep, organisation: Organisation) -> ValueChainStep:
    """Record that a member organisation covers a step."""
    require_edit(user, step.partnership)
    if not step.partnership.members.filter(organisation=organisation).exists():
        raise InvalidInputError(
            gettext("not a member of the partnership"),
            field="organisation",
            value=organisation.name,
        )
    step.covered_by.add(organisation)
    log(step.partnership, user, f"{organisation.name} covers “{step.name}”")
    return step


@dataclass(frozen=True)
class GapSuggestion:
    """An organisation that could fill a value-chain gap, and why."""

    organisation: Organisation
    source: str
    reasons: tuple[str, ...]


def gap_suggestions(
    partnership: Partnership, step: ValueChainStep, k: int = 5
) -> tuple[list[GapSuggestion], str]:
    """Partners recommended for the lead and technology centres matching the step's name.

    Returns the suggestions and a note (e.g. that the recommender is being prepared).
    """
    taken = set(partnership.members.values_list("organisation_id", flat=True))
    lead = partnership.members.filter(role=MemberRole.LEAD).select_related("organisation").first()
    found: list[GapSuggestion] = []
    note = ""
    if lead is not None:
        try:
            found += [
                GapSuggestion(s.organisation, gettext("partner recommendation"), s.reasons)
                for s in partnering.suggest_partners(lead.organisation, k=k + len(taken))
                if s.organisation.pk not in taken
            ][:k]
        except RecommenderNotReady as exc:
            note = str(exc)
    found += [
        GapSuggestion(c.organisation, gettext("technology-centre finder"), c.reasons)
        for c in partnering.find_centres(text=step.name, k=k)
        if c.organisation.pk not in taken
    ]
    return found, note


@transaction.atomic
def fill_gap(user: Any, step: ValueChainStep, organisation: Organisation) -> Member:
    """Invite a suggested organisation as associated member to cover a value-chain step."""
    partnership = step.partnership
    member = invite_member(user, partnership, organisation, "associated")
    step.covered_by.add(organisation)
    log(partnership, user, f"asked {organisation.name} to cover “{step.name}”")
    return member


def add_pilot(
    user: Any,
    partnership: Partnership,
    title: str,
    budget: Decimal,
    trl_start: int,
    trl_target: int,
    kpis: str = "",
    participants: list[Organisation] | tuple[Organisation, ...] = (),
) -> Pilot:
    """Add a pilot or demonstration project (TRL 1-9, target not below start)."""
    require_edit(user, partnership)
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
    pilot = Pilot.objects.create(
        partnership=partnership,
        title=title.strip()[:200],
        budget=budget,
        trl_start=trl_start,
        trl_target=trl_target,
        kpis=kpis[:3000],
    )
    pilot.participants.set(participants)
    log(partnership, user, f"added the pilot “{pilot.title}”")
    return pilot


def set_focus(
    user: Any, partnership: Partnership, regions: list[str], technologies: list[str]
) -> Partnership:
    """Set the partnership's regions and technologies by their codes (unknown codes refused)."""
    from clustera.registry.models import Region, Technology

    require_edit(user, partnership)
    found_regions = list(Region.objects.filter(code__in=regions))
    found_technologies = list(Technology.objects.filter(code__in=technologies))
    for name, wanted, found in (
        ("regions", regions, found_regions),
        ("technologies", technologies, found_technologies),
    ):
        missing = sorted(set(wanted) - {item.code for item in found})
        if missing:
            raise InvalidInputError(gettext("unknown code"), field=name, value=missing[0])
    partnership.regions.set(found_regions)
    partnership.technologies.set(found_technologies)
    log(partnership, user, "changed the regions and technologies")
    return partnership


def add_document(user: Any, partnership: Partnership, title: str, upload: Any) -> Any:
    """Attach a document to the workspace (at most 10 MiB)."""
    from clustera.partnerships.models import WorkspaceDocument
    from clustera.partnerships.services import MAX_DOCUMENT_BYTES

    require_edit(user, partnership)
    if upload is None:
        raise InvalidInputError(gettext("choose a file"), field="file", value="")
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(
            gettext("documents may be at most 10 MiB"),
            field="file",
            value=f"{upload.name}, {upload.size} bytes",
        )
    document = WorkspaceDocument.objects.create(
        partnership=partnership, title=title[:200] or upload.name, file=upload
    )
    log(partnership, user, f"attached “{document.title}”")
    return document
