"""Expressing interest: only for one's own organisation, notifies the other's admins, no personal data."""

from __future__ import annotations

import pytest

from clustera.accounts.models import OrganisationMembership
from clustera.partnering.models import Conversation, Interest, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster_admin(users, registry, django_user_model):
    user = django_user_model.objects.create_user("clusteradmin", password="pw-cluster-1")
    OrganisationMembership.objects.create(user=user, organisation=registry["ORG1"], role="admin")
    return user


def test_interest_notifies_the_other_admins_without_contact_data(
    client, users, registry, cluster_admin
):
    client.force_login(users["orgadmin"])
    response = client.post(
        f"/organisations/{registry['ORG1'].pk}/interest/",
        {"from_organisation": registry["ORG2"].pk, "message": "Joint photonics pilot?"},
    )
    assert response.status_code == 302
    assert Interest.objects.filter(
        from_organisation=registry["ORG2"], to_organisation=registry["ORG1"]
    ).exists()
    conversation = Conversation.objects.get()
    assert response["Location"] == f"/conversations/{conversation.pk}/"
    note = Notification.objects.get(user=cluster_admin)
    assert "Lumen Optics" in note.text and "Joint photonics pilot?" in note.text
    assert "@" not in note.text and note.url == f"/conversations/{conversation.pk}/"
    client.force_login(cluster_admin)
    assert "Notifications (1)" in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "Joint photonics pilot?" in page
    assert not Notification.objects.filter(user=cluster_admin, read=False).exists()


def test_cannot_act_for_someone_elses_organisation(client, users, registry):
    client.force_login(users["plain"])
    response = client.post(
        f"/organisations/{registry['ORG1'].pk}/interest/",
        {"from_organisation": registry["ORG2"].pk},
    )
    assert response.status_code == 403 and not Interest.objects.exists()


def test_private_targets_and_repeats_are_refused(client, users, registry):
    client.force_login(users["orgadmin"])
    assert (
        client.post(
            f"/organisations/{registry['ORG3'].pk}/interest/",
            {"from_organisation": registry["ORG2"].pk},
        ).status_code
        == 404
    )
    url = f"/organisations/{registry['ORG1'].pk}/interest/"
    client.post(url, {"from_organisation": registry["ORG2"].pk})
    response = client.post(url, {"from_organisation": registry["ORG2"].pk}, follow=True)
    assert "already expressed" in response.content.decode()
    assert Interest.objects.count() == 1


def test_anonymous_must_log_in(client, registry):
    response = client.post(
        f"/organisations/{registry['ORG1'].pk}/interest/", {"from_organisation": 1}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
