"""Who may do what with calls, applications and evaluations (object-level rules).

The services call these before every write; the pages and the API use them to show or hide
buttons. Each returns a bool; the services raise ``NotAllowed`` on False.
"""

from __future__ import annotations

from typing import Any

from clustera.accounts.permissions import is_editor
from clustera.partnerships import selectors
from clustera.partnerships.models import Application, ApplicationPartner, Assignment, Call


def may_manage_calls(user: Any) -> bool:
    """Editors (and superusers) publish calls, appoint evaluators and decide."""
    return is_editor(user)


def may_lead(user: Any, organisation_id: int) -> bool:
    """Admins of an organisation may start and edit its applications."""
    return organisation_id in selectors.organisation_ids_of(user, admin_only=True)


def may_edit_application(user: Any, application: Application) -> bool:
    """The lead organisation's admins edit the application."""
    return may_lead(user, application.lead_id)


def may_answer_invitation(user: Any, partner: ApplicationPartner) -> bool:
    """The invited organisation's admins accept or decline."""
    return partner.organisation_id in selectors.organisation_ids_of(user, admin_only=True)


def may_score(user: Any, assignment: Assignment) -> bool:
    """Only the assigned evaluator scores, once no conflict is declared."""
    return bool(getattr(user, "is_authenticated", False)) and assignment.evaluator_id == user.pk


def may_see_call(user: Any, call: Call) -> bool:
    """Published calls are public; drafts are for editors."""
    return call.status != "draft" or is_editor(user)


def is_workspace_member(user: Any, partnership: Any) -> bool:
    """The user belongs to an organisation that is an active member of the partnership."""
    own = selectors.organisation_ids_of(user)
    return bool(own) and partnership.members.filter(active=True, organisation_id__in=own).exists()


def may_view_workspace(user: Any, partnership: Any) -> bool:
    """The workspace is private to its members (and editors)."""
    return is_editor(user) or is_workspace_member(user, partnership)


def may_edit_workspace(user: Any, partnership: Any) -> bool:
    """Members' users work in the workspace together; editors too."""
    return may_view_workspace(user, partnership)


def may_manage_members(user: Any, partnership: Any) -> bool:
    """The lead organisation's admins (and editors) invite members and publish the summary."""
    if is_editor(user):
        return True
    admin_of = selectors.organisation_ids_of(user, admin_only=True)
    return partnership.members.filter(
        role="lead", active=True, organisation_id__in=admin_of
    ).exists()
