"""Claiming and joining organisations: evidence, approvers, notifications, e-mail, members."""

from __future__ import annotations

import pytest

from clustera.accounts import selectors, services
from clustera.accounts.models import OrganisationMembership, OrganisationRequest
from clustera.errors import InvalidInputError
from clustera.partnering.models import Notification

pytestmark = pytest.mark.django_db


def test_a_claim_with_a_matching_domain_says_so_to_the_admins(
    roles, registry, claimant, mailoutbox
):
    request = services.request_organisation(claimant, registry["ORG1"], "claim", "I run it")
    assert request.domain_match and request.status == "pending"
    # Photon Valley has an admin (otheradmin): only they are asked, not the editors
    note = Notification.objects.get()
    assert note.user == roles["otheradmin"] and "ana asks to claim Photon Valley" in note.text
    assert "e-mail domain is the organisation's web domain" in note.text
    assert note.url == "/accounts/me/#requests-to-decide"
    assert [m.to for m in mailoutbox] == [["boss@pv.example"]]
    body = mailoutbox[0].body
    assert "Evidence: their e-mail domain (lab.pv.example)" in body and "I run it" in body
    assert "http://127.0.0.1:8000/accounts/me/" in body


def test_without_admins_the_editors_decide_and_no_evidence_is_said(users, registry, mailoutbox):
    users["editor"].email = "editor@platform.example"
    users["editor"].save()
    users["root"].email = "root@platform.example"
    users["root"].save()
    request = services.request_organisation(users["plain"], registry["ORG1"], "join")
    assert not request.domain_match
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"editor", "root"}
    assert sorted(m.to[0] for m in mailoutbox) == [
        "editor@platform.example",
        "root@platform.example",
    ]
    assert "No evidence" in mailoutbox[0].body and "a platform editor" in mailoutbox[0].body


def test_approving_a_claim_makes_an_admin_and_tells_the_claimant(
    roles, registry, claimant, mailoutbox
):
    request = services.request_organisation(claimant, registry["ORG1"], "claim")
    mailoutbox.clear()
    services.decide_request(roles["otheradmin"], request.pk, approve=True)
    assert selectors.role_in(claimant, registry["ORG1"].pk) == "admin"
    assert mailoutbox[0].to == ["ana@lab.pv.example"]
    assert "was approved" in mailoutbox[0].subject and "organisation admin" in mailoutbox[0].body
    assert Notification.objects.filter(user=claimant, text__contains="approved").exists()
    with pytest.raises(InvalidInputError):  # decided once
        services.decide_request(roles["otheradmin"], request.pk, approve=False)


def test_a_declined_join_writes_no_membership(roles, registry, claimant):
    request = services.request_organisation(claimant, registry["ORG2"], "join")
    services.decide_request(roles["orgadmin"], request.pk, approve=False)
    assert not OrganisationMembership.objects.filter(user=claimant).exists()
    assert OrganisationRequest.objects.get().status == "declined"


def test_requests_are_refused_with_the_field_named_and_nothing_written(roles, registry, claimant):
    services.request_organisation(claimant, registry["ORG2"], "join")
    cases = [
        (claimant, registry["ORG2"], "join", "organisation"),  # already waiting
        (roles["orgadmin"], registry["ORG2"], "claim", "organisation"),  # already admin
        (claimant, registry["ORG3"], "claim", "organisation"),  # private: not visible
        (claimant, registry["ORG1"], "own", "kind"),
    ]
    for user, organisation, kind, field in cases:
        with pytest.raises(InvalidInputError) as raised:
            services.request_organisation(user, organisation, kind)
        assert raised.value.field == field
    assert OrganisationRequest.objects.count() == 1


def test_the_account_page_suggests_organisations_at_the_users_domain(client, roles, claimant):
    client.force_login(claimant)
    page = client.get("/accounts/me/").content.decode()
    assert "Is this your organisation?" in page and "Photon Valley Cluster" in page
    found = client.get("/accounts/me/?q=lumen").content.decode()
    assert (
        "Lumen Optics" in found
        and "Hidden Works" not in client.get("/accounts/me/?q=hidden").content.decode()
    )


def test_claim_and_approve_through_the_pages(client, roles, registry, claimant):
    client.force_login(claimant)
    response = client.post(
        f"/accounts/organisations/{registry['ORG1'].pk}/request/", {"kind": "claim"}, follow=True
    )
    assert "was sent to its administrators" in response.content.decode()
    client.force_login(roles["otheradmin"])
    page = client.get("/accounts/me/").content.decode()
    assert (
        "Requests to decide" in page and "E-mail domain matches the organisation's website" in page
    )
    request = OrganisationRequest.objects.get()
    client.post(f"/accounts/requests/{request.pk}/decide/", {"decision": "approve"})
    assert selectors.role_in(claimant, registry["ORG1"].pk) == "admin"


def test_admins_change_roles_and_remove_members_but_keep_one_admin(roles, registry, claimant):
    membership = OrganisationMembership.objects.create(
        user=claimant, organisation=registry["ORG2"], role="member"
    )
    services.change_role(roles["orgadmin"], membership.pk, "admin")
    own = OrganisationMembership.objects.get(user=roles["orgadmin"])
    services.change_role(claimant, own.pk, "member")  # the new admin demotes the old one
    with pytest.raises(InvalidInputError) as raised:
        services.remove_member(claimant, membership.pk)  # the last admin cannot leave
    assert "last admin" in raised.value.message and raised.value.field == "membership"
    services.remove_member(claimant, own.pk)
    assert list(OrganisationMembership.objects.filter(organisation=registry["ORG2"])) == [
        membership
    ]


def test_the_account_page_lists_members_for_admins_with_few_queries(
    client, roles, registry, django_assert_max_num_queries
):
    for index in range(5):
        user = type(roles["plain"]).objects.create_user(f"staff{index}", password="x")
        OrganisationMembership.objects.create(
            user=user, organisation=registry["ORG2"], role="member"
        )
    client.force_login(roles["orgadmin"])
    with django_assert_max_num_queries(20):
        page = client.get("/accounts/me/").content.decode()
    assert page.count("Save role") == 6 and "staff4" in page
