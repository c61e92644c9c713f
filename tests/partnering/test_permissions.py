"""Who may do what in partnering: anonymous, plain user, member, organisation admin, editor."""

from __future__ import annotations

import pytest

from clustera.partnering.models import Interest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "sender", "status"),
    [
        (None, "ORG2", 302),  # to the login page
        ("plain", "ORG2", 403),
        ("orgadmin", "ORG3", 403),  # admin of ORG2, not of ORG3
        ("orgadmin", "ORG2", 302),  # back to the profile, interest recorded
        ("member", "ORG3", 302),  # members may act for their organisation
        ("editor", "ORG2", 302),  # platform editors may act for any
    ],
)
def test_expressing_interest_in_organisation_1(client, users, registry, role, sender, status):
    if role:
        client.force_login(users[role])
    response = client.post(
        f"/organisations/{registry['ORG1'].pk}/interest/",
        {"from_organisation": registry[sender].pk},
    )
    assert response.status_code == status
    recorded = Interest.objects.filter(from_organisation=registry[sender]).exists()
    assert recorded is (status == 302 and role is not None)


@pytest.mark.parametrize(
    ("role", "status"), [(None, 404), ("plain", 404), ("member", 404), ("orgadmin", 200)]
)
def test_suggestions_panel_is_for_the_organisations_own_members(
    client, users, registry, refit_requests, role, status
):
    if role:
        client.force_login(users[role])
    response = client.get(f"/organisations/{registry['ORG2'].pk}/suggestions/")
    assert response.status_code == status


@pytest.mark.parametrize(("role", "visible"), [(None, False), ("plain", False), ("member", True)])
def test_suggestions_for_a_private_organisation_only_for_who_sees_it(
    client, users, registry, bearer, refit_requests, role, visible
):
    headers = bearer(role) if role else {}
    response = client.get(f"/api/match/partners?organisation={registry['ORG3'].pk}", **headers)
    # visible: the model is asked for (not ready in this test); hidden: 404 before it
    assert response.status_code == (503 if visible else 404)


def test_notifications_need_a_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


CONVERSATION_ROLES = [
    "anonymous",
    "plain",
    "member",
    "orgadmin",
    "clusteradmin",
    "otheradmin",
    "editor",
    "analyst",
    "root",
]


@pytest.fixture
def conversation_roles(users, registry, django_user_model):
    """The parties (orgadmin for ORG2, clusteradmin for ORG1) and everyone else."""
    from django.contrib.auth.models import Group

    from clustera.accounts.models import OrganisationMembership
    from clustera.partnering import services

    cluster = django_user_model.objects.create_user("clusteradmin", password="pw-c-1")
    OrganisationMembership.objects.create(user=cluster, organisation=registry["ORG1"], role="admin")
    other = django_user_model.objects.create_user("otheradmin", password="pw-o-1")
    OrganisationMembership.objects.create(user=other, organisation=registry["ORG3"], role="admin")
    analyst = django_user_model.objects.create_user("analyst", password="pw-a-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    interest = services.express_interest(
        users["orgadmin"], registry["ORG2"], registry["ORG1"], "Shall we?"
    )
    people = {**users, "clusteradmin": cluster, "otheradmin": other, "analyst": analyst}
    people["anonymous"] = None
    return people, interest.conversation


@pytest.mark.parametrize("role", CONVERSATION_ROLES)
def test_who_reads_and_writes_in_a_conversation(client, conversation_roles, role):
    from clustera.partnering.models import Message

    people, conversation = conversation_roles
    party = role in {"orgadmin", "clusteradmin"}
    if people[role] is not None:
        client.force_login(people[role])
    url = f"/conversations/{conversation.pk}/"
    read = client.get(url)
    wrote = client.post(url, {"message": f"from {role}"})
    if role == "anonymous":
        assert read.status_code == wrote.status_code == 302
    else:
        assert read.status_code == (200 if party else 404)
        assert wrote.status_code == (302 if party else 404)
    assert Message.objects.filter(text=f"from {role}").exists() is party


@pytest.mark.parametrize("role", CONVERSATION_ROLES)
def test_who_accepts_and_shares_contacts(client, conversation_roles, role):
    people, conversation = conversation_roles
    if people[role] is not None:
        client.force_login(people[role])
    action = f"/conversations/{conversation.pk}/action/"
    accepted = client.post(action, {"action": "accept"})
    shared = client.post(action, {"action": "share"})
    conversation.refresh_from_db()
    expected = {
        "anonymous": (302, 302),
        "orgadmin": (403, 302),  # the sender shares, but does not accept its own proposal
        "clusteradmin": (302, 302),
    }.get(role, (404, 404))
    assert (accepted.status_code, shared.status_code) == expected
    assert (conversation.status == "accepted") is (role == "clusteradmin")
    assert conversation.initiator_shares_contacts is (role == "orgadmin")
    assert conversation.recipient_shares_contacts is (role == "clusteradmin")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("plain", 403),
        ("member", 403),
        ("orgadmin", 403),
        ("analyst", 403),
        ("editor", 200),
        ("root", 200),
    ],
)
def test_only_editors_open_the_forwarding_queue(client, users, role, status):
    from django.contrib.auth.models import Group

    if role == "analyst":
        users["plain"].groups.add(Group.objects.get(name="analyst"))
        role = "plain"
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get("/conversations/forwarding/").status_code == status
