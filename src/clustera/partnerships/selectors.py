"""Reads of calls, applications and evaluations, restricted to what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from clustera.accounts.models import OrganisationMembership, OrganisationRole
from clustera.accounts.permissions import is_editor
from clustera.partnerships.models import (
    Application,
    ApplicationPartner,
    Assignment,
    Call,
    CallEvaluator,
    CallStatus,
)
from clustera.registry.models import Organisation


def organisation_ids_of(user: Any, admin_only: bool = False) -> set[int]:
    """Ids of the organisations the user belongs to (or administers)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    rows = OrganisationMembership.objects.filter(user=user)
    if admin_only:
        rows = rows.filter(role=OrganisationRole.ADMIN)
    return set(rows.values_list("organisation_id", flat=True))


def visible_calls(user: Any) -> QuerySet[Call]:
    """Published calls for everyone; drafts too for editors."""
    calls = Call.objects.all()
    if not is_editor(user):
        calls = calls.exclude(status=CallStatus.DRAFT)
    return calls.annotate(
        submitted_count=Count("applications", filter=~Q(applications__status="draft"))
    ).order_by("-deadline", "pk")


def call_detail(user: Any, call_id: int) -> Call | None:
    """One call with its criteria, themes and documents, or None when the user may not see it."""
    return (
        visible_calls(user)
        .prefetch_related("criteria", "documents", "technologies", "ecosystems", "s3_priorities")
        .filter(pk=call_id)
        .first()
    )


def application_ids_visible_to(user: Any) -> QuerySet[Application]:
    """Applications the user may read: of their organisations (lead or invited partner),
    assigned to them as evaluator (without conflict), or all for editors."""
    applications = Application.objects.all()
    if is_editor(user):
        return applications
    if not getattr(user, "is_authenticated", False):
        return applications.none()
    own = organisation_ids_of(user)
    return applications.filter(
        Q(lead_id__in=own) | Q(partners__organisation_id__in=own) | Q(assignments__evaluator=user)
    ).distinct()


def application_detail(user: Any, application_id: int) -> Application | None:
    """One application with its partners, documents and assignments, or None if hidden."""
    return (
        application_ids_visible_to(user)
        .select_related("call", "lead")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ApplicationPartner.objects.select_related("organisation").order_by("pk"),
            ),
            "documents",
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("evaluator").prefetch_related("scores"),
            ),
            "call__criteria",
        )
        .filter(pk=application_id)
        .first()
    )


def applications_of_call(user: Any, call: Call) -> list[Application]:
    """The applications of a call that the user may see, with their lead."""
    return list(
        application_ids_visible_to(user)
        .filter(call=call)
        .select_related("lead")
        .order_by("rank", "pk")
    )


def invitations_for(user: Any) -> list[ApplicationPartner]:
    """Open invitations to the organisations the user administers."""
    return list(
        ApplicationPartner.objects.filter(
            organisation_id__in=organisation_ids_of(user, admin_only=True), status="invited"
        ).select_related("application", "application__lead", "organisation")
    )


def assignments_of(user: Any, call: Call | None = None) -> list[Assignment]:
    """The user's evaluation assignments (optionally of one call)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Assignment.objects.filter(evaluator=user).select_related(
        "application", "application__call", "application__lead"
    )
    if call is not None:
        rows = rows.filter(application__call=call)
    return list(rows.order_by("application__call", "application__pk"))


def is_call_evaluator(user: Any, call: Call) -> bool:
    """The user holds the evaluator role for the call."""
    if not getattr(user, "is_authenticated", False):
        return False
    return CallEvaluator.objects.filter(call=call, user=user).exists()


def consortium(application: Application) -> list[Organisation]:
    """The lead followed by the partners that accepted the invitation."""
    partners = [p.organisation for p in application.partners.all() if p.status == "accepted"]
    return [application.lead, *partners]


def organisations_by_ids(ids: list[int]) -> dict[int, Organisation]:
    """Organisations by id."""
    return Organisation.objects.in_bulk(ids)


def organisation(organisation_id: int) -> Organisation | None:
    """One organisation, or None."""
    return Organisation.objects.filter(pk=organisation_id).first()


def admins_of(organisation_ids: list[int]) -> list[Any]:
    """The users administering these organisations."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            organisation_memberships__organisation_id__in=organisation_ids,
            organisation_memberships__role=OrganisationRole.ADMIN,
        )
        .distinct()
    )


def organisation_by_id_or_name(text: str) -> Organisation | None:
    """The organisation with this id, or else this exact name (case-insensitive)."""
    if text.isdigit():
        return Organisation.objects.filter(pk=int(text)).first()
    return Organisation.objects.filter(name__iexact=text).order_by("pk").first()


def application_partner(partner_id: int) -> ApplicationPartner | None:
    """One invitation with its application and organisation."""
    return (
        ApplicationPartner.objects.select_related("application", "organisation")
        .filter(pk=partner_id)
        .first()
    )


