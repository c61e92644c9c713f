"""Changing and removing roadmap items, pilots, budget lines and risks: through the services
and the workspace's item pages; logged; a bankable proposal stays balanced; refusals write
nothing. And the roadmap's page cost does not grow with the number of items."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clustera.accounts.permissions import NotAllowed
from clustera.errors import InvalidInputError
from clustera.partnerships import investment, workspace, workspace_edits
from clustera.partnerships.models import BudgetLine, Milestone, Pilot, Risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def bankable(partnership, roles, registry, abroad):
    """A proposal at "bankable": two lines adding up to 300, one risk."""
    admin = roles["orgadmin"]
    proposal = investment.save_proposal(admin, partnership, "Line", Decimal(300))
    investment.add_budget_line(admin, proposal, registry["ORG2"], 2027, "erdf", Decimal(100))
    investment.add_budget_line(admin, proposal, abroad["XB"], 2028, "own", Decimal(200))
    investment.add_risk(admin, proposal, "Delays", 2, 3)
    return investment.move_stage(admin, proposal, "bankable")


def test_a_milestone_is_changed_and_removed_and_both_are_logged(partnership, roles):
    admin = roles["orgadmin"]
    first = workspace.add_milestone(admin, partnership, "A", date(2027, 1, 1), date(2027, 2, 1))
    second = workspace.add_milestone(
        admin, partnership, "B", date(2027, 3, 1), date(2027, 4, 1), depends_on=[first]
    )
    workspace_edits.edit_milestone(
        admin, second, "B2", date(2027, 3, 5), date(2027, 5, 1), "active", None, [first]
    )
    second.refresh_from_db()
    assert (second.title, second.status, second.due) == ("B2", "active", date(2027, 5, 1))
    with pytest.raises(InvalidInputError, match="“B2” starts on 2027-03-05, before this is due"):
        workspace_edits.edit_milestone(
            admin, first, "A", date(2027, 1, 1), date(2027, 3, 20), "planned"
        )
    assert Milestone.objects.get(pk=first.pk).due == date(2027, 2, 1)
    workspace_edits.delete_milestone(admin, first)
    assert list(partnership.milestones.values_list("title", flat=True)) == ["B2"]
    assert list(Milestone.objects.get(pk=second.pk).depends_on.all()) == []
    texts = list(partnership.activity.values_list("text", flat=True)[:2])
    assert texts == ["removed the roadmap item “A”", "changed the roadmap item “B2”"]


def test_a_pilot_is_changed_and_removed(partnership, roles, registry, abroad):
    admin = roles["otheradmin"]
    pilot = workspace.add_pilot(admin, partnership, "P", Decimal(10), 3, 5, "", [])
    workspace_edits.edit_pilot(
        admin, pilot, "P2", Decimal(20), 4, 7, "2 SMEs", "running", [abroad["XB"]]
    )
    pilot.refresh_from_db()
    assert (pilot.title, pilot.budget, pilot.trl_target, pilot.status) == (
        "P2",
        Decimal(20),
        7,
        "running",
    )
    assert [o.key for o in pilot.participants.all()] == ["ORG4"]
    with pytest.raises(InvalidInputError, match="target is below"):
        workspace_edits.edit_pilot(admin, pilot, "P3", Decimal(20), 6, 5, "", "running")
    assert Pilot.objects.get(pk=pilot.pk).title == "P2"
    workspace_edits.delete_pilot(admin, pilot)
    assert not Pilot.objects.exists()
    assert partnership.activity.first().text == "removed the pilot “P2”"


def test_a_bankable_proposal_keeps_its_budget_adding_up(bankable, roles, abroad):
    admin = roles["orgadmin"]
    line = bankable.lines.get(amount=200)
    with pytest.raises(InvalidInputError, match="add up to 350.00, the total is 300.00"):
        workspace_edits.edit_budget_line(admin, line, abroad["XB"], 2028, "own", Decimal(250))
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal(200)
    with pytest.raises(InvalidInputError, match="add up to 100.00"):
        workspace_edits.delete_budget_line(admin, BudgetLine.objects.get(pk=line.pk))
    assert bankable.lines.count() == 2
    line = bankable.lines.get(amount=200)  # the refused changes left the row as it was
    with pytest.raises(InvalidInputError, match="risk register is empty"):
        workspace_edits.delete_risk(admin, bankable.risks.get())
    assert Risk.objects.count() == 1
    # the same amount moved to another source keeps the total: allowed
    workspace_edits.edit_budget_line(admin, line, abroad["XB"], 2028, "private", Decimal(200))
    assert investment.financing(bankable).total == Decimal(300)
    investment.move_stage(admin, bankable, "business_plan")
    workspace_edits.delete_budget_line(admin, line)
    risk = bankable.risks.get()
    workspace_edits.edit_risk(admin, risk, "Late permits", 3, 4, "Start early")
    assert Risk.objects.get().description == "Late permits"
    workspace_edits.delete_risk(admin, risk)
    assert (bankable.lines.count(), bankable.risks.count()) == (1, 0)
    logged = list(bankable.partnership.activity.values_list("text", flat=True)[:3])
    assert logged[0] == "removed the risk “Late permits”"


def test_a_non_member_changes_nothing(partnership, roles, bankable):
    admin = roles["orgadmin"]
    milestone = workspace.add_milestone(admin, partnership, "A", date(2027, 1, 1), date(2027, 2, 1))
    for user in (roles["member"], roles["plain"], roles["analyst"]):
        with pytest.raises(NotAllowed):
            workspace_edits.edit_milestone(
                user, milestone, "X", date(2027, 1, 1), date(2027, 2, 1), "done"
            )
        with pytest.raises(NotAllowed):
            workspace_edits.delete_risk(user, bankable.risks.get())
    assert Milestone.objects.get().title == "A"
    assert Risk.objects.count() == 1


def test_the_item_pages_edit_and_delete(client, partnership, roles, bankable, registry):
    client.force_login(roles["thirdadmin"])
    milestone = workspace.add_milestone(
        roles["orgadmin"], partnership, "Kick-off", date(2027, 1, 1), date(2027, 1, 1)
    )
    url = f"/partnerships/{partnership.pk}/items/milestone/{milestone.pk}/"
    page = client.get(url).content.decode()
    assert 'value="Kick-off"' in page
    answer = client.post(
        url, {"title": "Kick-off", "start": "2027-01-01", "due": "2026-12-01", "status": "done"}
    )
    assert answer.status_code == 200
    assert "field &#x27;due&#x27;, value &#x27;2026-12-01&#x27;" in answer.content.decode()
    assert Milestone.objects.get().status == "planned"
    client.post(
        url, {"title": "Kick-off", "start": "2027-01-01", "due": "2027-01-01", "status": "done"}
    )
    assert Milestone.objects.get().status == "done"
    line = bankable.lines.get(amount=100)
    line_url = f"/partnerships/{partnership.pk}/items/budget_line/{line.pk}/"
    refused = client.post(line_url, {"delete": "1"})
    assert "would no longer be" in refused.content.decode()
    assert bankable.lines.count() == 2
    client.post(url, {"delete": "1"})
    assert not Milestone.objects.exists()
    workspace_page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert f"/items/budget_line/{line.pk}/" in workspace_page
    assert f"/items/risk/{bankable.risks.get().pk}/" in workspace_page


def test_the_roadmap_page_costs_the_same_queries_for_5_or_120_items(
    client, partnership, roles, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = roles["orgadmin"]
    lead = partnership.members.get(role="lead")
    client.force_login(admin)
    counts = []
    previous = None
    for total in (5, 120):
        while partnership.milestones.count() < total:
            n = partnership.milestones.count()
            start = date(2027, 1, 1) + timedelta(days=3 * n)
            previous = workspace.add_milestone(
                admin,
                partnership,
                f"Action {n}",
                start,
                start + timedelta(days=2),
                owner=lead,
                depends_on=[previous] if previous else [],
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # 50 rows a page; the timeline draws them all; page 3 holds the last ones
    assert page.count("/items/milestone/") == 50
    assert page.count("<rect") >= 120
    last = client.get(f"/partnerships/{partnership.pk}/?roadmap=3").content.decode()
    assert "<tr><td>Action 119</td>" in last and "<tr><td>Action 0</td>" not in last
    assert "<td>Action 118</td><td>" in last  # "after": the item it depends on
