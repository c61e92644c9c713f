"""Creating an organisation: private with its creator as admin, validated by editors against
a checklist (clusters: website, description, management team, members), then public."""

from __future__ import annotations

import pytest

from clustera.accounts import selectors as account_selectors
from clustera.accounts import services as account_services
from clustera.accounts.models import OrganisationRequest
from clustera.errors import InvalidInputError
from clustera.partnering.models import Notification
from clustera.registry import services
from clustera.registry.models import Organisation

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Tidewater Robotics Cluster",
    "type": "cluster",
    "country": "xa",
    "website": "https://tidewater.example",
    "city": "Port City",
    "description": "Robotics",
}


def test_a_new_organisation_is_private_until_an_editor_validates_it(
    client, users, registry, mailoutbox
):
    users["editor"].email = "editor@platform.example"
    users["editor"].save()
    users["plain"].email = "founder@tidewater.example"
    users["plain"].save()
    client.force_login(users["plain"])
    response = client.post("/organisations/new/", NEW, follow=True)
    organisation = Organisation.objects.get(name=NEW["name"])
    assert not organisation.is_public and organisation.country == "XA"
    assert account_selectors.role_in(users["plain"], organisation.pk) == "admin"
    page = response.content.decode()
    assert "Waiting for validation" in page and "At least 10 member organisations" in page
    assert "Description of at least 100 characters" in page and "(8 characters)" in page
    assert Notification.objects.filter(user=users["editor"], text__contains="publish").exists()
    assert "editor@platform.example" in [m.to[0] for m in mailoutbox]
    # its admin cannot publish it alone
    with pytest.raises(InvalidInputError) as raised:
        services.update_organisation(organisation, {"is_public": True}, users["plain"])
    assert raised.value.field == "is_public"
    # the admin does not decide it; the editor sees it and approves
    assert account_selectors.requests_to_decide(users["plain"]) == []
    request = OrganisationRequest.objects.get(kind="create")
    client.force_login(users["editor"])
    assert "see its checklist" in client.get("/accounts/me/").content.decode()
    client.post(f"/accounts/requests/{request.pk}/decide/", {"decision": "approve"})
    organisation.refresh_from_db()
    assert organisation.is_public
    assert mailoutbox[-1].to == ["founder@tidewater.example"]
    assert "now public" in mailoutbox[-1].body


def test_an_existing_name_is_sent_to_claim_and_fields_are_named(client, users, registry):
    with pytest.raises(InvalidInputError) as raised:
        services.propose_organisation(users["plain"], {**NEW, "name": "photon valley cluster"})
    assert raised.value.field == "name" and "claim it instead" in raised.value.message
    client.force_login(users["plain"])
    response = client.post("/organisations/new/", {**NEW, "country": "X1"})
    assert response.status_code == 422 and "two-letter country code" in response.content.decode()
    assert not Organisation.objects.filter(name=NEW["name"]).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("plain", False), ("orgadmin", False), ("member", False), ("editor", True), ("root", True)],
)
def test_only_editors_publish_a_new_organisation(users, registry, django_user_model, role, allowed):
    creator = django_user_model.objects.create_user("creator", password="pw-creator-1")
    organisation = services.propose_organisation(creator, NEW)
    request = OrganisationRequest.objects.get(organisation=organisation)
    if allowed:
        account_services.decide_request(users[role], request.pk, approve=True)
    else:
        with pytest.raises(InvalidInputError):
            account_services.decide_request(users[role], request.pk, approve=True)
    organisation.refresh_from_db()
    assert organisation.is_public is allowed


def test_anonymous_visitors_are_sent_to_log_in(client, registry):
    response = client.post("/organisations/new/", NEW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Organisation.objects.filter(name=NEW["name"]).exists()
