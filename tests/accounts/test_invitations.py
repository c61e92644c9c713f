"""Invitations by e-mail: invite, resend, revoke, expire; sign up or log in and join directly."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from clustera.accounts import services
from clustera.accounts.models import (
    Invitation,
    OrganisationMembership,
    OrganisationRequest,
)
from clustera.errors import InvalidInputError

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/accounts/invite/[^/\s]+/)")


def _link(mail) -> str:
    found = LINK.search(mail.body)
    assert found, mail.body
    return found.group(1)


def _invite(client, users, registry, email="new@lumen.example", role="member"):
    client.force_login(users["orgadmin"])
    response = client.post(
        f"/accounts/organisations/{registry['ORG2'].pk}/invite/",
        {"email": email, "role": role, "message": "Welcome aboard"},
    )
    client.logout()
    return response


def test_an_admin_invites_and_the_invitee_signs_up_and_joins_with_the_role(
    client, users, registry, mailoutbox, django_user_model
):
    response = _invite(client, users, registry, role="admin")
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new@lumen.example"]
    assert registry["ORG2"].name in mailoutbox[0].subject
    link = _link(mailoutbox[0])
    page = client.get(link).content.decode()
    # the invitee sees what they join, the address is fixed (read-only, not a form field)
    assert registry["ORG2"].name in page and "Organisation admin" in page
    assert 'value="new@lumen.example" readonly' in page and "Welcome aboard" in page
    response = client.post(
        link,
        {
            "username": "newbie",
            "password1": "photonic-lasers-42",
            "password2": "photonic-lasers-42",
        },
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(username="newbie")
    assert user.is_active and user.email == "new@lumen.example"
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.organisation == registry["ORG2"] and membership.role == "admin"
    assert not OrganisationRequest.objects.filter(user=user).exists()  # no separate request
    assert len(mailoutbox) == 1  # no verification e-mail: the link proved the address
    assert client.get("/accounts/me/").wsgi_request.user == user  # logged in
    # the link works once
    assert client.get(link).status_code == 410


def test_an_existing_account_logs_in_then_accepts_and_its_join_request_closes(
    client, users, registry, mailoutbox, django_user_model
):
    ana = django_user_model.objects.create_user("ana", email="Ana@Lumen.example", password="x")
    pending = OrganisationRequest.objects.create(
        user=ana, organisation=registry["ORG2"], kind="join"
    )
    _invite(client, users, registry, email="ana@lumen.example")
    link = _link(mailoutbox[0])
    page = client.get(link).content.decode()
    assert "Log in to accept" in page and 'name="password1"' not in page
    # posting a sign-up for an address with an account is refused
    assert (
        client.post(link, {"username": "x", "password1": "a", "password2": "a"}).status_code == 422
    )
    client.force_login(ana)
    assert "Accept the invitation" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert OrganisationMembership.objects.get(user=ana).role == "member"
    pending.refresh_from_db()
    assert pending.status == "withdrawn"


def test_another_account_cannot_accept_an_invitation_for_someone_else(
    client, users, registry, mailoutbox
):
    _invite(client, users, registry)
    link = _link(mailoutbox[0])
    client.force_login(users["plain"])
    assert "you are logged in with another address" in client.get(link).content.decode()
    assert client.post(link).status_code == 422
    assert not OrganisationMembership.objects.filter(user=users["plain"]).exists()
    assert Invitation.objects.get().status == "pending"


def test_revoked_expired_and_unknown_links_say_why(client, users, registry, mailoutbox):
    _invite(client, users, registry)
    invitation = Invitation.objects.get()
    link = _link(mailoutbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(link)
    assert response.status_code == 410 and "expired" in response.content.decode()
    with pytest.raises(InvalidInputError, match="expired"):
        services.sign_up_invited(link.split("/")[-2], "late", "photonic-lasers-42")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() + dt.timedelta(days=1)
    )
    services.revoke_invitation(users["orgadmin"], invitation.pk)
    assert "withdrawn" in client.get(link).content.decode()
    assert client.get("/accounts/invite/not-a-token/").status_code == 404


def test_resend_issues_a_new_link_and_the_old_one_stops_working(
    client, users, registry, mailoutbox
):
    _invite(client, users, registry)
    old = _link(mailoutbox[0])
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires=timezone.now() + dt.timedelta(hours=1)
    )
    client.force_login(users["orgadmin"])
    client.post(f"/accounts/invitations/{invitation.pk}/", {"action": "resend"})
    new = _link(mailoutbox[1])
    invitation.refresh_from_db()
    assert new != old and invitation.sent_count == 2
    assert invitation.expires > timezone.now() + dt.timedelta(days=13)
    client.logout()
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_bad_invitations_are_refused_naming_the_field(users, registry, mailoutbox):
    admin, org = users["orgadmin"], registry["ORG2"]
    cases = [
        ({"email": "not an address"}, "email"),
        ({"email": "a@b.example", "role": "owner"}, "role"),
        ({"email": "a@b.example", "next_url": "https://evil.example/"}, "next_url"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInputError) as caught:
            services.invite(admin, organisation=org, **kwargs)
        assert caught.value.field == field
    services.invite(admin, "a@b.example", organisation=org)
    with pytest.raises(InvalidInputError, match="already invited"):
        services.invite(admin, "A@b.example", organisation=org)
    users["member"].email = "member@x.example"
    users["member"].save()
    OrganisationMembership.objects.create(user=users["member"], organisation=org, role="member")
    with pytest.raises(InvalidInputError, match="already acts for"):
        services.invite(admin, "member@x.example", organisation=org)
    assert len(mailoutbox) == 1


def test_other_apps_invite_to_the_platform_and_choose_where_the_invitee_lands(
    client, users, mailoutbox, django_user_model
):
    services.invite(
        users["editor"], "guest@x.example", purpose="the 2026 cluster survey", next_url="/surveys/"
    )
    assert "the 2026 cluster survey" in mailoutbox[0].body
    link = _link(mailoutbox[0])
    response = client.post(
        link,
        {"username": "guest", "password1": "photonic-lasers-42", "password2": "photonic-lasers-42"},
    )
    assert response.status_code == 302 and response["Location"] == "/surveys/"
    assert not OrganisationMembership.objects.filter(user__username="guest").exists()


def test_the_account_page_lists_pending_invitations_for_admins_only(client, users, registry):
    services.invite(users["orgadmin"], "wait@x.example", organisation=registry["ORG2"])
    client.force_login(users["orgadmin"])
    page = client.get("/accounts/me/").content.decode()
    assert "wait@x.example" in page and "Send invitation" in page
    client.force_login(users["member"])
    page = client.get("/accounts/me/").content.decode()
    assert "wait@x.example" not in page and "Send invitation" not in page


ROLES = ["anonymous", "plain", "member", "orgadmin", "otheradmin", "editor", "analyst", "root"]
MAY_INVITE = {"orgadmin", "editor", "root"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_invite_resend_and_revoke(client, roles, registry, role, mailoutbox):
    org = registry["ORG2"]
    user = roles[role]
    if user is not None:
        client.force_login(user)
    client.post(
        f"/accounts/organisations/{org.pk}/invite/", {"email": "x@y.example", "role": "admin"}
    )
    assert Invitation.objects.filter(email="x@y.example").exists() == (role in MAY_INVITE)
    invitation = services.invite(roles["orgadmin"], "z@y.example", organisation=org)
    client.post(f"/accounts/invitations/{invitation.pk}/", {"action": "resend"})
    invitation.refresh_from_db()
    assert (invitation.sent_count == 2) == (role in MAY_INVITE)
    response = client.post(f"/accounts/invitations/{invitation.pk}/", {"action": "revoke"})
    invitation.refresh_from_db()
    assert (invitation.status == "revoked") == (role in MAY_INVITE)
    if role != "anonymous" and role not in MAY_INVITE:
        assert response.status_code == 404
