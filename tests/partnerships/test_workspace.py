"""The partnership workspace: members, roadmap, value chain, pilots, the investment proposal and
its financing table, the activity log, and the refusals that write nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import investment, workspace
from clustera.partnerships.models import BudgetLine, Member, Milestone, Partnership, Pilot

pytestmark = pytest.mark.django_db


def test_the_workspace_opens_from_the_accepted_application_with_its_consortium(partnership, abroad):
    roles = {m.organisation.key: m.role for m in partnership.members.select_related("organisation")}
    assert roles == {"ORG2": "lead", "ORG4": "partner", "ORG5": "partner"}
    assert [s.name for s in partnership.steps.all()] == [
        "Photonic components",
        "System integration",
        "Field trials",
    ]
    assert partnership.visibility == "private"
    assert "opened the workspace" in partnership.activity.first().text


def test_a_draft_application_opens_no_workspace(application, roles):
    with pytest.raises(InvalidInputError, match="accepted"):
        workspace.create_partnership(roles["orgadmin"], "X", application.lead, application)
    assert not Partnership.objects.exists()


def test_milestones_respect_their_dependencies(partnership, roles):
    first = workspace.add_milestone(
        roles["orgadmin"], partnership, "Strategy", date(2027, 1, 1), date(2027, 3, 31)
    )
    with pytest.raises(InvalidInputError, match="starts before “Strategy” is due on 2027-03-31"):
        workspace.add_milestone(
            roles["otheradmin"],
            partnership,
            "Pilots",
            date(2027, 3, 1),
            date(2027, 9, 1),
            depends_on=[first],
        )
    with pytest.raises(InvalidInputError, match="due date is before"):
        workspace.add_milestone(
            roles["orgadmin"], partnership, "Bad", date(2027, 5, 1), date(2027, 4, 1)
        )
    later = workspace.add_milestone(
        roles["otheradmin"],
        partnership,
        "Pilots",
        date(2027, 4, 1),
        date(2027, 9, 1),
        depends_on=[first],
    )
    assert list(later.depends_on.all()) == [first] and Milestone.objects.count() == 2


def test_a_non_member_cannot_edit_and_nothing_is_written(partnership, roles):
    for outsider in ("plain", "member", "analyst"):
        with pytest.raises(NotAllowed):
            workspace.add_milestone(
                roles[outsider], partnership, "Intrusion", date(2027, 1, 1), date(2027, 1, 2)
            )
        with pytest.raises(NotAllowed):
            workspace.update_strategy(roles[outsider], partnership, {"vision": "mine"})
    assert not Milestone.objects.exists()
    assert Partnership.objects.get(pk=partnership.pk).vision != "mine"


def test_only_the_lead_admin_publishes_the_summary(partnership, roles):
    with pytest.raises(NotAllowed):
        workspace.update_strategy(roles["otheradmin"], partnership, {"visibility": "public"})
    workspace.update_strategy(roles["orgadmin"], partnership, {"visibility": "public"})
    assert Partnership.objects.get(pk=partnership.pk).visibility == "public"


def test_filling_a_gap_invites_the_organisation_which_joins_on_acceptance(
    partnership, roles, registry, mailoutbox
):
    from django.contrib.auth import get_user_model

    from clustera.accounts.models import OrganisationMembership

    step = partnership.steps.get(name="Field trials")
    cluster = registry["ORG1"]
    admin = get_user_model().objects.create_user("pvadmin", email="pv@example.org")
    OrganisationMembership.objects.create(user=admin, organisation=cluster, role="admin")
    member = workspace.fill_gap(roles["orgadmin"], step, cluster)
    assert (member.role, member.active) == ("associated", False)
    assert list(step.covered_by.all()) == [cluster]
    assert mailoutbox[-1].to == ["pv@example.org"]
    workspace.accept_membership(admin, member)
    assert Member.objects.get(pk=member.pk).active


def test_pilots_check_the_trl(partnership, roles, registry):
    with pytest.raises(InvalidInputError, match="trl_target"):
        workspace.add_pilot(roles["orgadmin"], partnership, "Farm", Decimal(1000), 6, 4)
    with pytest.raises(InvalidInputError, match="trl_start"):
        workspace.add_pilot(roles["orgadmin"], partnership, "Farm", Decimal(1000), 0, 4)
    pilot = workspace.add_pilot(
        roles["orgadmin"], partnership, "Farm", Decimal(1000), 4, 7, "yield +5%", [registry["ORG2"]]
    )
    assert Pilot.objects.get().participants.get().type == "sme" and pilot.trl_target == 7


def _proposal_with_lines(partnership, roles, registry, abroad):
    proposal = investment.save_proposal(
        roles["orgadmin"], partnership, "Photonic farms", Decimal("1500000"), "Agri Fund"
    )
    investment.add_budget_line(
        roles["orgadmin"], proposal, registry["ORG2"], 2027, "erdf", Decimal("600000")
    )
    investment.add_budget_line(
        roles["orgadmin"], proposal, registry["ORG2"], 2027, "own", Decimal("150000")
    )
    investment.add_budget_line(
        roles["otheradmin"], proposal, abroad["XB"], 2028, "investeu", Decimal("500000")
    )
    return proposal


def test_the_financing_table_is_computed_and_adds_up(partnership, roles, registry, abroad):
    proposal = _proposal_with_lines(partnership, roles, registry, abroad)
    table = investment.financing(proposal)
    assert [(r[0], r[1], r[3]) for r in table.rows] == [
        ("Baltic Robotics Cluster", 2028, Decimal("500000")),
        ("Lumen Optics", 2027, Decimal("750000")),
    ]
    totals = dict(zip(table.sources, table.source_totals, strict=True))
    assert (totals["erdf"], totals["own"], totals["investeu"]) == (
        Decimal(600000),
        Decimal(150000),
        Decimal(500000),
    )
    assert table.total == Decimal("1250000")


def test_budget_lines_that_do_not_add_up_keep_the_proposal_from_bankable(
    partnership, roles, registry, abroad
):
    proposal = _proposal_with_lines(partnership, roles, registry, abroad)
    investment.add_risk(roles["orgadmin"], proposal, "Late permits", 3, 4, "Start early")
    with pytest.raises(
        InvalidInputError, match="add up to 1,250,000.00, the total is 1,500,000.00"
    ):
        investment.move_stage(roles["orgadmin"], proposal, "bankable")
    assert type(proposal).objects.get().stage == "idea"
    investment.add_budget_line(
        roles["thirdadmin"], proposal, abroad["XC"], 2028, "private", Decimal("250000")
    )
    assert investment.move_stage(roles["orgadmin"], proposal, "bankable").stage == "bankable"
    with pytest.raises(InvalidInputError, match="only a submitted proposal"):
        investment.move_stage(roles["orgadmin"], proposal, "funded")


def test_a_budget_line_of_a_non_member_or_unknown_source_is_refused(
    partnership, roles, registry, abroad
):
    proposal = investment.save_proposal(roles["orgadmin"], partnership, "P", Decimal(10))
    with pytest.raises(InvalidInputError, match="not a member"):
        investment.add_budget_line(
            roles["orgadmin"], proposal, abroad["NO"], 2027, "erdf", Decimal(5)
        )
    with pytest.raises(InvalidInputError, match="'source'"):
        investment.add_budget_line(
            roles["orgadmin"], proposal, registry["ORG2"], 2027, "lottery", Decimal(5)
        )
    with pytest.raises(NotAllowed):
        investment.add_budget_line(
            roles["plain"], proposal, registry["ORG2"], 2027, "erdf", Decimal(5)
        )
    assert not BudgetLine.objects.exists()


def test_the_dossier_pdf_holds_the_partnership_and_its_financing(
    partnership, roles, registry, abroad
):
    from io import BytesIO

    from pypdf import PdfReader

    from clustera.partnerships.dossier import render_dossier

    workspace.add_milestone(
        roles["orgadmin"], partnership, "Joint strategy", date(2027, 1, 1), date(2027, 3, 31)
    )
    workspace.add_pilot(
        roles["orgadmin"],
        partnership,
        "Smart greenhouse",
        Decimal(250000),
        5,
        7,
        "",
        [registry["ORG2"]],
    )
    _proposal_with_lines(partnership, roles, registry, abroad)
    text = "".join(
        page.extract_text()
        for page in PdfReader(BytesIO(render_dossier(partnership.pk, "pdf"))).pages
    )
    for expected in (
        "Photonic value chains",
        "Joint strategy",
        "Smart greenhouse",
        "Financing table",
        "1,250,000.00",
        "Field trials",
    ):
        assert expected in text, expected
