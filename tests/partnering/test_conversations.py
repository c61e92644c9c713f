"""Expressing interest opens a conversation: e-mail and in-app notice, replies, answers,
contact consent, and the editors' queue for organisations nobody reads."""

from __future__ import annotations

import importlib

import pytest

from clustera.accounts.models import OrganisationMembership
from clustera.partnering import services
from clustera.partnering.models import Conversation, Interest, Message, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster_admin(users, registry, django_user_model):
    users["orgadmin"].email = "admin@lumen.example"
    users["orgadmin"].save()
    user = django_user_model.objects.create_user(
        "clusteradmin", email="boss@pv.example", password="pw-cluster-1"
    )
    OrganisationMembership.objects.create(user=user, organisation=registry["ORG1"], role="admin")
    return user


def _express(client, registry, message="Joint photonics pilot?"):
    return client.post(
        f"/organisations/{registry['ORG1'].pk}/interest/",
        {"from_organisation": registry["ORG2"].pk, "message": message},
        follow=True,
    )


def test_the_receiving_admins_get_it_by_e_mail_and_reply(
    client, users, registry, cluster_admin, mailoutbox
):
    client.force_login(users["orgadmin"])
    page = client.get(f"/organisations/{registry['ORG1'].pk}/").content.decode()
    assert "administrators are told in the app and by e-mail" in page
    response = _express(client, registry)
    conversation = Conversation.objects.get()
    assert response.redirect_chain[-1][0] == f"/conversations/{conversation.pk}/"
    assert "were told in the app and by e-mail" in response.content.decode()
    assert [m.to for m in mailoutbox] == [["boss@pv.example"]]
    mail = mailoutbox[0]
    assert "Lumen Optics would like to work with Photon Valley Cluster" in mail.subject
    assert f"http://testserver/conversations/{conversation.pk}/" in mail.body
    assert "admin@lumen.example" not in mail.body  # no contact data before consent

    client.force_login(cluster_admin)
    assert "Joint photonics pilot?" in client.get("/conversations/").content.decode()
    client.post(f"/conversations/{conversation.pk}/", {"message": "Gladly: next week?"})
    assert mailoutbox[-1].to == ["admin@lumen.example"]
    assert "Photon Valley Cluster replied" in mailoutbox[-1].body
    assert Notification.objects.filter(user=users["orgadmin"], text__contains="Gladly").exists()
    client.force_login(users["orgadmin"])
    thread = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert thread.index("Joint photonics pilot?") < thread.index("Gladly: next week?")


def test_an_organisation_without_accounts_is_announced_before_and_queued_after(
    client, users, registry, mailoutbox
):
    client.force_login(users["orgadmin"])
    page = client.get(f"/organisations/{registry['ORG1'].pk}/").content.decode()
    assert "has no active account yet; the platform&#x27;s editors will forward" in page.replace(
        "'", "&#x27;"
    )
    response = _express(client, registry).content.decode()
    assert "no active account yet" in response and "notified" not in response
    assert "were told" not in response and not mailoutbox
    conversation = Conversation.objects.get()
    assert conversation.needs_forwarding
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"editor", "root"}
    client.force_login(users["editor"])
    queue = client.get("/conversations/forwarding/").content.decode()
    assert "Joint photonics pilot?" in queue and "Photon Valley Cluster" in queue
    client.post("/conversations/forwarding/", {"conversation": conversation.pk})
    assert "Nothing to forward." in client.get("/conversations/forwarding/").content.decode()
    conversation.refresh_from_db()
    assert conversation.forwarded_by == users["editor"]


def test_contacts_are_shown_only_when_both_sides_agree(client, users, registry, cluster_admin):
    client.force_login(users["orgadmin"])
    _express(client, registry)
    conversation = Conversation.objects.get()
    url = f"/conversations/{conversation.pk}/"
    client.post(f"{url}action/", {"action": "share"})
    assert "ada@lumen.example" not in client.get(url).content.decode()
    client.force_login(cluster_admin)
    assert "ada@lumen.example" not in client.get(url).content.decode()
    client.post(f"{url}action/", {"action": "share"})
    page = client.get(url).content.decode()
    assert "ada@lumen.example" in page and "admin@lumen.example" in page
    client.post(f"{url}action/", {"action": "unshare"})
    assert "ada@lumen.example" not in client.get(url).content.decode()


def test_only_the_recipient_accepts_or_declines(client, users, registry, cluster_admin, mailoutbox):
    client.force_login(users["orgadmin"])
    _express(client, registry)
    conversation = Conversation.objects.get()
    action = f"/conversations/{conversation.pk}/action/"
    assert client.post(action, {"action": "accept"}).status_code == 403
    client.force_login(cluster_admin)
    client.post(action, {"action": "accept"})
    conversation.refresh_from_db()
    assert conversation.status == "accepted"
    assert "accepted to work with Lumen Optics" in mailoutbox[-1].body


def test_an_empty_or_too_long_reply_is_refused_on_the_field(client, users, registry, cluster_admin):
    client.force_login(users["orgadmin"])
    _express(client, registry)
    conversation = Conversation.objects.get()
    response = client.post(f"/conversations/{conversation.pk}/", {"message": "x" * 2001})
    assert (
        response.status_code == 422 and "longer than 2,000 characters" in response.content.decode()
    )
    assert Message.objects.count() == 1


def test_existing_interests_become_conversations(users, registry):
    interest = Interest.objects.create(
        from_organisation=registry["ORG2"],
        to_organisation=registry["ORG1"],
        created_by=users["orgadmin"],
        message="From before conversations",
    )
    migration = importlib.import_module("clustera.partnering.migrations.0002_conversations")
    from django.apps import apps

    migration.interests_to_conversations(apps, None)
    conversation = Conversation.objects.get(interest=interest)
    assert conversation.needs_forwarding  # Photon Valley has no user here
    assert [m.text for m in conversation.messages.all()] == ["From before conversations"]
    assert conversation.created == interest.created


def test_the_conversation_list_costs_few_queries(
    client, users, registry, cluster_admin, django_assert_max_num_queries
):
    interest = services.express_interest(users["orgadmin"], registry["ORG2"], registry["ORG1"])
    for index in range(5):
        services.reply(cluster_admin, interest.conversation.pk, f"reply {index}")
    client.force_login(users["orgadmin"])
    with django_assert_max_num_queries(12):
        page = client.get("/conversations/").content.decode()
    assert "Lumen Optics → Photon Valley Cluster" in page
    with django_assert_max_num_queries(16):
        thread = client.get(f"/conversations/{interest.conversation.pk}/").content.decode()
    assert "reply 4" in thread