def partnerships_visible_to(user: Any) -> QuerySet[Any]:
    """Partnerships whose workspace the user may open (members, editors) or whose summary is
    public."""
    from clustera.partnerships.models import Partnership

    found = Partnership.objects.all()
    if is_editor(user):
        return found
    own = organisation_ids_of(user)
    return found.filter(
        Q(visibility="public") | Q(members__active=True, members__organisation_id__in=own)
    ).distinct()


@dataclass(frozen=True)
class RoadmapItem:
    """One roadmap item as the pages, the dossier and the API show it (plain values)."""

    id: int
    title: str
    owner: int | None
    owner_organisation: int | None
    owner_name: str
    start: date
    due: date
    status: str
    status_label: str
    depends_on: tuple[int, ...]
    after: str


def roadmap(partnership_id: int) -> list[RoadmapItem]:
    """The roadmap in two queries and one pass: no model instances, nothing left to look up.

    Its items carry the owner's name, the status label and the titles of what each depends on.
    """
    from clustera.partnerships.models import Milestone, MilestoneStatus

    rows = list(
        Milestone.objects.filter(partnership_id=partnership_id).values_list(
            "id",
            "title",
            "owner_id",
            "owner__organisation_id",
            "owner__organisation__name",
            "start",
            "due",
            "status",
        )
    )
    through = Milestone.depends_on.through
    needs: dict[int, list[int]] = {}
    for source, target in through.objects.filter(
        from_milestone__partnership_id=partnership_id
    ).values_list("from_milestone_id", "to_milestone_id"):
        needs.setdefault(source, []).append(target)
    titles = {row[0]: row[1] for row in rows}
    labels = dict(MilestoneStatus.choices)
    return [
        RoadmapItem(
            pk,
            title,
            owner,
            organisation,
            name or "",
            start,
            due,
            status,
            str(labels.get(status, status)),
            tuple(sorted(needs.get(pk, ()))),
            "; ".join(titles[d] for d in sorted(needs.get(pk, ())) if d in titles),
        )
        for pk, title, owner, organisation, name, start, due, status in rows
    ]


def budget_lines(proposal: Any) -> list[tuple[int, str, int, str, Any, str]]:
    """The proposal's budget lines as (id, partner, year, source label, amount, description)."""
    from clustera.partnerships.models import FundingSource

    labels = dict(FundingSource.choices)
    return [
        (pk, name, year, str(labels.get(source, source)), amount, text)
        for pk, name, year, source, amount, text in proposal.lines.values_list(
            "id", "organisation__name", "year", "source", "amount", "description"
        )
    ]


def workspace(partnership_id: int) -> Any:
    """One partnership with everything its workspace page shows, in a fixed number of queries."""
    from clustera.partnerships.models import Member, Partnership, Pilot, ValueChainStep

    brief = Organisation.objects.only("id", "name", "type", "country")
    return (
        Partnership.objects.filter(pk=partnership_id)
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related("organisation")),
            "technologies",
            "regions",
            "indicators",
            # nested many-to-many go to plain lists (to_attr): no queryset per row
            Prefetch(
                "steps",
                queryset=ValueChainStep.objects.prefetch_related(
                    Prefetch("covered_by", queryset=brief, to_attr="covering")
                ),
            ),
            Prefetch(
                "pilots",
                queryset=Pilot.objects.prefetch_related(
                    Prefetch("participants", queryset=brief, to_attr="people")
                ),
            ),
            "documents",
        )
        .first()
    )


def activity_of(partnership: Any, limit: int = 30) -> list[Any]:
    """The latest entries of the workspace's activity log, with their users."""
    return list(partnership.activity.select_related("user")[:limit])


def workspace_invitations_for(user: Any) -> list[Any]:
    """Open invitations to join partnerships, for the organisations the user administers."""
    from clustera.partnerships.models import Member

    return list(
        Member.objects.filter(
            active=False, organisation_id__in=organisation_ids_of(user, admin_only=True)
        ).select_related("partnership", "organisation")
    )


def member_organisations(partnership: Any, member_ids: list[str]) -> list[Organisation]:
    """The organisations of the given members (ids as posted) of a partnership."""
    ids = [int(v) for v in member_ids if v.isdigit()]
    return [
        m.organisation
        for m in partnership.members.filter(pk__in=ids).select_related("organisation")
    ]


def partnership_of(application: Application) -> Any:
    """The workspace opened from an application, or None."""
    from clustera.partnerships.models import Partnership

    return Partnership.objects.filter(application=application).first()


def find_item(partnership: Any, kind: str, item_id: int) -> Any:
    """The item of this partnership, or None."""
    from clustera.partnerships.models import BudgetLine, Milestone, Pilot, Risk

    found: Any
    if kind == "milestone":
        found = Milestone.objects.filter(partnership=partnership, pk=item_id)
    elif kind == "pilot":
        found = Pilot.objects.filter(partnership=partnership, pk=item_id)
    elif kind == "budget_line":
        found = BudgetLine.objects.filter(proposal__partnership=partnership, pk=item_id)
    elif kind == "risk":
        found = Risk.objects.filter(proposal__partnership=partnership, pk=item_id)
    else:
        return None
    return found.first()
